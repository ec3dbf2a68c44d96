// The audit log rotates by size and the history pages through every file kept, newest first, each line exactly once:
// across rotations that happen while paging, with several processes appending at once, and around damaged lines.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import lockfile from 'proper-lockfile';
import { describe, expect, it } from 'vitest';
import type { HistoryCursor } from '../../shared/schema.ts';
import { createAuditLog, type AuditLog, type AuditPage } from './audit-log.ts';

const freshDir = () => mkdtempSync(join(tmpdir(), 'panic-audit-pages-'));
const names = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.jsonl')).sort();

/** Every page from the newest, `limit` entries each. */
async function allPages(log: AuditLog, limit: number): Promise<AuditPage[]> {
  const pages: AuditPage[] = [];
  let before: HistoryCursor | undefined;
  do {
    const page = await log.read(limit, before);
    pages.push(page);
    before = page.older;
  } while (before && pages.length < 10_000);
  return pages;
}
const runIds = (pages: AuditPage[]) => pages.flatMap((page) => page.entries.map((entry) => entry.runId));
const countDown = (from: number, to = 0) => Array.from({ length: from - to + 1 }, (_, index) => `run-${from - index}`);

describe('audit log rotation and paging', () => {
  it('rotates once the live file reaches the size limit, and pages reach every entry of the older files once', async () => {
    const dir = freshDir();
    const maxBytes = 2_000;
    const log = createAuditLog(join(dir, 'audit.jsonl'), () => [], { maxBytes, keep: 100 });
    for (let n = 0; n < 120; n += 1) await log.append({ type: 'attempt', runId: `run-${n}`, message: 'x'.repeat(100) });
    await log.flush();

    const files = names(dir);
    expect(files.length).toBeGreaterThan(3);
    expect(files).toContain('audit.1.jsonl');
    const rotated = files.filter((name) => name !== 'audit.jsonl');
    // Rotated at the limit: an append or two may land before the rotation (it runs beside the next append, so a close
    // never waits for it), never much more.
    for (const name of rotated) {
      const size = statSync(join(dir, name)).size;
      expect(size, name).toBeGreaterThanOrEqual(maxBytes);
      expect(size, name).toBeLessThan(2 * maxBytes);
    }
    // The live file is gone right after a rotation until the next append creates it.
    if (files.includes('audit.jsonl')) expect(statSync(join(dir, 'audit.jsonl')).size).toBeLessThan(maxBytes);

    const pages = await allPages(log, 7);
    expect(runIds(pages)).toEqual(countDown(119));
    expect(pages.every((page) => page.entries.length === 7 || page === pages.at(-1))).toBe(true);
    expect(pages.reduce((sum, page) => sum + page.skipped, 0)).toBe(0);
    expect(pages.at(-1)!.older).toBeUndefined();
  });

  it('keeps only the newest rotated files; paging ends at the oldest kept entry', async () => {
    const dir = freshDir();
    const log = createAuditLog(join(dir, 'audit.jsonl'), () => [], { maxBytes: 1_000, keep: 2 });
    for (let n = 0; n < 60; n += 1) await log.append({ type: 'attempt', runId: `run-${n}`, message: 'x'.repeat(100) });
    await log.flush();
    const files = names(dir);
    expect(files).toHaveLength(3);
    const kept = files.flatMap((name) => readFileSync(join(dir, name), 'utf8').trim().split('\n')).map((line) => JSON.parse(line).runId as string);
    const oldestKept = Math.min(...kept.map((id) => Number(id.slice(4))));
    expect(oldestKept).toBeGreaterThan(0);
    expect(runIds(await allPages(log, 5))).toEqual(countDown(59, oldestKept));
  });

  it('goes on where it was when the live file rotates between two pages, showing nothing twice', async () => {
    const dir = freshDir();
    const log = createAuditLog(join(dir, 'audit.jsonl'), () => [], { maxBytes: 3_000, keep: 100 });
    for (let n = 0; n < 40; n += 1) await log.append({ type: 'attempt', runId: `run-${n}`, message: 'x'.repeat(100) });
    await log.flush();
    const first = await log.read(4);
    const rotatedBefore = names(dir).length;
    for (let n = 40; n < 80; n += 1) await log.append({ type: 'attempt', runId: `run-${n}`, message: 'x'.repeat(100) });
    await log.flush();
    expect(names(dir).length).toBeGreaterThan(rotatedBefore);

    const seen = [...runIds([first])];
    let before = first.older;
    while (before) {
      const page = await log.read(4, before);
      seen.push(...runIds([page]));
      before = page.older;
    }
    // Entries written after the first page are newer than it: the next Refresh shows them, paging does not.
    expect(seen).toEqual(countDown(39));
  });

  it('counts damaged lines once across pages, a torn last line of a rotated file and an endless line included', async () => {
    const dir = freshDir();
    const file = join(dir, 'audit.jsonl');
    const log = createAuditLog(file, () => [], { maxBytes: 1_500, keep: 100 });
    await log.append({ type: 'attempt', runId: 'run-0' });
    appendFileSync(file, 'not json\n{"foo":1}\n');
    // 3 MiB without a newline: no entry this app writes is that long; it is counted, never held whole.
    appendFileSync(file, `{"time":"2026-01-01T00:00:00.000Z","type":"attempt","message":"${'y'.repeat(3 * 1024 * 1024)}"}\n`);
    await log.append({ type: 'attempt', runId: 'run-1' });
    await log.flush();
    expect(names(dir)).toContain('audit.1.jsonl');
    for (let n = 2; n < 12; n += 1) await log.append({ type: 'attempt', runId: `run-${n}`, message: 'x'.repeat(100) });
    // A crash in the middle of a line, just before another process rotated the file.
    await log.flush();
    const newestRotated = names(dir).filter((name) => name !== 'audit.jsonl').sort((a, b) => Number(b.split('.')[1]) - Number(a.split('.')[1]))[0]!;
    appendFileSync(join(dir, newestRotated), '{"time":"2026-01-02T03:04:05.000Z","type":"att');
    await log.append({ type: 'attempt', runId: 'run-12' });
    await log.flush();

    const pages = await allPages(log, 2);
    expect(runIds(pages)).toEqual(countDown(12));
    expect(pages.reduce((sum, page) => sum + page.skipped, 0)).toBe(4);
  });

  it('ends a page after a bounded stretch of damaged lines, and the next pages go on counting them', async () => {
    const dir = freshDir();
    const file = join(dir, 'audit.jsonl');
    const log = createAuditLog(file, () => [], { maxBytes: 1024 * 1024 * 1024, keep: 1 });
    await log.append({ type: 'attempt', runId: 'run-0' });
    const damaged = 200_000;
    appendFileSync(file, 'a damaged line of about fifty bytes, not an entry\n'.repeat(damaged));
    await log.append({ type: 'attempt', runId: 'run-1' });
    const first = await log.read(10);
    expect(runIds([first])).toEqual(['run-1']);
    expect(first.skipped).toBeLessThan(damaged);
    expect(first.older).toBeDefined();
    const pages = [first, ...(await (async () => {
      const rest: AuditPage[] = [];
      let before = first.older;
      while (before) {
        const page = await log.read(10, before);
        rest.push(page);
        before = page.older;
      }
      return rest;
    })())];
    expect(runIds(pages)).toEqual(['run-1', 'run-0']);
    expect(pages.reduce((sum, page) => sum + page.skipped, 0)).toBe(damaged);
  });

  it('several processes appending at once across many rotations lose no entry and write none twice', async () => {
    const dir = freshDir();
    const file = join(dir, 'audit.jsonl');
    const rotation = { maxBytes: 4_096, keep: 10_000 };
    const auditLogModule = fileURLToPath(new URL('./audit-log.ts', import.meta.url));
    const writers = 3;
    const perWriter = 150;
    const script = `import { createAuditLog } from ${JSON.stringify(auditLogModule)};
      const log = createAuditLog(${JSON.stringify(file)}, () => [], ${JSON.stringify(rotation)});
      for (let n = 0; n < ${perWriter}; n += 1) await log.append({ type: 'attempt', runId: process.argv[1] + '-' + n, message: 'x'.repeat(60) });
      await log.flush();`;
    const exits = await Promise.all(
      Array.from({ length: writers }, (_, writer) =>
        new Promise<number | null>((resolve, reject) => {
          const child = spawn(process.execPath, ['--input-type=module', '-e', script, `writer${writer}`], { stdio: ['ignore', 'ignore', 'inherit'] });
          child.on('error', reject);
          child.on('exit', resolve);
        }),
      ),
    );
    expect(exits).toEqual(Array.from({ length: writers }, () => 0));
    expect(names(dir).length).toBeGreaterThan(10);

    const pages = await allPages(createAuditLog(file, () => [], rotation), 25);
    const ids = runIds(pages);
    expect(pages.reduce((sum, page) => sum + page.skipped, 0)).toBe(0);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(writers * perWriter);
    // Each writer's own entries come out newest first.
    for (let writer = 0; writer < writers; writer += 1) {
      const own = ids.filter((id) => id!.startsWith(`writer${writer}-`)).map((id) => Number(id!.split('-')[1]));
      expect(own).toEqual(Array.from({ length: perWriter }, (_, index) => perWriter - 1 - index));
    }
  });

  it('rotates only under the rotation lock: while another process holds it, the live file grows, then rotates', async () => {
    const dir = freshDir();
    const file = join(dir, 'audit.jsonl');
    const log = createAuditLog(file, () => [], { maxBytes: 500, keep: 10 });
    const release = await lockfile.lock(file, { realpath: false });
    for (let n = 0; n < 10; n += 1) await log.append({ type: 'attempt', runId: `run-${n}`, message: 'x'.repeat(100) });
    await log.flush();
    expect(names(dir)).toEqual(['audit.jsonl']);
    await release();
    await log.append({ type: 'attempt', runId: 'run-10' });
    await log.flush();
    expect(names(dir)).toEqual(['audit.1.jsonl']);
    expect(runIds(await allPages(log, 3))).toEqual(countDown(10));
  });

  it('reads an empty live file next to rotated ones, and a cursor into a deleted file ends the paging', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'audit.3.jsonl'), `${JSON.stringify({ time: '2026-01-01T00:00:00.000Z', type: 'attempt', runId: 'run-0' })}\n`);
    const log = createAuditLog(join(dir, 'audit.jsonl'));
    expect(runIds([await log.read(10)])).toEqual(['run-0']);
    expect(await log.read(10, { file: 2, offset: 100 })).toEqual({ entries: [], skipped: 0 });
  });

  it('refuses, never hangs, when a folder or a pipe stands where the live file should be', async () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'audit.jsonl'));
    await expect(createAuditLog(join(dir, 'audit.jsonl')).read(10)).rejects.toThrow(/audit\.jsonl is not a regular file/);
    const other = freshDir();
    const made = spawnSync('mkfifo', [join(other, 'audit.jsonl')]);
    if (made.status !== 0) return; // no mkfifo here: the folder case above stands for it
    await expect(createAuditLog(join(other, 'audit.jsonl')).read(10)).rejects.toThrow(/audit\.jsonl is not a regular file/);
  });
});
