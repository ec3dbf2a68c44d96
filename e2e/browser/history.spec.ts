import { expect, openApp, outcomeStatus, startClose, test } from './fixtures.ts';

test('history: window and hotkey closes, newest first; a hotkey outcome is pushed to the window', async ({ page, harness, shot }) => {
  await harness.profileFor('main', {
    positions: [
      { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
      { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '3' },
    ],
  });
  await openApp(page, harness);

  await startClose(page, { symbol: 'BTCUSDT' });
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText('FLAT');

  // A preset's hotkey fires in main: the core runs the preset, the outcome is pushed to the window.
  const preset = await harness.addPreset({ id: 'flatten-eth', name: 'Flatten ETH', profile: 'main', productType: 'USDT-FUTURES', symbol: 'ETHUSDT', hotkey: 'Alt+F9' });
  expect(preset.everything).toBe(false);
  const pushed = await harness.trigger('Flatten ETH');
  expect(pushed.error).toBeUndefined();
  expect(pushed.outcome?.status).toBe('flat');
  await expect(page.getByTestId('outcome')).toContainText('from a global hotkey (preset “Flatten ETH”)');
  await expect(page.getByTestId('outcome')).toContainText('ETHUSDT');
  await expect(outcomeStatus(page)).toHaveText('FLAT');
  // The live table never shows pre-close rows as current: they are marked until the re-read lands.
  await expect(page.getByText('No open positions in USDT-margined futures.')).toBeVisible();
  await shot('pushed-hotkey-outcome');

  await page.getByRole('button', { name: 'History' }).click();
  const rows = page.getByTestId('history-row').filter({ hasText: 'Close result' });
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('hotkey');
  await expect(rows.nth(0)).toContainText('ETHUSDT');
  await expect(rows.nth(0)).toContainText('FLAT');
  await expect(rows.nth(1)).toContainText('window');
  await expect(rows.nth(1)).toContainText('BTCUSDT');
  await expect(rows.nth(1)).toContainText('LIVE');
  await shot('history');

  await page.getByRole('checkbox', { name: 'Show every exchange request too' }).check();
  await expect(page.getByTestId('history-row').filter({ hasText: '/api/v2/mix/order/close-positions' }).first()).toBeVisible();
  await shot('history-everything');
});
