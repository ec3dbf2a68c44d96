import { expect, openApp, test } from './fixtures.ts';

test('the profile form refuses a name that reads the same as an existing profile, naming it and the look-alike letter', async ({ page, harness }) => {
  await harness.profileFor('main', {});
  const other = await harness.addAccount({});
  await openApp(page, harness);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Add your Bitget API key' }).click();

  // "mаin" with a Cyrillic а (U+0430): on screen it is "main".
  await page.getByLabel('Profile name').fill('m\u0430in');
  await page.getByLabel('API key', { exact: true }).fill(other.apiKey);
  await page.getByLabel('Secret key').fill(other.secretKey);
  await page.getByLabel('Passphrase').fill(other.passphrase);
  await page.getByRole('button', { name: 'Add profile' }).click();

  await expect(page.getByText('looks like the existing profile "main"')).toBeVisible();
  await expect(page.getByText('(U+0430) looks like "a"')).toBeVisible();
  const profiles = await harness.invoke('listProfiles');
  expect(profiles.ok && profiles.value.filter((profile) => !profile.practice).map((profile) => profile.name)).toEqual(['main']);
});
