import { V2_POSITIONS_PATH, expect, openApp, positionRows, test } from './fixtures.ts';

test('live positions: shown per product type, refreshed every ~2 s while visible, not at all while hidden', async ({ page, harness, shot }) => {
  const { apiKey } = await harness.profileFor('main', {
    positions: [
      { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5', entryPrice: '60000', markPrice: '61000', leverage: '10' },
      { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '3', entryPrice: '3000', markPrice: '3100' },
      { productType: 'COIN-FUTURES', symbol: 'BTCUSD', holdSide: 'long', size: '100', entryPrice: '59000', markPrice: '61000' },
    ],
  });
  await openApp(page, harness);

  await expect(positionRows(page)).toHaveCount(2);
  const btc = positionRows(page).filter({ hasText: 'BTCUSDT' });
  await expect(btc).toContainText('LONG');
  await expect(btc.locator('td').nth(1)).toHaveText('0.5');
  await expect(btc.locator('td').nth(2)).toHaveText('60000');
  await expect(btc.locator('td').nth(3)).toHaveText('61000');
  await expect(positionRows(page).filter({ hasText: 'ETHUSDT' })).toContainText('SHORT');
  await expect(page.locator('.positions-section thead')).toContainText('Liq. price');
  await expect(page.locator('.positions-section thead')).toContainText('Unrealized PnL');
  await shot('positions');

  // A position opened on the exchange appears by itself.
  await harness.addPosition(apiKey, { productType: 'USDT-FUTURES', symbol: 'SOLUSDT', holdSide: 'long', size: '10' });
  await expect(positionRows(page)).toHaveCount(3, { timeout: 5_000 });

  // Another product type shows its own positions.
  await page.getByLabel('Product type').selectOption('COIN-FUTURES');
  await expect(positionRows(page)).toHaveCount(1);
  await expect(positionRows(page).first()).toContainText('BTCUSD');
  await expect(page.locator('.topbar')).toContainText('Coin-margined futures');
  await shot('positions-coin');

  // Well under the exchange's limit: about one read every 2 s.
  const reads = async () => (await harness.account(apiKey)).requests.filter((request) => request.path === V2_POSITIONS_PATH).length;
  const start = await reads();
  await page.waitForTimeout(6_000);
  const perSixSeconds = (await reads()) - start;
  expect(perSixSeconds).toBeGreaterThanOrEqual(2);
  expect(perSixSeconds).toBeLessThanOrEqual(4);

  // Hidden window: no reads. Visible again: an immediate read.
  // Chromium has no switch for page visibility: the page is told, exactly as a minimised window would tell it (the
  // browser's own visibilitychange bubbles from document to window, where TanStack Query listens).
  const setVisibility = (state: 'hidden' | 'visible') =>
    page.evaluate(`Object.defineProperty(document, 'visibilityState', { value: '${state}', configurable: true });
      document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));`);
  await setVisibility('hidden');
  await page.waitForTimeout(500);
  const hiddenStart = await reads();
  await page.waitForTimeout(4_500);
  expect(await reads()).toBe(hiddenStart);
  await setVisibility('visible');
  await expect.poll(reads, { timeout: 1_500 }).toBeGreaterThan(hiddenStart);
});
