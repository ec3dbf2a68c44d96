// Bundles the command-line trigger into one CommonJS file (dist/cli/bitget-panic-cli.cjs) behind a small launcher
// (dist/cli/bitget-panic.js, the package's `bin`, from electron/cli-launcher.ts). The launcher runs the bundle from
// V8 code cached after an earlier run (electron/cli-code-cache.ts): a cold start then skips compiling the code a
// close runs. keytar stays outside the bundle: it is a native module, loaded only when the keychain is used.
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** dist/cli, or the folder given as the first argument (tests build a copy beside it). */
const outDir = process.argv[2] ? resolve(process.argv[2]) : join(root, 'dist', 'cli');
const bundlePath = join(outDir, 'bitget-panic-cli.cjs');
const launcherPath = join(outDir, 'bitget-panic.js');

await mkdir(outDir, { recursive: true });
// The ES module bundle of earlier builds: a stale copy beside the new one would only mislead.
await rm(join(outDir, 'bitget-panic-cli.js'), { force: true });

const cli = await rolldown({ input: join(root, 'electron', 'cli.ts'), platform: 'node', external: ['keytar', /^node:/], logLevel: 'warn' });
const [bundle] = (await cli.generate({ format: 'cjs', sourcemap: false })).output;
await cli.close();
await writeFile(bundlePath, bundle.code);

const launcher = await rolldown({
  input: join(root, 'electron', 'cli-launcher.ts'),
  platform: 'node',
  external: [/^node:/],
  logLevel: 'warn',
});
const { output } = await launcher.generate({ format: 'esm', sourcemap: false });
await launcher.close();
await writeFile(launcherPath, `#!/usr/bin/env node\n${output[0].code}`);
await chmod(launcherPath, 0o755);
