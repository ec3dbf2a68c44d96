import { appendFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuditLog } from './audit-log.ts';

describe('audit log', () => {
  it('appends one JSON line per entry, owner-only, in order, and reads newest first', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'panic-audit-')), 'audit.jsonl');
    const log = createAuditLog(file);
    await Promise.all([1, 2, 3].map((n) => log.append({ type: 'attempt', code: String(n) })));
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => line.code)).toEqual(['1', '2', '3']);
    expect(lines[0].time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await log.read(2)).map((entry) => entry.code)).toEqual(['3', '2']);
  });

  it('redacts any known secret that slipped into an entry', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'panic-audit-')), 'audit.jsonl');
    const log = createAuditLog(file, () => ['s3cr3t-value-xyz']);
    await log.append({ type: 'attempt', message: 'echo s3cr3t-value-xyz back' });
    expect(readFileSync(file, 'utf8')).not.toContain('s3cr3t-value-xyz');
    expect(readFileSync(file, 'utf8')).toContain('[redacted]');
  });

  it('reports an unreadable line instead of dropping it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'panic-audit-')), 'audit.jsonl');
    const log = createAuditLog(file);
    await log.append({ type: 'outcome', status: 'flat' });
    appendFileSync(file, '{"broken\n');
    const entries = await log.read(10);
    expect(entries[0]!.message).toMatch(/unreadable audit line/);
    expect(entries[1]!.status).toBe('flat');
  });

  it('is empty before the first entry', async () => {
    const log = createAuditLog(join(mkdtempSync(join(tmpdir(), 'panic-audit-')), 'audit.jsonl'));
    expect(await log.read(10)).toEqual([]);
  });
});
