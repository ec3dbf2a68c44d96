// The window never opens a screen scrolled down with the header (and its LIVE/DEMO/PRACTICE badge) out of view: not
// after the first profile is added at the bottom of its form, not after an outcome. Checked at the minimum size,
// where the forms are longest.
import { expect, openApp, outcomeStatus, positionRows, test } from './fixtures.ts';
import { MINIMUM_SIZE, expectCloseButtonsInView, expectInViewport } from './layout.ts';

test.use({ viewport: MINIMUM_SIZE });

test('after adding the first profile the close screen opens at the top, its LIVE badge in view', async ({ page, harness, shot }) => {
  const credentials = await harness.addAccount({ positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }] });
  await openApp(page, harness);
  await page.getByRole('button', { name: 'Add your Bitget API key' }).click();
  await page.getByLabel('Profile name').fill('main');
  await page.getByLabel('API key', { exact: true }).fill(credentials.apiKey);
  await page.getByLabel('Secret key').fill(credentials.secretKey);
  await page.getByLabel('Passphrase').fill(credentials.passphrase);
  const add = page.getByRole('button', { name: 'Add profile' });
  await add.scrollIntoViewIfNeeded();
  await shot('form-bottom');
  await add.click();

  await expect(page.locator('.topbar .badge-live')).toHaveText('LIVE');
  await expect(positionRows(page)).toHaveCount(1);
  await expectInViewport(page, page.locator('.topbar .badge-live'), 'the LIVE badge');
  expect(await page.evaluate<number>('window.scrollY'), 'the page itself is not scrolled').toBe(0);
  expect(await page.locator('main').evaluate((main) => main.scrollTop), 'the close screen starts at its top').toBe(0);
  await expectCloseButtonsInView(page);
  await shot('after-add');
});

test('after an outcome (from this window, then pushed by a hotkey) the header stays in view and the result is shown', async ({ page, harness, shot }) => {
  await harness.profileFor('main', {
    positions: [
      { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
      { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '3' },
      { productType: 'USDT-FUTURES', symbol: 'SOLUSDT', holdSide: 'long', size: '10' },
    ],
  });
  await openApp(page, harness);
  await expect(positionRows(page)).toHaveCount(3);

  await page.getByRole('button', { name: 'Close BTCUSDT long' }).click();
  await page.getByRole('dialog').getByRole('button', { name: /^Close 1 position/ }).click();
  await expect(outcomeStatus(page)).toHaveText('FLAT');
  await expectInViewport(page, page.locator('.topbar .badge-live'), 'the LIVE badge after a close from the window');
  await expectInViewport(page, outcomeStatus(page), 'the result after a close from the window');
  expect(await page.evaluate<number>('window.scrollY'), 'the page itself is not scrolled').toBe(0);
  await shot('after-window-close');

  // Scrolled to the bottom of the table, a hotkey closes ETHUSDT: its result comes into view, the header stays.
  await page.locator('main').evaluate((main) => main.scrollTo({ top: main.scrollHeight }));
  await harness.addPreset({ id: 'flatten-eth', name: 'Flatten ETH', profile: 'main', productType: 'USDT-FUTURES', symbol: 'ETHUSDT', hotkey: 'Alt+F9' });
  const pushed = await harness.trigger('Flatten ETH');
  expect(pushed.outcome?.status).toBe('flat');
  await expect(page.getByTestId('outcome')).toContainText('from a global hotkey');
  await expectInViewport(page, page.locator('.topbar .badge-live'), 'the LIVE badge after a pushed outcome');
  await expectInViewport(page, outcomeStatus(page), 'the pushed result');
  expect(await page.evaluate<number>('window.scrollY'), 'the page itself is not scrolled').toBe(0);
  await shot('after-pushed-outcome');
});
