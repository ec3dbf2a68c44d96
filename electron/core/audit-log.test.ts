import { appendFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuditLog } from './audit-log.ts';

const freshFile = () => join(mkdtempSync(join(tmpdir(), 'panic-audit-')), 'audit.jsonl');

describe('audit log', () => {
  it('appends one JSON line per entry, owner-only, in order, and reads newest first', async () => {
    const file = freshFile();
    const log = createAuditLog(file);
    await Promise.all([1, 2, 3].map((n) => log.append({ type: 'attempt', code: String(n) })));
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => line.code)).toEqual(['1', '2', '3']);
    expect(lines[0].time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The older page starts where the first line ends: the live file is number 1 while nothing was rotated.
    const firstLineBytes = Buffer.byteLength(readFileSync(file, 'utf8').split('\n')[0]!) + 1;
    expect(await log.read(2)).toEqual({ entries: [expect.objectContaining({ code: '3' }), expect.objectContaining({ code: '2' })], skipped: 0, older: { file: 1, offset: firstLineBytes } });
  });

  it('redacts any known secret that slipped into an entry', async () => {
    const file = freshFile();
    const log = createAuditLog(file, () => ['s3cr3t-value-xyz']);
    await log.append({ type: 'attempt', message: 'echo s3cr3t-value-xyz back' });
    expect(readFileSync(file, 'utf8')).not.toContain('s3cr3t-value-xyz');
    expect(readFileSync(file, 'utf8')).toContain('[redacted]');
  });

  it('redacts a passphrase with a quote and a backslash, which JSON would have escaped past a line scrub', async () => {
    const file = freshFile();
    const passphrase = 'pa"ss\\phrase';
    const log = createAuditLog(file, () => [passphrase]);
    await log.append({ type: 'attempt', message: `echoed ACCESS-PASSPHRASE: ${passphrase}` });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(JSON.stringify(passphrase).slice(1, -1));
    expect(JSON.parse(text).message).toBe('echoed ACCESS-PASSPHRASE: [redacted]');
  });

  it('starts the next entry on a fresh line after a torn one, so both entries around it are read', async () => {
    const file = freshFile();
    const log = createAuditLog(file);
    await log.append({ type: 'attempt', phase: 'sending', request: { method: 'POST', path: '/api/v2/mix/order/close-positions' } });
    // The process died in the middle of writing the next line.
    appendFileSync(file, '{"time":"2026-01-02T03:04:05.000Z","type":"attempt","phase":"answ');
    await log.append({ type: 'outcome', status: 'flat' });
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(4);
    const { entries, skipped } = await log.read(10);
    expect(entries.map((entry) => [entry.type, entry.phase ?? entry.status])).toEqual([
      ['outcome', 'flat'],
      ['attempt', 'sending'],
    ]);
    expect(skipped).toBe(1);
  });

  it.each([
    ['an object of another shape', '{"foo":1}'],
    ['an array', '[1,2,3]'],
    ['a string', '"outcome"'],
    ['an unknown type', '{"time":"2026-01-02T03:04:05.000Z","type":"party"}'],
    ['a time that is not a time', '{"time":"yesterday","type":"outcome"}'],
    ['an outcome without its fields', '{"time":"2026-01-02T03:04:05.000Z","type":"outcome","outcome":{}}'],
    ['a status nobody knows', '{"time":"2026-01-02T03:04:05.000Z","type":"outcome","status":"maybe"}'],
    ['not JSON at all', 'garbage ]]'],
  ])('skips and counts a line that is %s, and still reads the entries around it', async (_label, line) => {
    const file = freshFile();
    const log = createAuditLog(file);
    await log.append({ type: 'outcome', status: 'flat' });
    appendFileSync(file, `${line}\n`);
    await log.append({ type: 'outcome', status: 'partial' });
    expect(await log.read(10)).toEqual({
      entries: [expect.objectContaining({ status: 'partial' }), expect.objectContaining({ status: 'flat' })],
      skipped: 1,
    });
  });

  it('is empty before the first entry', async () => {
    expect(await createAuditLog(freshFile()).read(10)).toEqual({ entries: [], skipped: 0 });
  });

  it('reads cost entries and run ids, and still reads older entries without them', async () => {
    const file = freshFile();
    const older = { time: '2026-01-01T00:00:00.000Z', type: 'outcome', profile: 'main', status: 'flat', outcome: { status: 'flat', profile: { name: 'main', demo: false }, accountKind: 'classic', target: { productType: 'USDT-FUTURES' }, trigger: 'cli', closed: [], failed: [], stillOpen: 0, verified: true, closeAttempts: 1, totalMs: 5, startedAt: 'a', finishedAt: 'b' } };
    appendFileSync(file, `${JSON.stringify(older)}\n`);
    const log = createAuditLog(file);
    const costs = { runId: 'r1', profile: { name: 'main', demo: false }, orders: [{ orderId: '1', symbol: 'BTCUSDT', holdSide: 'long' as const, side: 'buy', filledSize: '0.5', avgPrice: '62000', realizedPnl: '1000', fee: '-18.6', feeCoin: 'USDT', state: 'filled' }], unread: [{ orderId: '2', error: { kind: 'timeout' as const, message: 'm', hint: 'h' } }], complete: true };
    await log.append({ type: 'costs', runId: 'r1', profile: 'main', demo: false, costs });
    const page = await log.read(10);
    expect(page.skipped).toBe(0);
    expect(page.entries[0]).toMatchObject({ type: 'costs', runId: 'r1', costs });
    expect(page.entries[1]).toMatchObject({ type: 'outcome', outcome: { status: 'flat' } });
    expect(page.entries[1]!.runId).toBeUndefined();
  });

  it('skips a cost entry whose order lacks its fee, never reading it as no fee', async () => {
    const file = freshFile();
    appendFileSync(file, `${JSON.stringify({ time: '2026-01-01T00:00:00.000Z', type: 'costs', runId: 'r', costs: { runId: 'r', profile: { name: 'm', demo: false }, orders: [{ orderId: '1', symbol: 'X', side: 'buy', filledSize: '1', avgPrice: '1', state: 'filled' }], unread: [], complete: true } })}\n`);
    expect(await createAuditLog(file).read(10)).toEqual({ entries: [], skipped: 1 });
  });
});
