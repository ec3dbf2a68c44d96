import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, openApp, outcomeStatus, startClose, test } from './fixtures.ts';

/** An older close, as the app writes it, for a symbol that names where it is. */
function oldOutcome(time: string, symbol: string): string {
  const outcome = {
    status: 'flat', profile: { name: 'main', demo: false }, accountKind: 'classic', target: { productType: 'USDT-FUTURES', symbol }, trigger: 'hotkey',
    closed: [{ orderId: '1', symbol }], failed: [], stillOpen: 0, verified: true, closeAttempts: 1, totalMs: 180, startedAt: time, finishedAt: time,
  };
  return JSON.stringify({ time, type: 'outcome', trigger: 'hotkey', profile: 'main', demo: false, status: 'flat', outcome });
}

/** `count` closes a minute apart from `start`, oldest first, each with its exchange request beside it. */
function oldLines(start: number, count: number, prefix: string): string[] {
  return Array.from({ length: count }, (_, index) => {
    const time = new Date(start + index * 60_000).toISOString();
    const attempt = JSON.stringify({ time, type: 'attempt', phase: 'answered', profile: 'main', request: { method: 'POST', path: '/api/v2/mix/order/close-positions' }, httpStatus: 200, code: '00000' });
    return [attempt, oldOutcome(time, `${prefix}${index}USDT`)];
  }).flat();
}

test('history: pages go on into the older, rotated audit files, guard events and unreadable lines included', async ({ page, harness, shot }) => {
  await harness.profileFor('main', { positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }] });
  const { dataDir } = (await (await fetch(`${harness.url}/test/data-dir`)).json()) as { dataDir: string };
  // Two files the log rotated out earlier: audit.1.jsonl is the oldest. 150 closes in each: more than a page.
  const guardLine = JSON.stringify({ time: '2026-01-01T00:00:00.000Z', type: 'guard', profile: 'main', guard: { event: 'tripped', reason: 'Loss over the limit you set' } });
  const [first, ...rest] = oldLines(Date.UTC(2026, 0, 1), 150, 'A');
  writeFileSync(join(dataDir, 'audit.1.jsonl'), `${[first, guardLine, 'not an entry', ...rest].join('\n')}\n`, { mode: 0o600 });
  writeFileSync(join(dataDir, 'audit.2.jsonl'), `${oldLines(Date.UTC(2026, 1, 1), 150, 'B').join('\n')}\n`, { mode: 0o600 });

  await openApp(page, harness);
  await startClose(page, { symbol: 'BTCUSDT' });
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText('FLAT');

  await page.getByRole('button', { name: 'History' }).click();
  const closes = page.getByTestId('history-row').filter({ hasText: 'Close result' });
  await expect(closes.first()).toContainText('BTCUSDT');
  await expect(closes.nth(1)).toContainText('B149USDT');
  const firstPage = await closes.count();
  expect(firstPage).toBeLessThan(301);
  await expect(page.getByTestId('history-end')).toHaveCount(0);
  await shot('history-first-page');
  const older = page.getByRole('button', { name: 'Show older entries' });
  await older.scrollIntoViewIfNeeded();
  await shot('history-show-older');
  while (await older.isVisible()) {
    const before = await closes.count();
    await older.click();
    await expect.poll(() => closes.count()).toBeGreaterThan(before);
    await expect(page.getByRole('button', { name: /Show older entries|Reading older entries…/ }).or(page.getByTestId('history-end'))).toBeVisible();
  }
  await expect(page.getByTestId('history-end')).toHaveText('That is the oldest entry kept.');
  // Every close of every file once, newest first: the live one, then audit.2's, then audit.1's.
  const symbols = (await closes.locator('.history-what').allTextContents()).map((text) => /\b([AB]\d+USDT|BTCUSDT)\b/.exec(text)?.[1]);
  const expected = ['BTCUSDT', ...Array.from({ length: 150 }, (_, index) => `B${149 - index}USDT`), ...Array.from({ length: 150 }, (_, index) => `A${149 - index}USDT`)];
  expect(symbols).toEqual(expected);
  const guard = page.getByTestId('history-row').filter({ hasText: 'Account guard' });
  await expect(guard).toHaveCount(1);
  await expect(guard).toContainText('TRIPPED');
  await expect(guard).toContainText('Loss over the limit you set');
  await expect(page.getByTestId('history-skipped')).toHaveText(/^1 history line could not be read and is left out/);
  await page.getByTestId('history-end').scrollIntoViewIfNeeded();
  await shot('history-oldest-entry');
  await guard.scrollIntoViewIfNeeded();
  await shot('history-guard-in-oldest-file');

  // Refresh starts again from the newest page.
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect.poll(() => closes.count()).toBe(firstPage);
  await expect(older).toBeVisible();
});
