import { V2_CLOSE_PATH, V2_POSITIONS_PATH, expect, openApp, outcomeStatus, positionRows, test } from './fixtures.ts';

test.use({ harnessOptions: { timing: { deadlineMs: 4_000 } } });

test('flatten everything on one profile: the dialog lists what is open per product type, Escape sends nothing, Enter closes it all', async ({
  page,
  harness,
  shot,
}) => {
  const { apiKey } = await harness.profileFor('main', {
    positions: [
      { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
      { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '3' },
      { productType: 'COIN-FUTURES', symbol: 'BTCUSD', holdSide: 'long', size: '100' },
    ],
  });
  await openApp(page, harness);
  // One profile: no "every profile" button.
  await expect(page.getByRole('button', { name: /on EVERY profile/ })).toHaveCount(0);

  await page.getByRole('button', { name: 'Flatten EVERYTHING on LIVE main' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { level: 2 })).toHaveText(/Flatten EVERYTHING on\s*LIVE\s*main/);
  await expect(dialog).toContainText('LIVE ACCOUNT — REAL MONEY');
  const confirm = dialog.getByRole('button', { name: /^Close 3 positions/ });
  await expect(confirm).toBeVisible();
  await expect(confirm).toBeFocused();

  const usdt = dialog.getByRole('list', { name: 'Positions that will be closed: main, USDT-FUTURES' }).getByRole('listitem');
  await expect(usdt).toHaveCount(2);
  await expect(usdt.nth(0)).toHaveText(/BTCUSDT\s+LONG\s+size\s+0\.5/);
  await expect(usdt.nth(1)).toHaveText(/ETHUSDT\s+SHORT\s+size\s+3/);
  const coin = dialog.getByRole('list', { name: 'Positions that will be closed: main, COIN-FUTURES' }).getByRole('listitem');
  await expect(coin).toHaveCount(1);
  await expect(coin.first()).toHaveText(/BTCUSD\s+LONG\s+size\s+100/);
  await expect(dialog.getByRole('list', { name: /USDC-FUTURES/ })).toHaveCount(0);
  await expect(dialog.locator('[data-product-type="USDC-FUTURES"]')).toContainText('nothing open — nothing will be sent');
  await expect(dialog.locator('.confirm-list li')).toHaveCount(3);
  await expect(dialog.getByRole('list', { name: 'Will close' })).toHaveText(/LIVE\s*main: 3 positions/);
  await expect(dialog).toContainText('Open and trigger orders are left in place.');
  await shot('dialog');

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  let account = await harness.account(apiKey);
  expect(account.closeRequests.count).toBe(0);
  expect(account.requests.filter((request) => request.path === V2_CLOSE_PATH)).toHaveLength(0);
  expect(account.positions).toHaveLength(3);

  await page.getByRole('button', { name: 'Flatten EVERYTHING on LIVE main' }).click();
  await expect(dialog.getByRole('button', { name: /^Close 3 positions/ })).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(outcomeStatus(page)).toHaveText('FLAT', { timeout: 15_000 });
  const outcome = page.getByTestId('outcome');
  await expect(outcome).toBeFocused();
  await expect(outcome).toContainText('Flatten EVERYTHING on LIVE “main”');
  await expect(outcome.locator('.everything-result-type[data-product-type="USDT-FUTURES"] h4')).toContainText('FLAT');
  await expect(outcome.locator('.everything-result-type[data-product-type="COIN-FUTURES"] h4')).toContainText('FLAT');
  await expect(outcome.locator('.everything-result-type[data-product-type="USDC-FUTURES"]')).toHaveCount(0);
  await expect(outcome.getByTestId('already-flat')).toContainText('read, nothing sent');
  await expect(outcome.getByTestId('already-flat').locator('[data-product-type="USDC-FUTURES"]')).toBeVisible();
  await expect(outcome.locator('table.positions')).toHaveCount(0);
  // The live table agrees once it is re-read.
  await expect(page.getByText('No open positions in USDT-margined futures.')).toBeVisible();
  await shot('outcome');

  account = await harness.account(apiKey);
  expect(account.positions).toHaveLength(0);
  const closes = account.requests.filter((request) => request.path === V2_CLOSE_PATH).map((request) => JSON.parse(request.body) as { productType: string });
  expect(closes.map((body) => body.productType).sort()).toEqual(['COIN-FUTURES', 'USDT-FUTURES']);
  // USDC-FUTURES was read, never sent a close.
  expect(account.requests.some((request) => request.path === V2_POSITIONS_PATH && request.query.includes('USDC-FUTURES'))).toBe(true);
});

test('flatten everything with one symbol refused (failureList) → PARTIAL, and what is still open is listed', async ({ page, harness, shot }) => {
  const { apiKey } = await harness.profileFor('main', {
    positions: [
      { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
      { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'long', size: '2' },
      { productType: 'COIN-FUTURES', symbol: 'BTCUSD', holdSide: 'long', size: '100' },
    ],
    openOrders: [
      { productType: 'USDT-FUTURES', symbol: 'BTCUSDT' },
      { productType: 'COIN-FUTURES', symbol: 'BTCUSD' },
    ],
  });
  await harness.addFault({ kind: 'failure-list', path: V2_CLOSE_PATH, errorCode: '00000', errorMsg: 'position close failed', symbol: 'ETHUSDT', times: Infinity });
  await openApp(page, harness);

  await page.getByRole('checkbox', { name: 'Also cancel open and trigger (TP/SL) orders' }).check();
  await page.getByRole('button', { name: 'Flatten EVERYTHING on LIVE main' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('button', { name: /^Close 3 positions/ })).toBeFocused();
  await expect(dialog).toContainText('will also be cancelled');
  await page.keyboard.press('Enter');

  await expect(outcomeStatus(page)).toHaveText('PARTIAL', { timeout: 20_000 });
  const outcome = page.getByTestId('outcome');
  const usdt = outcome.locator('.everything-result-type[data-product-type="USDT-FUTURES"]');
  await expect(usdt.locator('h4')).toContainText('PARTIAL');
  await expect(usdt).toContainText('STILL OPEN');
  await expect(usdt.locator('table.positions')).toContainText('ETHUSDT');
  await expect(usdt.locator('table.positions')).not.toContainText('BTCUSDT');
  await expect(usdt.locator('.outcome-failed')).toContainText('00000');
  await expect(outcome.locator('.everything-result-type[data-product-type="COIN-FUTURES"] h4')).toContainText('FLAT');
  await expect(outcome).toContainText('1 position STILL OPEN');
  await expect(outcome.getByTestId('already-flat').locator('[data-product-type="USDC-FUTURES"]')).toBeVisible();
  await expect(positionRows(page)).toHaveCount(1);
  await expect(positionRows(page).first()).toContainText('ETHUSDT');
  await shot('outcome-partial');

  const account = await harness.account(apiKey);
  expect(account.positions.map((position) => position.symbol)).toEqual(['ETHUSDT']);
  // The ticked box was honoured: open orders of both closed product types are gone, and USDC-FUTURES was not touched.
  expect(account.openOrders).toHaveLength(0);
  const cancels = account.requests.filter((request) => request.path === '/api/v2/mix/order/cancel-all-orders');
  expect(cancels.map((request) => (JSON.parse(request.body) as { productType: string }).productType).sort()).toEqual(['COIN-FUTURES', 'USDT-FUTURES']);
});

test('every profile: one dialog with each profile badged, one result grouped per profile', async ({ page, harness, shot }) => {
  const live = await harness.profileFor('main', {
    positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }],
  });
  const demo = await harness.profileFor('paper', {
    demo: true,
    positions: [{ productType: 'COIN-FUTURES', symbol: 'ETHUSD', holdSide: 'short', size: '10' }],
  });
  await openApp(page, harness);

  await page.getByRole('button', { name: 'on EVERY profile (2)' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('button', { name: /^Close 2 positions/ })).toBeFocused();
  await expect(dialog.getByRole('region', { name: 'Profile main' })).toContainText('LIVE ACCOUNT — REAL MONEY');
  await expect(dialog.getByRole('region', { name: 'Profile paper' }).locator('.badge')).toHaveText('DEMO');
  await expect(dialog.getByRole('region', { name: 'Profile paper' })).not.toContainText('REAL MONEY');
  const plan = dialog.getByRole('list', { name: 'Will close' }).getByRole('listitem');
  await expect(plan).toHaveText([/LIVE\s*main: 1 position$/, /DEMO\s*paper: 1 position$/]);
  await shot('dialog-every-profile');
  await page.keyboard.press('Enter');

  await expect(outcomeStatus(page)).toHaveText('FLAT', { timeout: 15_000 });
  const outcome = page.getByTestId('outcome');
  await expect(outcome.getByRole('region', { name: 'Result for profile main' }).locator('.badge')).toHaveText('LIVE');
  await expect(outcome.getByRole('region', { name: 'Result for profile paper' }).locator('.badge')).toHaveText('DEMO');
  await expect(page.getByText('No open positions in USDT-margined futures.')).toBeVisible();
  await shot('outcome-every-profile');
  expect((await harness.account(live.apiKey)).positions).toHaveLength(0);
  expect((await harness.account(demo.apiKey)).positions).toHaveLength(0);
});

test('positions that cannot be read: the dialog says so and that a close is sent anyway', async ({ page, harness, shot }) => {
  const { apiKey } = await harness.profileFor('main', {
    positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }],
  });
  await openApp(page, harness);
  await expect(positionRows(page)).toHaveCount(1);
  await harness.addFault({ kind: 'http-status', path: V2_POSITIONS_PATH, status: 503, times: Infinity });

  await page.getByRole('button', { name: 'Flatten EVERYTHING on LIVE main' }).click();
  const dialog = page.getByRole('dialog');
  const confirm = dialog.getByRole('button', { name: 'Close 0 positions + whatever is open in 3 unread product types' });
  await expect(confirm).toBeFocused({ timeout: 20_000 });
  await expect(dialog.locator('.everything-type-unread')).toHaveCount(3);
  await expect(dialog.locator('[data-product-type="USDT-FUTURES"]')).toContainText('COULD NOT BE READ');
  await expect(dialog.locator('[data-product-type="USDT-FUTURES"]')).toContainText('A close is still sent for USDT-FUTURES');
  await expect(dialog.getByRole('list', { name: 'Will close' })).toHaveText(/main: 0 positions where read \+ 3 product types NOT READ \(closed anyway\)/);
  await expect(dialog.getByRole('list', { name: 'Will close' })).not.toContainText('nothing open');
  await shot('dialog-unread');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect((await harness.account(apiKey)).closeRequests.count).toBe(0);
});
