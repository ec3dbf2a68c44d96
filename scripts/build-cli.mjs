// Bundles the command-line trigger into one file (dist/cli/bitget-panic-cli.js) behind a small launcher
// (dist/cli/bitget-panic.js, the package's `bin`) that turns on Node's module compile cache before loading it:
// a cold start then reads and compiles one cached module instead of resolving hundreds.
// keytar stays outside the bundle: it is a native module, loaded only when the keychain is used.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** dist/cli, or the folder given as the first argument (tests build a copy beside it). */
const outDir = process.argv[2] ? resolve(process.argv[2]) : join(root, 'dist', 'cli');

const bundle = await rolldown({
  input: join(root, 'electron', 'cli.ts'),
  platform: 'node',
  external: ['keytar', /^node:/],
  logLevel: 'warn',
});
await bundle.write({ file: join(outDir, 'bitget-panic-cli.js'), format: 'esm', sourcemap: false });
await bundle.close();

const launcher = `#!/usr/bin/env node
// The bitget-panic command: compile cache first, then the bundled CLI (built by scripts/build-cli.mjs).
import module from 'node:module';

module.enableCompileCache?.();
const { main } = await import('./bitget-panic-cli.js');
main();
`;
await mkdir(outDir, { recursive: true });
const launcherPath = join(outDir, 'bitget-panic.js');
await writeFile(launcherPath, launcher);
await chmod(launcherPath, 0o755);
