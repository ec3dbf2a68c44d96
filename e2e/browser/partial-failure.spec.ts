import { V2_CLOSE_PATH, expect, openApp, outcomeStatus, positionRows, startClose, test } from './fixtures.ts';

test.use({ harnessOptions: { timing: { deadlineMs: 4_000 } } });

test('partial failure: one symbol refused in failureList (code 00000) → PARTIAL with what is still open', async ({ page, harness, shot }) => {
  const { apiKey } = await harness.profileFor('main', {
    positions: [
      { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
      { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'long', size: '2' },
    ],
  });
  await harness.addFault({ kind: 'failure-list', path: V2_CLOSE_PATH, errorCode: '00000', errorMsg: 'position close failed', symbol: 'ETHUSDT', times: Infinity });
  await openApp(page, harness);

  await startClose(page);
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText('PARTIAL', { timeout: 15_000 });
  const outcome = page.getByTestId('outcome');
  await expect(outcome).toContainText('STILL OPEN');
  await expect(outcome.locator('table.positions')).toContainText('ETHUSDT');
  await expect(outcome.locator('table.positions')).not.toContainText('BTCUSDT');
  await expect(outcome.locator('.outcome-failed')).toContainText('ETHUSDT');
  await expect(outcome.locator('.outcome-failed')).toContainText('00000');
  // The live table agrees with the outcome once it is re-read (never stale rows shown as current).
  await expect(positionRows(page)).toHaveCount(1);
  await expect(positionRows(page).first()).toContainText('ETHUSDT');
  await shot('outcome-partial');

  const account = await harness.account(apiKey);
  expect(account.positions.map((position) => position.symbol)).toEqual(['ETHUSDT']);
});

test('every close refused → FAILED, and the position is shown as still open', async ({ page, harness, shot }) => {
  const { apiKey } = await harness.profileFor('main', {
    positions: [{ productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '2' }],
  });
  await harness.addFault({ kind: 'failure-list', path: V2_CLOSE_PATH, errorCode: '00000', errorMsg: 'position close failed', times: Infinity });
  await openApp(page, harness);

  await startClose(page, { symbol: 'ETHUSDT' });
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText('FAILED', { timeout: 15_000 });
  await expect(page.getByTestId('outcome').locator('table.positions')).toContainText('ETHUSDT');
  await shot('outcome-failed');
  expect((await harness.account(apiKey)).positions).toHaveLength(1);
});
