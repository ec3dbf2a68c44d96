// "Test connection" proves the key can close: a trading key is reported with its UID and endpoint; a read-only key is
// "can read, CANNOT CLOSE", never OK. Needs the core's permission check (issue 7: canClose, uid, endpoint).
import { expect, openApp, test } from './fixtures.ts';

test('a read-only key is reported as can read, cannot close; a trading key as able to close, with UID and endpoint', async ({ page, harness, shot }) => {
  await harness.profileFor('trading');
  await harness.profileFor('readonly', { permissions: 'read-only' });
  await openApp(page, harness);
  await page.getByRole('button', { name: 'Settings' }).click();

  const trading = page.getByTestId('profile-card').filter({ hasText: 'trading' });
  await trading.getByRole('button', { name: 'Test connection' }).click();
  const tradingVerdict = trading.getByTestId('connection-test');
  await expect(tradingVerdict).toHaveClass(/test-ok/);
  await expect(tradingVerdict).toContainText('Connected to LIVE “trading”: this key can read and close positions.');
  await expect(tradingVerdict).toContainText(/UID \d+/);
  await expect(tradingVerdict).toContainText('endpoint');

  const readOnly = page.getByTestId('profile-card').filter({ hasText: 'readonly' });
  await readOnly.getByRole('button', { name: 'Test connection' }).click();
  const readOnlyVerdict = readOnly.getByTestId('connection-test');
  await expect(readOnlyVerdict).toHaveClass(/test-error/);
  await expect(readOnlyVerdict).toContainText('can read, CANNOT CLOSE');
  await shot('read-only');
});
