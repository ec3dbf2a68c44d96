import { V2_CLOSE_PATH, V2_POSITIONS_PATH, expect, openApp, outcomeStatus, startClose, test } from './fixtures.ts';

test.describe('network faults', () => {
  test.use({ harnessOptions: { timing: { deadlineMs: 5_000, requestTimeoutMs: 1_500 } } });

  test('a dropped connection on the close is retried and the result is verified FLAT', async ({ page, harness, shot }) => {
    const { apiKey } = await harness.profileFor('main', {
      positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }],
    });
    const fault = await harness.addFault({ kind: 'drop', path: V2_CLOSE_PATH, times: 1 });
    await openApp(page, harness);
    await startClose(page);
    await page.keyboard.press('Enter');
    await expect(outcomeStatus(page)).toHaveText('FLAT', { timeout: 15_000 });
    expect((await harness.fault(fault)).hits).toBe(1);
    expect((await harness.account(apiKey)).positions).toHaveLength(0);
    await shot('outcome-after-drop');
  });

  test('an exchange that hangs: the window never claims FLAT and shows what is still open', async ({ page, harness, shot }) => {
    const { apiKey } = await harness.profileFor('main', {
      positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }],
    });
    await openApp(page, harness);
    await harness.addFault({ kind: 'hang', path: V2_CLOSE_PATH, times: Infinity });
    await startClose(page);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'CLOSING…' })).toBeVisible();
    await expect(outcomeStatus(page)).toHaveText(/^(UNKNOWN|FAILED)$/, { timeout: 20_000 });
    const outcome = page.getByTestId('outcome');
    await expect(outcome.locator('.explained-error')).toBeVisible();
    await expect(outcome.locator('table.positions')).toContainText('BTCUSDT');
    await shot('outcome-hang');
    expect((await harness.account(apiKey)).positions).toHaveLength(1);
  });

  test('positions that cannot be read are explained, not shown as empty', async ({ page, harness, shot }) => {
    await harness.profileFor('main', { positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }] });
    // Neither the live feed's socket nor any REST read of positions works.
    await harness.webSocket('down');
    await harness.addFault({ kind: 'drop', path: V2_POSITIONS_PATH, times: Infinity });
    await openApp(page, harness);
    const positions = page.locator('.positions-section');
    await expect(positions.locator('.explained-error')).toBeVisible({ timeout: 15_000 });
    await expect(positions).not.toContainText('No open positions');
    await shot('positions-network-error');
  });
});
