// What naming the CLI's code cache after the bundle's bytes costs at every start (electron/cli-code-cache.ts,
// sourceKey): CRC-32 + length, beside SHA-256 for comparison, on the built bundle. Run after `npm run build`:
//   node bench/cli-source-key.mjs [dist/cli/bitget-panic-cli.cjs]
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';

const bytes = readFileSync(process.argv[2] ?? new URL('../dist/cli/bitget-panic-cli.cjs', import.meta.url));
const ROUNDS = 200;

function measure(name, work) {
  const first = performance.now();
  work();
  const firstMs = performance.now() - first;
  const times = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.floor(q * (times.length - 1))].toFixed(3);
  console.log(`${name.padEnd(14)} first ${firstMs.toFixed(3)} ms, median ${at(0.5)} ms, p90 ${at(0.9)} ms`);
}

console.log(`bundle: ${(bytes.length / 1e6).toFixed(2)} MB, ${ROUNDS} rounds each`);
measure('crc32+length', () => `${crc32(bytes).toString(16)}${bytes.length.toString(16)}`);
measure('sha256', () => createHash('sha256').update(bytes).digest('hex'));
measure('utf8 decode', () => bytes.toString('utf8'));
