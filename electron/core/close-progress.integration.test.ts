// A close run's progress events, over real HTTP against the strict simulator: every trigger's run reaches the core's
// one subscription, in order, with attempt counts and what is still open after each read, and `done` last.
import { describe, expect, it } from 'vitest';
import type { AccountSpec, Credentials as SimCredentials } from '../simulator/types.ts';
import type { CloseProgressEvent } from '../../shared/bitget.ts';
import { type CloseEvent, type Core } from './compose.ts';
import { useSimulatorCores } from './simulator-core.test-support.ts';

const FAST = { deadlineMs: 6_000, requestTimeoutMs: 700, verifyIntervalMs: 100, retryBackoffMs: 100 };

const book: AccountSpec = {
  demo: true,
  kind: 'classic',
  posMode: 'hedge_mode',
  positions: [
    { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
    { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'long', size: '3' },
    { productType: 'COIN-FUTURES', symbol: 'BTCUSD', holdSide: 'long', size: '100' },
  ],
};

const sim = useSimulatorCores({ tmpPrefix: 'panic-progress-', demo: true, core: { timing: FAST } });
const coreFor = (credentials: SimCredentials) => sim.coreFor(credentials);

function recordProgress(subject: Core): CloseProgressEvent[] {
  const events: CloseProgressEvent[] = [];
  subject.onCloseEvent((event: CloseEvent) => {
    if (event.kind === 'progress') events.push(event.progress);
  });
  return events;
}

const symbolsOf = (event: CloseProgressEvent) => event.stillOpen?.map((position) => position.symbol).sort();

describe('close progress events', () => {
  it('counts attempts, shows what is still open after each read as it shrinks, and ends with done', async () => {
    const account = sim.exchange.addAccount(book);
    const subject = await coreFor(account);
    const events = recordProgress(subject);
    // The first close refuses ETHUSDT: the verification reads show it open until the second close takes it.
    sim.exchange.faults.add({ kind: 'failure-list', errorCode: '40888', errorMsg: 'exceeds max flash close size', symbol: 'ETHUSDT', times: 1 });

    const result = await subject.handlers.close({ profile: 'test', productType: 'USDT-FUTURES', trigger: 'window' });
    expect(result.ok && result.value.status).toBe('flat');
    const outcome = result.ok ? result.value : undefined;
    expect(outcome!.closeAttempts).toBe(2);

    expect(events.length).toBeGreaterThan(4);
    for (const event of events) {
      expect(event).toMatchObject({ runId: outcome!.runId, profile: { name: 'test', demo: true }, target: { productType: 'USDT-FUTURES' }, trigger: 'window' });
    }
    // done comes once, last, and carries the last read (nothing open).
    expect(events.filter((event) => event.done)).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ done: true, attempt: 2, stillOpen: [] });
    // Attempt counts never go down, elapsed time never goes back.
    for (let index = 1; index < events.length; index += 1) {
      expect(events[index]!.attempt).toBeGreaterThanOrEqual(events[index - 1]!.attempt);
      expect(events[index]!.elapsedMs).toBeGreaterThanOrEqual(events[index - 1]!.elapsedMs);
    }
    // Nothing is known to be open before a close request: no stillOpen until after attempt 1.
    const firstRead = events.findIndex((event) => event.stillOpen !== undefined);
    expect(events.slice(0, firstRead).every((event) => event.stillOpen === undefined)).toBe(true);
    expect(events[firstRead]).toMatchObject({ attempt: 1 });
    expect(symbolsOf(events[firstRead]!)).toEqual(['ETHUSDT']);
    expect(Date.parse(events[firstRead]!.stillOpenReadAt!)).toBeGreaterThan(Date.parse(outcome!.startedAt) - 1);
    // After the second close request, a read shows ETHUSDT gone.
    const emptied = events.find((event) => event.attempt === 2 && event.stillOpen?.length === 0 && !event.done);
    expect(emptied).toBeDefined();
    expect(events.some((event) => event.attempt === 1 && event.waitingFor.includes('the next close slot'))).toBe(true);
    expect(events.some((event) => event.attempt === 1 && event.waitingFor.includes('answer the close request'))).toBe(true);

    // The run's audit entries carry its runId.
    const history = await subject.audit.read(50);
    const ofRun = history.entries.filter((entry) => entry.type === 'attempt' || entry.type === 'outcome');
    expect(ofRun.length).toBeGreaterThanOrEqual(5);
    expect(ofRun.every((entry) => entry.runId === outcome!.runId)).toBe(true);
  });

  it('a throwing listener never changes the close, and a refused close still ends with done', async () => {
    const account = sim.exchange.addAccount({ ...book, posMode: 'one_way_mode' });
    const subject = await coreFor(account);
    subject.onCloseEvent(() => {
      throw new Error('a broken window');
    });
    const events = recordProgress(subject);

    const result = await subject.handlers.close({ profile: 'test', productType: 'USDT-FUTURES', symbol: 'BTCUSDT', trigger: 'hotkey' });
    expect(result).toMatchObject({ ok: true, value: { status: 'flat' } });
    expect(events.at(-1)).toMatchObject({ done: true, trigger: 'hotkey' });

    // One-way mode refuses a one-side close before anything is sent: the run still ends with done.
    const refused = await subject.handlers.close({ profile: 'test', productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', trigger: 'tray' });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'bad-input' } });
    const trayEvents = events.filter((event) => event.trigger === 'tray');
    expect(trayEvents.map((event) => [event.attempt, event.done ?? false])).toEqual([
      [0, false],
      [0, true],
    ]);
  });

  it('flatten everything: each product type closed is a run of its own, with its own events', async () => {
    const account = sim.exchange.addAccount(book);
    const subject = await coreFor(account);
    const events = recordProgress(subject);
    const result = await subject.handlers.closeEverything({ profile: 'test', trigger: 'tray' });
    expect(result.ok).toBe(true);
    const outcomes = result.ok ? result.value.outcomes : [];
    expect(outcomes.map((outcome) => outcome.target.productType).sort()).toEqual(['COIN-FUTURES', 'USDT-FUTURES']);
    for (const outcome of outcomes) {
      const ofRun = events.filter((event) => event.runId === outcome.runId);
      expect(ofRun.at(-1)).toMatchObject({ done: true, target: { productType: outcome.target.productType }, trigger: 'tray' });
      expect(ofRun.filter((event) => event.done)).toHaveLength(1);
    }
  });
});
