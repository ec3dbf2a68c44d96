import { V2_POSITIONS_PATH, expect, openApp, positionRows, test } from './fixtures.ts';

test('live positions: shown per product type from the live feed; REST polling about every 2 s only while the socket is down', async ({ page, harness, shot }) => {
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

  // The live feed pushes changes: no position reads while its socket is up.
  const source = page.getByTestId('positions-source');
  await expect(source).toContainText('Live feed');
  // Reads of the product type shown (the feed's REST polling reads each product type once per round).
  const reads = async () =>
    (await harness.account(apiKey)).requests.filter((request) => request.path === V2_POSITIONS_PATH && request.query.includes('productType=COIN-FUTURES')).length;
  const quiet = await reads();
  await page.waitForTimeout(4_000);
  expect(await reads(), 'no position reads while the live feed is up').toBe(quiet);
  // A mark price moves: the row and the equity show it from the ticker (the exchange does not push positions or the
  // account for a price move). 1 BTC (and 10 ETH) in the wallet; 100 BTCUSD long from 59000: at 61000 +3.27868852 BTC,
  // at 62000 +4.83870968 BTC.
  const equity = page.getByTestId('equity');
  await expect(equity).toHaveText('Equity 4.27868852 BTC · 10 ETH');
  await harness.setMarkPrice('COIN-FUTURES', 'BTCUSD', '62000');
  await expect(positionRows(page).first().locator('td').nth(3)).toHaveText('62000', { timeout: 5_000 });
  await expect(equity).toHaveText('Equity 5.83870968 BTC · 10 ETH');
  await shot('positions-live-feed');

  // The socket goes down: the core polls REST, well under the exchange's limit (about one read every 2 s), and the
  // window says so.
  await harness.webSocket('down');
  await expect(source).toContainText('REST polling', { timeout: 10_000 });
  const start = await reads();
  await page.waitForTimeout(6_000);
  const perSixSeconds = (await reads()) - start;
  expect(perSixSeconds).toBeGreaterThanOrEqual(2);
  expect(perSixSeconds).toBeLessThanOrEqual(4);
  await harness.addPosition(apiKey, { productType: 'COIN-FUTURES', symbol: 'ETHUSD', holdSide: 'short', size: '10' });
  await expect(positionRows(page)).toHaveCount(2, { timeout: 5_000 });
  await shot('positions-rest-polling');
});
