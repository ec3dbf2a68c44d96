// What a close cost: each close order's side, filled size, average fill price, realized PnL and fee, read from the
// exchange's order details after the verified outcome (which is shown at once), and kept in the history.
import { expect, openApp, outcomeStatus, startClose, test } from './fixtures.ts';

const V2_ORDER_DETAIL_PATH = '/api/v2/mix/order/detail';

test.use({ harnessOptions: { timing: { deadlineMs: 4_000, requestTimeoutMs: 1_500 } } });
test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 760 });
});

const FILLED = /\d @ \d/;

test('a classic (V2) close: each close order with side, filled size @ average price, realized PnL and fee', async ({ page, harness, shot }) => {
  await harness.profileFor('main', {
    positions: [
      { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
      { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '2' },
    ],
  });
  await openApp(page, harness);
  await startClose(page);
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText('FLAT', { timeout: 15_000 });
  const orders = page.getByTestId('outcome').getByTestId('close-orders');
  await expect(orders.locator('caption')).toContainText('Close orders accepted (2)');
  await expect(orders.locator('caption')).toContainText('Order details read from the exchange.', { timeout: 15_000 });
  const btc = orders.getByTestId('close-order').filter({ hasText: 'BTCUSDT' });
  const eth = orders.getByTestId('close-order').filter({ hasText: 'ETHUSDT' });
  await expect(btc).toContainText('SELL to close LONG');
  await expect(btc).toContainText(/0\.5 @ \d/);
  await expect(btc).toContainText(/paid \d/);
  await expect(eth).toContainText('BUY to close SHORT');
  await expect(eth).toContainText(/2 @ \d/);
  await expect(orders.getByTestId('close-order').locator('td').filter({ hasText: 'reading…' })).toHaveCount(0);
  await shot('classic');
});

test('a unified (V3) close: the same order lines from the V3 order details', async ({ page, harness, shot }) => {
  await harness.profileFor('uta', {
    kind: 'unified',
    positions: [{ productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '3' }],
  });
  await openApp(page, harness);
  await startClose(page, { symbol: 'ETHUSDT' });
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText('FLAT', { timeout: 15_000 });
  await expect(page.getByTestId('outcome')).toContainText('unified account');
  const orders = page.getByTestId('outcome').getByTestId('close-orders');
  await expect(orders.locator('caption')).toContainText('Order details read from the exchange.', { timeout: 15_000 });
  const eth = orders.getByTestId('close-order');
  await expect(eth).toHaveCount(1);
  await expect(eth).toContainText('BUY to close SHORT');
  await expect(eth).toContainText(/3 @ \d/);
  await expect(eth).toContainText(/paid \d/);
  await shot('unified');
});

test('what it cost is kept in the history, joined to its close result', async ({ page, harness, shot }) => {
  await harness.profileFor('main', { positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }] });
  await openApp(page, harness);
  await startClose(page, { symbol: 'BTCUSDT', side: 'Long only' });
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText('FLAT', { timeout: 15_000 });
  await expect(page.getByTestId('close-orders').locator('caption')).toContainText('Order details read from the exchange.', { timeout: 15_000 });

  await page.getByRole('button', { name: 'History' }).click();
  const row = page.getByTestId('history-row').filter({ hasText: 'Close result' }).first();
  await expect(row).toContainText('BTCUSDT LONG · USDT-margined futures');
  const costs = row.getByTestId('history-costs');
  await expect(costs).toContainText(/What it cost: realized PnL -?\d/);
  await expect(costs).toContainText(/fees paid \d/);
  await expect(costs.locator('li')).toHaveCount(1);
  await expect(costs.locator('li')).toContainText(/BTCUSDT SELL to close LONG · filled 0\.5 @ \d/);
  await shot('history');
});

test('flatten everything: each part shows its own close orders and what they cost', async ({ page, harness, shot }) => {
  await harness.profileFor('main', {
    positions: [
      { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
      { productType: 'COIN-FUTURES', symbol: 'BTCUSD', holdSide: 'short', size: '100' },
    ],
  });
  await openApp(page, harness);
  await page.getByRole('button', { name: 'Flatten EVERYTHING on LIVE main' }).click();
  await expect(page.getByRole('dialog').getByRole('button', { name: /^Close 2 positions/ })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText('FLAT', { timeout: 15_000 });
  const outcome = page.getByTestId('outcome');
  const usdt = outcome.locator('.everything-result-type[data-product-type="USDT-FUTURES"]').getByTestId('close-order');
  const coin = outcome.locator('.everything-result-type[data-product-type="COIN-FUTURES"]').getByTestId('close-order');
  await expect(usdt).toHaveCount(1);
  await expect(coin).toHaveCount(1);
  await expect(usdt).toContainText(FILLED, { timeout: 15_000 });
  await expect(usdt).toContainText('BTCUSDT');
  await expect(coin).toContainText(FILLED, { timeout: 15_000 });
  await expect(coin).toContainText('BUY to close SHORT');
  await shot('everything');
});

test('the outcome is shown at once; an order whose details cannot be read says why, here and in the history', async ({ page, harness, shot }) => {
  await harness.profileFor('main', { positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }] });
  await openApp(page, harness);
  await harness.addFault({ kind: 'drop', path: V2_ORDER_DETAIL_PATH, times: Infinity });
  await startClose(page, { symbol: 'BTCUSDT', side: 'Long only' });
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText('FLAT', { timeout: 15_000 });
  const orders = page.getByTestId('close-orders');
  // The verified outcome does not wait for the order details (they are retried for a few seconds here).
  await expect(orders.locator('caption')).toContainText('Reading order details…');
  await expect(orders.getByTestId('close-order')).toContainText('SELL to close LONG');
  await expect(orders.getByTestId('close-order')).toContainText('reading…');
  await shot('reading');

  await expect(orders.locator('caption')).toContainText('Order details read, except 1 order (see below).', { timeout: 20_000 });
  await expect(orders.getByTestId('close-order')).toContainText(/What close order \d+ \(BTCUSDT\) cost could not be read: Could not reach the exchange/);
  await expect(orders.getByTestId('close-order')).not.toContainText('reading…');
  await shot('unread');

  await page.getByRole('button', { name: 'History' }).click();
  const costs = page.getByTestId('history-row').filter({ hasText: 'Close result' }).first().getByTestId('history-costs');
  await expect(costs).toContainText('What it cost: 1 order could not be read');
  await expect(costs.locator('li.warning-text')).toContainText(/What close order \d+ \(BTCUSDT\) cost could not be read/);
});
