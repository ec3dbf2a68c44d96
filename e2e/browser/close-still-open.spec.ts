// "Close what is still open" on a PARTIAL / FAILED / UNKNOWN result: the same confirmation (a fresh read) for exactly the
// result's target, never wider.
import { V2_CLOSE_PATH, expect, openApp, outcomeStatus, startClose, test } from './fixtures.ts';

test.use({ harnessOptions: { timing: { deadlineMs: 4_000, requestTimeoutMs: 1_500 } } });
test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 760 });
});

const STILL_OPEN = { name: 'Close what is still open…' };

test('from PARTIAL: the action opens the confirmation for the same target with a fresh read of what is left', async ({ page, harness, shot }) => {
  const { apiKey } = await harness.profileFor('main', {
    positions: [
      { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
      { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'long', size: '2' },
      { productType: 'COIN-FUTURES', symbol: 'BTCUSD', holdSide: 'long', size: '100' },
    ],
  });
  await harness.addFault({ kind: 'failure-list', path: V2_CLOSE_PATH, errorCode: '00000', errorMsg: 'position close failed', symbol: 'ETHUSDT', times: Infinity });
  await openApp(page, harness);
  await startClose(page);
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText('PARTIAL', { timeout: 15_000 });
  const outcome = page.getByTestId('outcome');
  await expect(outcome.getByRole('button', STILL_OPEN)).toBeVisible();
  await expect(outcome.locator('.still-open-action')).toContainText('every USDT-margined futures position on “main”');
  await shot('partial-action');

  await harness.clearFaults();
  await outcome.getByRole('button', STILL_OPEN).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Close what is still open after the PARTIAL result');
  await expect(dialog.locator('#confirm-what')).toHaveText('EVERY USDT-margined futures position · LONG and SHORT');
  const items = dialog.getByRole('list', { name: 'Positions that will be closed' }).getByRole('listitem');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toHaveText(/ETHUSDT\s+LONG\s+size\s+2/);
  await shot('partial-confirm');
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText('FLAT', { timeout: 15_000 });
  await expect(page.getByTestId('outcome').getByRole('button', STILL_OPEN)).toHaveCount(0);
  // Never wider than the original target: the coin-margined position is untouched.
  expect((await harness.account(apiKey)).positions.map((position) => position.symbol)).toEqual(['BTCUSD']);
});

test('from FAILED: the action targets exactly the refused symbol and side', async ({ page, harness, shot }) => {
  const { apiKey } = await harness.profileFor('main', {
    positions: [
      { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '2' },
      { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'long', size: '1' },
      { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'short', size: '0.5' },
    ],
  });
  await harness.addFault({ kind: 'failure-list', path: V2_CLOSE_PATH, errorCode: '00000', errorMsg: 'position close failed', times: Infinity });
  await openApp(page, harness);
  await startClose(page, { symbol: 'ETHUSDT', side: 'Short only' });
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText('FAILED', { timeout: 15_000 });
  await harness.clearFaults();
  await page.getByTestId('outcome').getByRole('button', STILL_OPEN).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('after the FAILED result');
  await expect(dialog.locator('#confirm-what')).toHaveText('ETHUSDT · SHORT · USDT-margined futures');
  const items = dialog.getByRole('list', { name: 'Positions that will be closed' }).getByRole('listitem');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toHaveText(/ETHUSDT\s+SHORT\s+size\s+2/);
  await shot('failed-confirm');
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText('FLAT', { timeout: 15_000 });
  const left = (await harness.account(apiKey)).positions.map((position) => `${position.symbol} ${position.holdSide}`).sort();
  expect(left).toEqual(['BTCUSDT short', 'ETHUSDT long']);
});

test('from UNKNOWN: the action is offered, and Escape in its confirmation sends nothing', async ({ page, harness, shot }) => {
  const { apiKey } = await harness.profileFor('main', {
    positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }],
  });
  await openApp(page, harness);
  const hang = await harness.addFault({ kind: 'hang', path: V2_CLOSE_PATH, times: Infinity });
  await startClose(page, { symbol: 'BTCUSDT' });
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText(/^(UNKNOWN|FAILED)$/, { timeout: 20_000 });
  const status = (await outcomeStatus(page).textContent())!;
  await harness.clearFaults();
  const sentBefore = (await harness.account(apiKey)).requests.filter((request) => request.path === V2_CLOSE_PATH).length;
  expect((await harness.fault(hang).catch(() => ({ hits: 1 }))).hits).toBeGreaterThan(0);

  await page.getByTestId('outcome').getByRole('button', STILL_OPEN).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`after the ${status} result`);
  await expect(dialog.locator('#confirm-what')).toHaveText('BTCUSDT · LONG and SHORT · USDT-margined futures');
  await expect(dialog.getByRole('list', { name: 'Positions that will be closed' }).getByRole('listitem')).toHaveText([/BTCUSDT\s+LONG\s+size\s+0\.5/]);
  await shot('unknown-confirm');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  const sentAfter = (await harness.account(apiKey)).requests.filter((request) => request.path === V2_CLOSE_PATH).length;
  expect(sentAfter).toBe(sentBefore);

  await page.getByTestId('outcome').getByRole('button', STILL_OPEN).click();
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText('FLAT', { timeout: 15_000 });
  expect((await harness.account(apiKey)).positions).toHaveLength(0);
});

test('after flatten everything: each part left open has its own action, for that profile and product type only', async ({ page, harness, shot }) => {
  const { apiKey } = await harness.profileFor('main', {
    positions: [
      { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'long', size: '2' },
      { productType: 'COIN-FUTURES', symbol: 'BTCUSD', holdSide: 'long', size: '100' },
    ],
  });
  await harness.addFault({ kind: 'failure-list', path: V2_CLOSE_PATH, errorCode: '00000', errorMsg: 'position close failed', symbol: 'ETHUSDT', times: Infinity });
  await openApp(page, harness);
  await page.getByRole('button', { name: 'Flatten EVERYTHING on LIVE main' }).click();
  await expect(page.getByRole('dialog').getByRole('button', { name: /^Close 2 positions/ })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText(/^(PARTIAL|FAILED)$/, { timeout: 20_000 });
  const outcome = page.getByTestId('outcome');
  await expect(outcome.locator('.everything-result-type[data-product-type="COIN-FUTURES"]').getByRole('button', STILL_OPEN)).toHaveCount(0);
  const usdt = outcome.locator('.everything-result-type[data-product-type="USDT-FUTURES"]');
  await expect(usdt.getByRole('button', STILL_OPEN)).toHaveCount(1);
  await expect(outcome.getByRole('button', STILL_OPEN)).toHaveCount(1);
  await shot('everything-action');

  await harness.clearFaults();
  await usdt.getByRole('button', STILL_OPEN).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('after the flatten-everything result');
  await expect(dialog.locator('#confirm-what')).toHaveText('EVERY USDT-margined futures position · LONG and SHORT');
  await expect(dialog.getByRole('list', { name: 'Positions that will be closed' }).getByRole('listitem')).toHaveText([/ETHUSDT\s+LONG\s+size\s+2/]);
  await shot('everything-confirm');
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText('FLAT', { timeout: 15_000 });
  expect((await harness.account(apiKey)).positions).toHaveLength(0);
});
