// Saved guard state is never trusted when damaged: a day whose figures are not numbers ("Infinity" saved by an absurd
// mark before issue 18) is repaired when the settings file is read, the rest of the file kept, and the person told once.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FeedUpdate } from '../../../shared/feed.ts';
import { createAuditLog } from '../audit-log.ts';
import { createJsonSettingsStore } from '../settings-file.ts';
import { createGuardService } from './guard-service.ts';

const RULES = { marginCoin: 'USDT', dailyLossLimit: '500', warnAtPercent: 80, warnMinutesBeforeCloseout: 5, dayStartsAt: '00:00', rearm: 'manual' };
const today = () => {
  const date = new Date();
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
};

function folderWith(day: Record<string, unknown>): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'guard-saved-'));
  const guard = { profile: 'p', rules: RULES, armed: true, armedAt: new Date().toISOString(), day };
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ version: 1, profiles: [{ name: 'p', demo: false }], guards: [guard] }));
  return dataDir;
}

describe('a damaged saved day', () => {
  it('peak "Infinity": the start is kept, the peak set back to it, the file otherwise kept', () => {
    const dataDir = folderWith({ date: today(), startEquity: '10000', peakEquity: 'Infinity' });
    const store = createJsonSettingsStore(join(dataDir, 'config.json'));
    expect(store.notices).toEqual([]);
    expect(store.read().profiles).toHaveLength(1);
    expect(store.read().guards[0]).toMatchObject({ day: { startEquity: '10000', peakEquity: '10000' }, repaired: expect.stringMatching(/peak equity of the day \(Infinity\).*set back.*10000/) });
  });

  it('start "NaN": the day is measured again from the next figures', () => {
    const store = createJsonSettingsStore(join(folderWith({ date: today(), startEquity: 'NaN', peakEquity: '1e308' }), 'config.json'));
    const guard = store.read().guards[0]!;
    expect(guard.day).toBeUndefined();
    expect(guard.repaired).toMatch(/start NaN, peak 1e308.*measured again/);
  });

  it('the runner tells it once, records it, and saves the repaired day', async () => {
    const dataDir = folderWith({ date: today(), startEquity: '10000', peakEquity: 'Infinity' });
    const settings = createJsonSettingsStore(join(dataDir, 'config.json'));
    const audit = createAuditLog(join(dataDir, 'audit.jsonl'));
    const told: string[] = [];
    const at = Date.now();
    const update: FeedUpdate = {
      status: { profile: 'p', socket: 'live', source: 'websocket', confirmedAt: at, stale: false },
      snapshot: { profile: 'p', accountKind: 'classic', source: 'websocket', positions: { 'USDT-FUTURES': [], 'COIN-FUTURES': [], 'USDC-FUTURES': [] }, balances: [{ marginCoin: 'USDT', equity: '9800', unrealizedPnl: '0', receivedAt: at }], marks: [], confirmedAt: at },
    };
    const service = createGuardService({
      dataDir,
      settings,
      audit,
      feeds: { watch: (_profile, listener) => (listener(update), () => undefined), current: () => update, close: async () => undefined },
      closeEverything: async () => ({ ok: false, error: { kind: 'unknown', message: 'not in this test', hint: '' } }),
      profiles: () => [{ name: 'p', demo: false, configured: true }],
      notify: (_status, message) => told.push(message),
    });
    try {
      await service.settled();
      expect(service.list()[0]).toMatchObject({ state: 'watching', figures: { dayStartEquity: '10000', peakEquity: '10000', dayPnl: '-200' } });
      expect(told.filter((message) => /repaired its saved figures/.test(message))).toHaveLength(1);
      const saved = JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8')) as { guards: { day: unknown; repaired?: string }[] };
      expect(saved.guards[0]).toMatchObject({ day: { startEquity: '10000', peakEquity: '10000' } });
      expect(saved.guards[0]!.repaired).toBeUndefined();
      expect((await audit.read(10)).entries.map((entry) => entry.guard?.event)).toContain('repaired');
    } finally {
      await service.dispose();
    }
  });
});
