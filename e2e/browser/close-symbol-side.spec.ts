import { V2_CLOSE_PATH, expect, openApp, outcomeStatus, positionRows, startClose, test } from './fixtures.ts';

test('close one symbol and side: the dialog names exactly that, Escape cancels, Enter closes only it', async ({ page, harness, shot }) => {
  const { apiKey } = await harness.profileFor('main', {
    posMode: 'hedge_mode',
    positions: [
      { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5', entryPrice: '60000', markPrice: '61000' },
      { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'short', size: '0.2', entryPrice: '62000', markPrice: '61000' },
      { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'long', size: '2', entryPrice: '3000', markPrice: '3100' },
    ],
  });
  await openApp(page, harness);
  await expect(positionRows(page)).toHaveCount(3);
  // The harness talks to the simulator, not Bitget: the header says where signed requests go.
  await expect(page.getByRole('banner').getByRole('status')).toHaveText(/^Exchange endpoint: http:\/\/127\.0\.0\.1:\d+ \(not Bitget's https:\/\/api\.bitget\.com\)$/);
  await shot('close-screen');

  const dialog = await startClose(page, { symbol: 'btcusdt', side: 'Long only' });
  await expect(dialog).toContainText('LIVE');
  await expect(dialog).toContainText('main');
  await expect(dialog).toContainText('LIVE ACCOUNT — REAL MONEY');
  const items = dialog.getByRole('list', { name: 'Positions that will be closed' }).getByRole('listitem');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toHaveText(/BTCUSDT\s+LONG\s+size\s+0\.5/);
  await expect(dialog.getByRole('button', { name: /Close 1 position/ })).toBeFocused();
  await shot('confirm-dialog');

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect((await harness.account(apiKey)).closeRequests.count).toBe(0);

  await startClose(page, { symbol: 'BTCUSDT', side: 'Long only' });
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText('FLAT');
  await expect(page.getByTestId('outcome')).toContainText('BTCUSDT · LONG');
  await expect(page.getByTestId('outcome')).toContainText('First response');
  await expect(page.getByTestId('outcome')).toBeFocused();

  const account = await harness.account(apiKey);
  expect(account.positions.map((position) => `${position.symbol} ${position.holdSide}`).sort()).toEqual(['BTCUSDT short', 'ETHUSDT long']);
  const closes = account.requests.filter((request) => request.path === V2_CLOSE_PATH);
  expect(closes.length).toBeGreaterThanOrEqual(1);
  expect(JSON.parse(closes[0]!.body)).toMatchObject({ symbol: 'BTCUSDT', holdSide: 'long', productType: 'USDT-FUTURES' });
  await expect(positionRows(page)).toHaveCount(2);
  await shot('outcome-flat');
});

test('a row button closes that symbol and side after the same confirmation', async ({ page, harness }) => {
  const { apiKey } = await harness.profileFor('main', {
    positions: [
      { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'short', size: '1' },
      { productType: 'USDT-FUTURES', symbol: 'XRPUSDT', holdSide: 'long', size: '100' },
    ],
  });
  await openApp(page, harness);
  await page.getByRole('button', { name: 'Close XRPUSDT long' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('listitem')).toHaveText([/XRPUSDT\s+LONG\s+size\s+100/]);
  await dialog.getByRole('button', { name: /Close 1 position/ }).click();
  await expect(outcomeStatus(page)).toHaveText('FLAT');
  expect((await harness.account(apiKey)).positions.map((position) => position.symbol)).toEqual(['BTCUSDT']);
});
