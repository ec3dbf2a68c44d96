import { expect, openApp, outcomeStatus, startClose, test } from './fixtures.ts';

test('a demo profile is DEMO on every surface and sends paptrading: 1; the live one is LIVE and does not', async ({ page, harness, shot }) => {
  const demo = await harness.profileFor('paper', {
    demo: true,
    positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }],
  });
  const live = await harness.profileFor('main', {
    positions: [{ productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'long', size: '1' }],
  });
  await openApp(page, harness);
  await page.getByLabel('Account profile').selectOption('paper');

  await expect(page.locator('.topbar .badge')).toHaveText('DEMO');
  await expect(page.locator('.app')).toHaveClass(/mode-demo/);
  await expect(page.getByRole('button', { name: /^CLOSE / })).toContainText('DEMO “paper”');
  await shot('demo-close-screen');

  const dialog = await startClose(page);
  await expect(dialog.locator('.badge')).toHaveText('DEMO');
  await expect(dialog).not.toContainText('REAL MONEY');
  await shot('demo-confirm');
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText('FLAT');
  await expect(page.getByTestId('outcome').locator('.badge')).toHaveText('DEMO');
  await shot('demo-outcome');

  const demoAccount = await harness.account(demo.apiKey);
  expect(demoAccount.positions).toHaveLength(0);
  const privateRequests = demoAccount.requests.filter((request) => request.path !== '/api/v2/public/time');
  expect(privateRequests.length).toBeGreaterThan(0);
  for (const request of privateRequests) expect(request.headers.paptrading, `${request.method} ${request.path}`).toBe('1');

  await page.getByLabel('Account profile').selectOption('main');
  await expect(page.locator('.topbar .badge')).toHaveText('LIVE');
  await expect(page.locator('.app')).toHaveClass(/mode-live/);
  await expect(page.locator('.positions-section')).toContainText('ETHUSDT');
  await shot('live-close-screen');
  const liveAccount = await harness.account(live.apiKey);
  expect(liveAccount.requests.length).toBeGreaterThan(0);
  for (const request of liveAccount.requests) expect(request.headers.paptrading).toBeUndefined();
});
