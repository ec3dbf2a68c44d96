// The practice exchange counts its rate limits as the real one does: when a request arrives, not when the account
// file it waits for comes free (another process, or a socket's refresh, may hold it a while).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPracticeExchange, type PracticeExchange } from './practice.ts';
import type { Credentials } from './types.ts';
import { hmacBase64 } from './test-client.ts';

const POSITIONS = '/api/v2/mix/position/all-position?productType=USDT-FUTURES';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'practice-arrivals-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

async function readPositions(practice: PracticeExchange, { apiKey, secretKey, passphrase }: Credentials): Promise<string | undefined> {
  const timestamp = String(Date.now());
  const headers = {
    'ACCESS-KEY': apiKey,
    'ACCESS-SIGN': hmacBase64(secretKey, `${timestamp}GET${POSITIONS}`),
    'ACCESS-TIMESTAMP': timestamp,
    'ACCESS-PASSPHRASE': passphrase,
    locale: 'en-US',
  };
  const answer = await practice.send({ method: 'GET', pathWithQuery: POSITIONS, headers, timeoutMs: 5_000 });
  return (JSON.parse(answer.text) as { code?: string }).code;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('practice rate limits count arrivals', () => {
  it('five reads held up by a busy account file, then a sixth over a second after them: all answered', async () => {
    const practice = openPracticeExchange(dataDir);
    await practice.reset();
    const keys = await practice.credentials();
    const release = await lockfile.lock(join(dataDir, 'practice', 'account.json'), { realpath: false });
    const firstFive = Array.from({ length: 5 }, () => readPositions(practice, keys));
    await sleep(800);
    await release();
    // The sixth leaves 1.1 s after the first five (the app's own pacing window): within the limit of 5 a second.
    await sleep(300);
    const sixth = await readPositions(practice, keys);
    expect(await Promise.all(firstFive)).toEqual(['00000', '00000', '00000', '00000', '00000']);
    expect(sixth).toBe('00000');
    await practice.settled();
  });

  it('six reads arriving within a second: the sixth is refused with 429 as the exchange would', async () => {
    const practice = openPracticeExchange(dataDir);
    await practice.reset();
    const keys = await practice.credentials();
    const codes = await Promise.all(Array.from({ length: 6 }, () => readPositions(practice, keys)));
    expect(codes.filter((code) => code === '00000')).toHaveLength(5);
    expect(codes.filter((code) => code === '429')).toHaveLength(1);
    await practice.settled();
  });
});
