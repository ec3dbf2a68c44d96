// The `bitget-panic` command (dist/cli/bitget-panic.js, built by scripts/build-cli.mjs): runs the bundled CLI
// (bitget-panic-cli.cjs beside it) from the code an earlier run of the same bundle cached, and caches it after a first
// good run.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeCacheDir, codeCacheName, runBundle } from './cli-code-cache.ts';

const bundlePath = fileURLToPath(new URL('./bitget-panic-cli.cjs', import.meta.url));
const dir = codeCacheDir(process.env, process.platform, homedir());
const run = runBundle({ bundlePath, cacheFileFor: (sourceKey) => (dir ? join(dir, codeCacheName(process.argv.slice(2), sourceKey)) : undefined) });
process.once('exit', (code) => run.save(code));
(run.exports.main as () => void)();
