import { expect, openApp, outcomeStatus, startClose, test } from './fixtures.ts';

test('a rejected key (wrong passphrase) is explained on positions, the connection test and a close', async ({ page, harness, shot }) => {
  const { apiKey } = await harness.profileFor('main', {
    wrongPassphrase: true,
    positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }],
  });
  await openApp(page, harness);

  const positions = page.locator('.positions-section');
  await expect(positions).toContainText('Positions could not be read');
  await expect(positions).toContainText('The API key and passphrase do not match.');
  await expect(positions).toContainText('What to do: Enter the passphrase you chose when you created this API key');
  await shot('positions-auth-error');

  const dialog = await startClose(page);
  await expect(dialog).toContainText('Open positions could not be read just now');
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).not.toHaveText('FLAT');
  await expect(page.getByTestId('outcome')).toContainText('The API key and passphrase do not match.');
  await expect(page.getByTestId('outcome')).toContainText('NOT VERIFIED');
  await shot('outcome-auth-error');
  expect((await harness.account(apiKey)).positions).toHaveLength(1);

  await page.getByRole('button', { name: 'Settings' }).click();
  const card = page.getByTestId('profile-card').filter({ hasText: 'key ending' });
  await card.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText('Connection test failed')).toBeVisible();
  await expect(card).toContainText('The API key and passphrase do not match.');
  await shot('settings-auth-error');
});
