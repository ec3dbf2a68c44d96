import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createCloseGate, decideSlot, lineFileName, type SlotLine, type Waiter } from './close-gate.ts';

const freshDir = () => join(mkdtempSync(join(tmpdir(), 'panic-gate-')), 'close-slots');
const alive = () => true;
const waiter = (id: string, since: number, deadline = 100_000, pid = 1): Waiter => ({ id, pid, name: `P${id}`, since, deadline });
const empty: SlotLine = { lastSlot: null, queue: [] };

/** A pid that is certainly not running any more. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('decideSlot (one look at the line)', () => {
  it('gives a free slot at once and records it', () => {
    const { line, step } = decideSlot(empty, waiter('a', 0), 1_000, 1_100, alive);
    expect(step).toEqual({ kind: 'granted' });
    expect(line).toEqual({ lastSlot: { at: 1_000, name: 'Pa' }, queue: [] });
  });

  it('keeps the interval after the last slot, and the head waits exactly until then', () => {
    const line: SlotLine = { lastSlot: { at: 1_000, name: 'Px' }, queue: [] };
    expect(decideSlot(line, waiter('a', 1_500), 1_500, 1_100, alive).step).toEqual({ kind: 'wait', ms: 600 });
    expect(decideSlot(line, waiter('a', 1_500), 2_100, 1_100, alive).step).toEqual({ kind: 'granted' });
  });

  it('serves first come first served: a later arrival waits behind an earlier one even when the slot is free', () => {
    const line: SlotLine = { lastSlot: null, queue: [waiter('early', 10)] };
    const { step, line: next } = decideSlot(line, waiter('late', 20), 50, 1_100, alive);
    expect(step.kind).toBe('wait');
    expect(next.queue.map((entry) => entry.id)).toEqual(['early', 'late']);
  });

  it('keeps the order of waiters who arrived in the same millisecond, whoever looks', () => {
    let line: SlotLine = { lastSlot: { at: 1_000, name: 'Px' }, queue: [] };
    const [a, b] = [waiter('a', 1_010), waiter('b', 1_010)];
    line = decideSlot(line, a, 1_010, 1_100, alive).line;
    line = decideSlot(line, b, 1_010, 1_100, alive).line;
    for (const looking of [a, b, a, b]) {
      line = decideSlot(line, looking, 1_050, 1_100, alive).line;
      expect(line.queue.map((entry) => entry.id)).toEqual(['a', 'b']);
    }
    expect(decideSlot(line, b, 2_100, 1_100, alive).step.kind).toBe('wait');
    expect(decideSlot(line, a, 2_100, 1_100, alive).step).toEqual({ kind: 'granted' });
  });

  it('drops waiters whose process is gone or whose deadline has passed', () => {
    const line: SlotLine = { lastSlot: null, queue: [waiter('dead', 1, 100_000, 111), waiter('expired', 2, 40), waiter('live', 3)] };
    const { line: next } = decideSlot(line, waiter('me', 4), 50, 1_100, (pid) => pid !== 111);
    expect(next.queue.map((entry) => entry.id)).toEqual(['live', 'me']);
  });

  it('refuses at once when the slot cannot come by the deadline, naming what is ahead', () => {
    const line: SlotLine = { lastSlot: { at: 1_000, name: 'the app (hotkey: USDT-FUTURES BTCUSDT)' }, queue: [waiter('b', 900), waiter('c', 950)] };
    const { step, line: next } = decideSlot(line, waiter('me', 1_010, 3_000), 1_010, 1_100, alive);
    expect(step).toEqual({ kind: 'refused', ahead: ['the app (hotkey: USDT-FUTURES BTCUSDT) — sent just before', 'Pb', 'Pc'] });
    expect(next.queue.map((entry) => entry.id)).toEqual(['b', 'c']);
  });

  it('does not count a waiter ahead that will give up before its own slot', () => {
    const line: SlotLine = { lastSlot: { at: 1_000, name: 'Px' }, queue: [waiter('hurry', 900, 1_500)] };
    const { step } = decideSlot(line, waiter('me', 1_010, 2_200), 1_010, 1_100, alive);
    expect(step).toEqual({ kind: 'wait', ms: 100 });
  });

  it('a clock that went back waits one interval from now, not until the recorded future', () => {
    const line: SlotLine = { lastSlot: { at: 9_999_999, name: 'Px' }, queue: [] };
    expect(decideSlot(line, waiter('a', 5_000), 5_000, 1_100, alive).step).toEqual({ kind: 'wait', ms: 1_100 });
  });
});

describe('decideSlot over many waiters (property)', () => {
  it('slots are an interval apart, first come first served, never after a deadline, and everyone gets an answer', () => {
    const interval = 1_100;
    const arrivals = fc.array(fc.record({ at: fc.integer({ min: 0, max: 5_000 }), patience: fc.integer({ min: 0, max: 8_000 }) }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(arrivals, fc.integer({ min: 1, max: 200 }), (specs, pollMs) => {
        const waiters = specs.map((spec, index) => waiter(`w${index}`, spec.at, spec.at + spec.patience));
        let line: SlotLine = empty;
        const events = waiters.map((entry) => ({ at: entry.since, entry }));
        const granted: { id: string; at: number }[] = [];
        const answered = new Set<string>();
        while (events.length > 0) {
          events.sort((a, b) => a.at - b.at || a.entry.since - b.entry.since);
          const { at, entry } = events.shift()!;
          const decided = decideSlot(line, entry, at, interval, alive, pollMs);
          line = decided.line;
          if (decided.step.kind === 'wait') events.push({ at: at + decided.step.ms, entry });
          else {
            answered.add(entry.id);
            if (decided.step.kind === 'granted') granted.push({ id: entry.id, at });
          }
        }
        expect(answered.size).toBe(waiters.length);
        for (let i = 1; i < granted.length; i += 1) expect(granted[i]!.at - granted[i - 1]!.at).toBeGreaterThanOrEqual(interval);
        const byId = new Map(waiters.map((entry) => [entry.id, entry]));
        for (const grant of granted) expect(grant.at).toBeLessThanOrEqual(byId.get(grant.id)!.deadline);
        const arrivalOrder = granted.map((grant) => byId.get(grant.id)!.since);
        expect(arrivalOrder).toEqual([...arrivalOrder].sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });

  it('with time enough for everyone, everyone gets a slot, back to back (arrivals in the same millisecond included)', () => {
    const interval = 1_100;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 2, maxLength: 10 }), (arrivalTimes) => {
        const waiters = arrivalTimes.map((at, index) => waiter(`w${index}`, at, 60_000));
        let line: SlotLine = empty;
        const events = waiters.map((entry) => ({ at: entry.since, entry }));
        const grants: number[] = [];
        while (events.length > 0) {
          events.sort((a, b) => a.at - b.at);
          const { at, entry } = events.shift()!;
          const decided = decideSlot(line, entry, at, interval, alive, 100);
          line = decided.line;
          if (decided.step.kind === 'wait') events.push({ at: at + decided.step.ms, entry });
          else if (decided.step.kind === 'granted') grants.push(at);
        }
        expect(grants).toHaveLength(waiters.length);
        expect(grants.at(-1)! - grants[0]!).toBe((waiters.length - 1) * interval);
      }),
      { numRuns: 300 },
    );
  });
});

describe('close gate in one process', () => {
  it('spaces closes of one account, keeps accounts apart, and never writes the key', async () => {
    const dir = freshDir();
    const gate = createCloseGate({ dir, intervalMs: 300, processName: 'test' });
    const started = Date.now();
    const times: number[] = [];
    const deadline = started + 5_000;
    await Promise.all(
      [0, 1, 2].map(async (n) => {
        expect(await gate.slot('bg_secret_key_1', deadline, `n${n}`)).toEqual({ ok: true });
        times.push(Date.now() - started);
      }),
    );
    const other = Date.now();
    expect(await gate.slot('bg_secret_key_2', deadline, 'other')).toEqual({ ok: true });
    expect(Date.now() - other).toBeLessThan(200);
    times.sort((a, b) => a - b);
    // Times are taken when each caller resumes, which a loaded machine may delay by a few tens of milliseconds.
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(250);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(250);
    // A lock directory may still be there for a moment: the gate releases it without waiting, off the press path.
    const files = readdirSync(dir).filter((name) => !name.endsWith('.lock'));
    expect(files.sort()).toEqual([lineFileName('bg_secret_key_1'), lineFileName('bg_secret_key_2')].sort());
    for (const file of readdirSync(dir)) expect(file).not.toContain('bg_secret_key');
    for (const file of files) expect(readFileSync(join(dir, file), 'utf8')).not.toContain('bg_secret_key');
  });

  it('answers "not before your deadline" with who was ahead, without waiting', async () => {
    const dir = freshDir();
    const gate = createCloseGate({ dir, intervalMs: 1_100, processName: 'CLI pid 4242' });
    const first = gate.slot('acct', Date.now() + 10_000, 'cli: USDT-FUTURES BTCUSDT');
    const second = gate.slot('acct', Date.now() + 10_000, 'cli: USDT-FUTURES ETHUSDT');
    expect(await first).toEqual({ ok: true });
    // The second takes its place once it gets the lock, which a loaded machine may delay: wait until it is in line.
    const lineFile = join(dir, lineFileName('acct'));
    await vi.waitFor(() => expect(JSON.parse(readFileSync(lineFile, 'utf8')).queue).toHaveLength(1), { timeout: 900, interval: 5 });
    const asked = Date.now();
    const late = await gate.slot('acct', Date.now() + 500, 'hotkey: USDT-FUTURES XRPUSDT');
    expect(Date.now() - asked).toBeLessThan(200);
    expect(late.ok).toBe(false);
    if (late.ok) return;
    expect(late.ahead).toEqual(['CLI pid 4242 (cli: USDT-FUTURES BTCUSDT) — sent just before', 'CLI pid 4242 (cli: USDT-FUTURES ETHUSDT)']);
    expect(late.error.message).toMatch(/could not be sent before its deadline\. 2 other closes on this account were ahead of it: CLI pid 4242 \(cli: USDT-FUTURES BTCUSDT\)/);
    expect(await second).toEqual({ ok: true });
  });

  it('a damaged line file is read as "a close was just sent": the limit holds', async () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, lineFileName('acct')), '{"lastSlot": {"at": "soon"');
    const gate = createCloseGate({ dir, intervalMs: 300 });
    const started = Date.now();
    expect(await gate.slot('acct', started + 5_000, 'x')).toEqual({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('a waiter whose process died does not hold up the line', async () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    const line: SlotLine = { lastSlot: null, queue: [{ id: 'ghost', pid: deadPid(), name: 'CLI pid 1 (ghost)', since: Date.now() - 1_000, deadline: Date.now() + 60_000 }] };
    writeFileSync(join(dir, lineFileName('acct')), JSON.stringify(line));
    const started = Date.now();
    expect(await createCloseGate({ dir, intervalMs: 1_100 }).slot('acct', started + 5_000, 'x')).toEqual({ ok: true });
    expect(Date.now() - started).toBeLessThan(200);
  });

  it('a lock left behind by a killed process is taken over once stale', async () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    const lock = join(dir, `${lineFileName('acct')}.lock`);
    mkdirSync(lock);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    const started = Date.now();
    expect(await createCloseGate({ dir, intervalMs: 1_100 }).slot('acct', started + 5_000, 'x')).toEqual({ ok: true });
    expect(Date.now() - started).toBeLessThan(500);
  });

});

describe('close gate when its queue cannot be used: the close goes out, paced within this process', () => {
  const deadlineIn = (ms: number) => Date.now() + ms;

  it('a file where the close-slots folder should be: every slot is given, one interval apart, and says the queue was not used', async () => {
    const base = mkdtempSync(join(tmpdir(), 'panic-gate-'));
    writeFileSync(join(base, 'close-slots'), 'a file where the folder should be');
    const gate = createCloseGate({ dir: join(base, 'close-slots'), intervalMs: 300 });
    const started = Date.now();
    const answers = await Promise.all([0, 1, 2].map(async () => ({ answer: await gate.slot('acct', deadlineIn(5_000), 'x'), at: Date.now() - started })));
    for (const { answer } of answers) {
      expect(answer).toMatchObject({ ok: true, unshared: expect.stringMatching(/close queue in the data folder .*close-slots\) could not be used \(.*(EEXIST|ENOTDIR).*\): this close was paced within this process only/) });
    }
    const times = answers.map(({ at }) => at).sort((a, b) => a - b);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(290);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(290);
    // Another account is not held up by this one.
    const other = Date.now();
    expect(await gate.slot('other', deadlineIn(5_000), 'y')).toMatchObject({ ok: true });
    expect(Date.now() - other).toBeLessThan(200);
  });

  it('without a queue, a slot that cannot come by the deadline is refused at once, naming the close before it', async () => {
    const base = mkdtempSync(join(tmpdir(), 'panic-gate-'));
    writeFileSync(join(base, 'close-slots'), '');
    const gate = createCloseGate({ dir: join(base, 'close-slots'), intervalMs: 1_000, processName: 'CLI pid 7' });
    expect(await gate.slot('acct', deadlineIn(5_000), 'first')).toMatchObject({ ok: true });
    const asked = Date.now();
    const late = await gate.slot('acct', deadlineIn(300), 'second');
    expect(Date.now() - asked).toBeLessThan(200);
    expect(late).toMatchObject({ ok: false, ahead: ['CLI pid 7 (first) — sent just before'], error: { kind: 'rate-limit' } });
  });

  it('a lock busy until the deadline is a queue in use, not a broken one: refused, never sent unpaced', async () => {
    const dir = freshDir();
    mkdirSync(join(dir, `${lineFileName('acct')}.lock`), { recursive: true });
    const answer = await createCloseGate({ dir, intervalMs: 300 }).slot('acct', deadlineIn(400), 'x');
    expect(answer).toMatchObject({ ok: false, error: { kind: 'rate-limit', message: expect.stringContaining('could not be sent before its deadline') } });
  });

  it('a directory where the line file should be (EISDIR)', async () => {
    const dir = freshDir();
    mkdirSync(join(dir, lineFileName('acct')), { recursive: true });
    const answer = await createCloseGate({ dir, intervalMs: 300 }).slot('acct', deadlineIn(2_000), 'x');
    expect(answer).toMatchObject({ ok: true, unshared: expect.stringContaining('EISDIR') });
  });

  it('a line file that is a symbolic link is not followed: the file it points at is left as it was', async () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    const elsewhere = join(dir, '..', 'someone-elses-file');
    writeFileSync(elsewhere, 'theirs');
    symlinkSync(elsewhere, join(dir, lineFileName('acct')));
    const answer = await createCloseGate({ dir, intervalMs: 300 }).slot('acct', deadlineIn(2_000), 'x');
    expect(answer).toMatchObject({ ok: true, unshared: expect.stringContaining('ELOOP') });
    expect(readFileSync(elsewhere, 'utf8')).toBe('theirs');
  });

  it('once the queue can be used again, it keeps the interval after the slot this process gave out without it', async () => {
    const base = mkdtempSync(join(tmpdir(), 'panic-gate-'));
    const dir = join(base, 'close-slots');
    writeFileSync(dir, '');
    const gate = createCloseGate({ dir, intervalMs: 500 });
    expect(await gate.slot('acct', deadlineIn(5_000), 'x')).toMatchObject({ ok: true, unshared: expect.any(String) });
    const pacedAt = Date.now();
    rmSync(dir);
    expect(await gate.slot('acct', deadlineIn(5_000), 'y')).toEqual({ ok: true });
    expect(Date.now() - pacedAt).toBeGreaterThanOrEqual(490);
    expect(JSON.parse(readFileSync(join(dir, lineFileName('acct')), 'utf8'))).toMatchObject({ lastSlot: { name: expect.stringContaining('(y)') } });
  });
});

describe('close gate across processes', () => {
  it('processes share one limit per account, and one killed -9 while waiting in line blocks nobody', async () => {
    const dir = freshDir();
    const interval = 500;
    const gateUrl = new URL('./close-gate.ts', import.meta.url).href;
    const run = (name: string, intervalMs = interval) => {
      const script = `
        import { createCloseGate } from ${JSON.stringify(gateUrl)};
        const gate = createCloseGate({ dir: ${JSON.stringify(dir)}, intervalMs: ${intervalMs}, processName: ${JSON.stringify(name)} });
        const answer = await gate.slot('shared-account', Date.now() + 20000, 'test');
        console.log(JSON.stringify({ at: Date.now(), ok: answer.ok }));`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const done = new Promise<{ at: number; ok: boolean }>((resolve) => child.on('close', () => resolve(out ? JSON.parse(out) : { at: 0, ok: false })));
      return { child, done };
    };
    const file = join(dir, lineFileName('shared-account'));
    const inLine = (name: string) => {
      try {
        return (JSON.parse(readFileSync(file, 'utf8')) as SlotLine).queue.some((entry) => entry.name.startsWith(name));
      } catch {
        return false;
      }
    };
    // A close was just sent; "doomed" queues for the next slot and is killed -9 while it waits.
    mkdirSync(dir, { recursive: true });
    const sentAt = Date.now();
    writeFileSync(file, JSON.stringify({ lastSlot: { at: sentAt, name: 'earlier' }, queue: [] } satisfies SlotLine));
    // "doomed" counts a long interval, so that a slow start on a loaded machine still finds it waiting in line.
    const doomed = run('doomed', 20 * interval);
    await vi.waitFor(() => expect(inLine('doomed')).toBe(true), { timeout: 8_000, interval: 5 });
    doomed.child.kill('SIGKILL');
    await doomed.done;
    const results = await Promise.all(['a', 'b', 'c'].map((name) => run(name).done));
    expect(results.every((result) => result.ok)).toBe(true);
    const times = results.map((result) => result.at).sort((a, b) => a - b);
    // Measured when each process printed, some milliseconds after its slot was given (more on a loaded machine).
    expect(times[0]! - sentAt).toBeGreaterThanOrEqual(interval - 20);
    for (let i = 1; i < times.length; i += 1) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(interval - 80);
    // The killed waiter's place was not kept for it: three slots, back to back.
    expect(times[2]! - times[0]!).toBeLessThan(2 * interval + 300);
  });
});
