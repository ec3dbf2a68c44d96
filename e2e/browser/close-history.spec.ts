// The history says what, where (LIVE/DEMO/PRACTICE profile), the result and what it cost, without repeating itself; an
// unknown count reads "unknown", never 0. And a result, once focused, draws one ring, not two.
import { V2_POSITIONS_PATH, expect, openApp, outcomeStatus, startClose, test } from './fixtures.ts';

test.use({ harnessOptions: { timing: { deadlineMs: 4_000, requestTimeoutMs: 1_500 } } });
test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 760 });
});

test('history: an UNKNOWN close reads "still open unknown" (never 0), names the target once, the LIVE profile and the result', async ({
  page,
  harness,
  shot,
}) => {
  await harness.profileFor('main', { positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }] });
  await openApp(page, harness);
  await harness.addFault({ kind: 'drop', path: V2_POSITIONS_PATH, times: Infinity });
  await startClose(page);
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText('UNKNOWN', { timeout: 15_000 });
  await harness.clearFaults();

  await page.getByRole('button', { name: 'History' }).click();
  const row = page.getByTestId('history-row').filter({ hasText: 'Close result' }).first();
  await expect(row).toContainText('UNKNOWN');
  await expect(row.locator('td').nth(2)).toHaveText(/LIVE\s*main/);
  await expect(row).toContainText('every USDT-margined futures position');
  await expect(row).toContainText('still open unknown (positions could not be re-read)');
  await expect(row).not.toContainText('still open 0');
  // Said once: no "symbol, LONG and SHORT · USDT-margined futures" repetition.
  const text = (await row.textContent()) ?? '';
  expect(text.match(/USDT-margined futures/g)).toHaveLength(1);
  expect(text).not.toContain('LONG and SHORT');
  await expect(row).toContainText('1 close order accepted, 0 refused');
  await shot('unknown');
});

test('history of a DEMO close of one symbol and side: the target, DEMO, FLAT and still open 0', async ({ page, harness, shot }) => {
  await harness.profileFor('paper', { demo: true, positions: [{ productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '2' }] });
  await openApp(page, harness);
  await startClose(page, { symbol: 'ETHUSDT', side: 'Short only' });
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText('FLAT', { timeout: 15_000 });
  await page.getByRole('button', { name: 'History' }).click();
  const row = page.getByTestId('history-row').filter({ hasText: 'Close result' }).first();
  await expect(row).toContainText('FLAT');
  await expect(row.locator('td').nth(2)).toHaveText(/DEMO\s*paper/);
  await expect(row).toContainText('ETHUSDT SHORT · USDT-margined futures');
  await expect(row).toContainText('still open 0');
  await shot('demo-flat');
});

test('the focused result draws one ring: its status border, no second yellow outline beside it', async ({ page, harness, shot }) => {
  await harness.profileFor('main', { positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }] });
  await openApp(page, harness);
  await startClose(page);
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText('FLAT', { timeout: 15_000 });
  const outcome = page.getByTestId('outcome');
  await expect(outcome).toBeFocused();
  const style = await page.evaluate<{ outline: string; border: string; borderWidth: string; boxShadow: string }>(`(() => {
    const computed = getComputedStyle(document.activeElement);
    return { outline: computed.outlineStyle, border: computed.borderTopStyle, borderWidth: computed.borderTopWidth, boxShadow: computed.boxShadow };
  })()`);
  expect(style).toEqual({ outline: 'none', border: 'solid', borderWidth: '4px', boxShadow: 'none' });
  await shot('focused-outcome');
  // The next Tab stop still shows the usual focus ring.
  await page.keyboard.press('Tab');
  const next = await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle');
  expect(next).toBe('solid');
});
