import { describe, expect, it } from 'vitest';
import type { CloseOutcome, Position } from '../../shared/bitget.ts';
import { presetSchema } from '../../shared/schema.ts';
import { armedNotification, describeOpenPositions, eventNotification, everythingNotification, guardNotification, heldNotification, outcomeNotification, undeliveredNotice } from './notification-text.ts';
import type { GuardStatus } from '../../shared/guard.ts';

const position = (symbol: string, holdSide: 'long' | 'short', size: string): Position => ({
  symbol,
  productType: 'USDT-FUTURES',
  marginCoin: 'USDT',
  holdSide,
  size,
  available: size,
  entryPrice: '1',
  markPrice: '1',
  unrealizedPnl: '0',
  liquidationPrice: '',
  leverage: '10',
  marginMode: 'crossed',
  posMode: 'hedge_mode',
});

const outcome = (over: Partial<CloseOutcome>): CloseOutcome => ({
  runId: 'run-1',
  status: 'flat',
  profile: { name: 'main', demo: false },
  accountKind: 'classic',
  target: { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long' },
  trigger: 'hotkey',
  closed: [{ orderId: '1' }],
  failed: [],
  stillOpen: [],
  verified: true,
  closeAttempts: 1,
  totalMs: 412,
  startedAt: '2025-01-01T00:00:00.000Z',
  finishedAt: '2025-01-01T00:00:00.412Z',
  ...over,
});

describe('outcomeNotification', () => {
  it('flat: names LIVE/DEMO, profile and preset in the title', () => {
    const text = outcomeNotification({ ok: true, value: outcome({}) }, { presetName: 'BTC long' });
    expect(text).toEqual({
      title: 'Flat · LIVE "main" · (BTC long)',
      body: 'BTCUSDT, long side: closed and verified flat (1 close order, 412 ms).',
      urgency: 'normal',
    });
    const demo = outcomeNotification({ ok: true, value: outcome({ profile: { name: 'practice', demo: true } }) });
    expect(demo.title).toBe('Flat · DEMO "practice"');
  });

  it('partial: lists what is still open and why, critically', () => {
    const text = outcomeNotification({
      ok: true,
      value: outcome({
        status: 'partial',
        target: { productType: 'USDT-FUTURES' },
        stillOpen: [position('ETHUSDT', 'short', '1.5'), position('BTCUSDT', 'long', '0.01')],
        error: { kind: 'close-refused', code: '40888', message: 'The exchange refused the close for size.', hint: 'Close the rest in the window.' },
      }),
    });
    expect(text.title).toBe('STILL OPEN · LIVE "main"');
    expect(text.body).toBe(
      'every USDT-FUTURES symbol, both sides: still open: ETHUSDT short 1.5, BTCUSDT long 0.01. The exchange refused the close for size. Close the rest in the window.',
    );
    expect(text.urgency).toBe('critical');
  });

  it('failed: explains the error', () => {
    const text = outcomeNotification({
      ok: true,
      value: outcome({ status: 'failed', closed: [], error: { kind: 'auth', message: 'The API key was rejected.', hint: 'Check the key in Settings.' } }),
    });
    expect(text).toMatchObject({ title: 'Close FAILED · LIVE "main"', body: 'BTCUSDT, long side: The API key was rejected. Check the key in Settings.', urgency: 'critical' });
  });

  it('an error before the exchange: the account from the context', () => {
    const text = outcomeNotification(
      { ok: false, error: { kind: 'keychain', message: 'The keychain is locked.', hint: 'Unlock it and try again.' } },
      { presetName: 'BTC long', profile: { name: 'practice', demo: true } },
    );
    expect(text).toEqual({ title: 'Close FAILED · DEMO "practice" · (BTC long)', body: 'The keychain is locked. Unlock it and try again.', urgency: 'critical' });
  });

  it('nothing to close and unknown', () => {
    expect(outcomeNotification({ ok: true, value: outcome({ status: 'nothing-to-close', closed: [] }) })).toMatchObject({ title: 'Nothing to close · LIVE "main"', urgency: 'low' });
    expect(outcomeNotification({ ok: true, value: outcome({ status: 'unknown', verified: false }) })).toMatchObject({
      title: 'Outcome UNKNOWN · LIVE "main"',
      body: expect.stringContaining('Check the positions'),
      urgency: 'critical',
    });
  });

  it('warns when cancelling orders failed', () => {
    const text = outcomeNotification({ ok: true, value: outcome({ cancel: { openOrders: 'cancelled', triggerOrders: 'failed', errors: [] } }) });
    expect(text.body).toContain('Cancelling orders FAILED');
  });
});

describe('what could not be written (the close queue, the history)', () => {
  const queue = 'The close queue in the data folder (/d/close-slots) could not be used (ENOSPC: no space left on device, write): this close was paced within this process only.';
  const history = 'The history (/d/audit.jsonl) could not be written (ENOSPC: no space left on device, write): this close is not in it.';

  it('a flat close still says flat, then what was not recorded', () => {
    const text = outcomeNotification({ ok: true, value: outcome({ notRecorded: [queue, history] }) });
    expect(text.title).toBe('Flat · LIVE "main"');
    expect(text.body).toBe(`BTCUSDT, long side: closed and verified flat (1 close order, 412 ms). Not recorded: ${queue} ${history}`);
  });

  it('flatten everything names each sentence once, whichever part met it', () => {
    const parts = [outcome({ notRecorded: [queue] }), outcome({ target: { productType: 'COIN-FUTURES' }, notRecorded: [queue, history] })];
    const text = everythingNotification({ outcomes: parts, alreadyFlat: [], refused: [] });
    expect(text.body.endsWith(`Not recorded: ${queue} ${history}`)).toBe(true);
    expect(text.body.split(queue)).toHaveLength(2);
  });

  it('says nothing of it when everything was written', () => {
    expect(outcomeNotification({ ok: true, value: outcome({}) }).body).not.toContain('Not recorded');
  });
});

describe('describeOpenPositions', () => {
  it('lists at most five', () => {
    const many = Array.from({ length: 7 }, (_, index) => position(`S${index}USDT`, 'long', '1'));
    expect(describeOpenPositions(many)).toBe('S0USDT long 1, S1USDT long 1, S2USDT long 1, S3USDT long 1, S4USDT long 1, and 2 more');
  });
});

describe('armedNotification', () => {
  it('tells which account and how long there is to press again', () => {
    const preset = presetSchema.parse({ id: 'a', name: 'BTC long', profile: 'main', productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', hotkey: 'Alt+P' });
    expect(armedNotification(preset, { name: 'main', demo: false }, 800)).toEqual({
      title: 'Press again to close · LIVE "main" · (BTC long)',
      body: 'BTCUSDT, long side (USDT-FUTURES). Press Alt+P again within 0.8 s to close; otherwise nothing happens.',
      urgency: 'normal',
    });
  });
});

describe('practice', () => {
  const practice = { name: 'Practice', demo: false, practice: true };

  it('names the practice account PRACTICE on every notification, never LIVE', () => {
    expect(outcomeNotification({ ok: true, value: outcome({ profile: practice }) }).title).toBe('Flat · PRACTICE "Practice"');
    const failed = outcomeNotification({ ok: false, error: { kind: 'busy', message: 'Busy.', hint: 'Wait.' } }, { profile: practice });
    expect(failed.title).toBe('Close FAILED · PRACTICE "Practice"');
    const onlyFlat = everythingNotification({ outcomes: [], alreadyFlat: [{ profile: 'Practice', demo: false, practice: true, productTypes: ['USDT-FUTURES'] }], refused: [] });
    expect(onlyFlat.title).toBe('Nothing to close · PRACTICE "Practice"');
  });

  it('names a practice hotkey preset PRACTICE even though main knows no stored profile for it', () => {
    const preset = presetSchema.parse({ id: 'p', name: 'Rehearse', profile: 'Practice', productType: 'USDT-FUTURES', hotkey: 'Alt+P' });
    expect(armedNotification(preset, undefined, 800).title).toBe('Press again to close · PRACTICE "Practice" · (Rehearse)');
    expect(heldNotification(preset, undefined).title).toBe('Hotkey held: not counted · PRACTICE "Practice" · (Rehearse)');
    expect(armedNotification(preset, { name: 'Practice', demo: false }, 800).title).toContain('LIVE "Practice"');
  });
});

describe('flatten-everything notifications', () => {
  it('says EVERYTHING flat with the account and what was already flat', () => {
    const text = everythingNotification(
      { outcomes: [outcome({ target: { productType: 'USDT-FUTURES' } }), outcome({ target: { productType: 'COIN-FUTURES' } })], alreadyFlat: [{ profile: 'main', demo: false, productTypes: ['USDC-FUTURES'] }], refused: [] },
      { presetName: 'PANIC' },
    );
    expect(text).toEqual({
      title: 'EVERYTHING flat · LIVE "main" · (PANIC)',
      body: 'USDT-FUTURES: FLAT. COIN-FUTURES: FLAT. already flat: USDC-FUTURES.',
      urgency: 'normal',
    });
  });

  it('is critical and lists what is still open when a part is not flat', () => {
    const open = position('ETHUSDT', 'long', '2');
    const text = eventNotification({
      presetName: 'PANIC',
      everythingResult: { outcomes: [outcome({ status: 'partial', stillOpen: [open], target: { productType: 'USDT-FUTURES' } })], alreadyFlat: [], refused: [] },
    });
    expect(text.title).toBe('STILL OPEN · LIVE "main" · (PANIC)');
    expect(text.body).toContain('still open: ETHUSDT long 2');
    expect(text.urgency).toBe('critical');
  });

  it('routes a single outcome and a refusal to the close texts', () => {
    expect(eventNotification({ outcome: outcome({}), presetName: 'BTC' }).title).toBe('Flat · LIVE "main" · (BTC)');
    expect(eventNotification({ error: { kind: 'not-found', message: 'No preset.', hint: 'Add one.' }, presetName: 'x' })).toMatchObject({ title: 'Close FAILED · (x)', urgency: 'critical' });
  });
});

describe('undeliveredNotice', () => {
  it('says where to allow notifications on each platform, and what happens meanwhile', () => {
    expect(undeliveredNotice('failed', 'darwin')).toContain('System Settings → Notifications');
    expect(undeliveredNotice('unconfirmed', 'win32')).toContain('Settings → System → Notifications');
    expect(undeliveredNotice('unsupported', 'linux')).toBe(
      'This desktop cannot show notifications: each hotkey, tray and command-line result brings this window forward instead; every result is also in History.',
    );
  });
});

describe('heldNotification', () => {
  it('says nothing was closed and how to confirm', () => {
    const text = heldNotification(presetSchema.parse({ id: 'p', name: 'BTC long', profile: 'main', productType: 'USDT-FUTURES', hotkey: 'Ctrl+Alt+P' }), { name: 'main', demo: false });
    expect(text).toEqual({
      title: 'Hotkey held: not counted · LIVE "main" · (BTC long)',
      body: 'Nothing was closed. Holding Ctrl+Alt+P repeats it by itself, so it never counts as a second press. Release the keys, then press twice.',
      urgency: 'normal',
    });
  });
});

describe('a non-default endpoint', async () => {
  const { withCustomEndpoint } = await import('./notification-text.ts');
  it("is named in the notification body, and Bitget's own endpoint adds nothing", () => {
    const text = { title: 'FLAT', body: 'BTCUSDT closed.', urgency: 'normal' as const };
    expect(withCustomEndpoint(text, 'Exchange endpoint: https://proxy.example (not Bitget\'s https://api.bitget.com)').body).toBe(
      "Exchange endpoint: https://proxy.example (not Bitget's https://api.bitget.com). BTCUSDT closed.",
    );
    expect(withCustomEndpoint(text, undefined)).toBe(text);
  });
});

describe('guard notifications', () => {
  const status = (state: GuardStatus['state'], mode: GuardStatus['mode'] = 'live'): GuardStatus => ({ profile: 'Main', mode, state, messages: [] });

  it('names the state and the account (LIVE/DEMO/PRACTICE) and carries the guard message as it is', () => {
    const text = guardNotification(status('tripped'), 'Guard tripped on Main: Daily loss -512.4 USDT reached the limit of 500 USDT. Flattening everything.');
    expect(text.title).toBe('Guard TRIPPED · LIVE "Main"');
    expect(text.body).toBe('Guard tripped on Main: Daily loss -512.4 USDT reached the limit of 500 USDT. Flattening everything.');
    expect(guardNotification(status('warning', 'practice'), 'x').title).toBe('Guard warning · PRACTICE "Main"');
  });

  it('is critical when tripped or blind, normal for a warning, low otherwise', () => {
    expect(guardNotification(status('tripped'), 'x').urgency).toBe('critical');
    expect(guardNotification(status('blind', 'demo'), 'x').urgency).toBe('critical');
    expect(guardNotification(status('warning'), 'x').urgency).toBe('normal');
    expect(guardNotification(status('watching'), 'x').urgency).toBe('low');
  });
});
