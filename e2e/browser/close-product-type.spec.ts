import { expect, openApp, outcomeStatus, positionRows, test } from './fixtures.ts';

test('close a whole product type with its orders, by keyboard alone; other product types stay open', async ({ page, harness, shot }) => {
  const { apiKey } = await harness.profileFor('main', {
    positions: [
      { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
      { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '3' },
      { productType: 'USDT-FUTURES', symbol: 'SOLUSDT', holdSide: 'long', size: '40' },
      { productType: 'COIN-FUTURES', symbol: 'BTCUSD', holdSide: 'long', size: '100' },
    ],
    openOrders: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT' }],
    planOrders: [{ productType: 'USDT-FUTURES', symbol: 'ETHUSDT', planType: 'profit_plan' }],
  });
  await openApp(page, harness);
  await expect(positionRows(page)).toHaveCount(3);

  // Keyboard only: Tab reaches the big button; Space ticks "cancel orders"; Enter opens the dialog and confirms.
  const closeButton = page.getByRole('button', { name: /^CLOSE ALL POSITIONS/ });
  const cancelOrders = page.getByRole('checkbox', { name: 'Also cancel open and trigger (TP/SL) orders' });
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  for (let presses = 0; presses < 20 && !(await cancelOrders.evaluate((element) => element.matches(':focus'))); presses += 1) {
    await page.keyboard.press('Tab');
  }
  await expect(cancelOrders).toBeFocused();
  await page.keyboard.press('Space');
  await expect(cancelOrders).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(closeButton).toBeFocused();
  await page.keyboard.press('Enter');

  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('EVERY USDT-margined futures position');
  await expect(dialog.getByRole('listitem')).toHaveCount(3);
  await expect(dialog).toContainText('will also be cancelled');
  await shot('confirm-product-type');
  await page.keyboard.press('Enter');

  await expect(outcomeStatus(page)).toHaveText('FLAT');
  await expect(page.getByTestId('outcome')).toContainText('open: cancelled, trigger: cancelled');
  await expect(page.getByText('No open positions in USDT-margined futures.')).toBeVisible();
  await shot('outcome-product-type');

  const account = await harness.account(apiKey);
  expect(account.positions.map((position) => position.symbol)).toEqual(['BTCUSD']);
  expect(account.openOrders).toHaveLength(0);
  expect(account.planOrders).toHaveLength(0);
});
