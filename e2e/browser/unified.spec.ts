import { V3_CLOSE_PATH, expect, openApp, outcomeStatus, positionRows, startClose, test } from './fixtures.ts';

test('a unified (V3) account: positions, a close over the V3 route, and the kind shown on the profile', async ({ page, harness, shot }) => {
  const { apiKey } = await harness.profileFor('uta', {
    kind: 'unified',
    positions: [
      { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
      { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '3' },
    ],
  });
  await openApp(page, harness);
  await expect(positionRows(page)).toHaveCount(2);
  await shot('unified-positions');

  await startClose(page, { symbol: 'ETHUSDT', side: 'Short only' });
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText('FLAT');
  await expect(page.getByTestId('outcome')).toContainText('unified account');
  await shot('unified-outcome');

  const account = await harness.account(apiKey);
  expect(account.positions.map((position) => position.symbol)).toEqual(['BTCUSDT']);
  expect(account.requests.some((request) => request.path === V3_CLOSE_PATH)).toBe(true);

  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByTestId('profile-card').filter({ hasText: 'key ending' })).toContainText('unified account');
});
