import { expect, openApp, positionRows, test } from './fixtures.ts';

test('first run: practice first, a plain path to add a key, then the profile works and its secrets never come back', async ({ page, harness, shot }) => {
  const credentials = await harness.addAccount({
    positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5', entryPrice: '60000', markPrice: '61000' }],
  });
  await openApp(page, harness);

  // The window opens on the Practice account; the key form is one plain click away.
  await expect(page.locator('.topbar .badge-practice')).toHaveText('PRACTICE');
  await page.getByRole('button', { name: 'Add your Bitget API key' }).click();
  await expect(page.getByRole('heading', { name: 'Add your Bitget API key' })).toBeVisible();
  await expect(page.getByText('futures trade permission only')).toBeVisible();
  await expect(page.getByText('No withdrawal')).toBeVisible();
  await expect(page.getByText('IP whitelist')).toBeVisible();
  await shot('first-run');

  await page.getByLabel('Profile name').fill('main');
  await expect(page.getByLabel('API key', { exact: true })).toHaveAttribute('type', 'password');
  await page.getByLabel('API key', { exact: true }).fill(credentials.apiKey);
  await page.getByLabel('Secret key').fill(credentials.secretKey);
  await page.getByLabel('Passphrase').fill(credentials.passphrase);
  await expect(page.getByText('it trades REAL MONEY')).toBeVisible();
  await shot('first-run-filled');
  await page.getByRole('button', { name: 'Add profile' }).click();

  // The close screen for the new LIVE profile, with its position read from the simulator.
  await expect(page.getByRole('button', { name: /CLOSE ALL POSITIONS/ })).toBeVisible();
  await expect(page.locator('.topbar .badge-live')).toHaveText('LIVE');
  await expect(positionRows(page)).toHaveCount(1);
  await expect(positionRows(page).first()).toContainText('BTCUSDT');

  // Settings shows only "configured, key ending …", and "Test connection" reports the result.
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByText(`configured, key ending …${credentials.apiKey.slice(-4)}`)).toBeVisible();
  const card = page.getByTestId('profile-card').filter({ hasText: 'key ending' });
  await card.getByRole('button', { name: 'Test connection' }).click();
  const verdict = card.getByTestId('connection-test');
  await expect(verdict).toContainText('Connected to LIVE “main”');
  await expect(verdict).toContainText('classic account, 1 open position');
  await expect(verdict).toContainText('UID');
  await shot('settings-after-add');

  // Editing never pre-fills a secret.
  await card.getByRole('button', { name: 'Edit' }).click();
  for (const label of ['API key', 'Secret key', 'Passphrase']) await expect(page.getByLabel(label)).toHaveValue('');
  const html = await page.content();
  for (const secret of [credentials.apiKey, credentials.secretKey, credentials.passphrase]) expect(html).not.toContain(secret);
});
