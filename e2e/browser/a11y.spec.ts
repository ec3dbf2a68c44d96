// Every screen passes an axe audit (@axe-core/playwright) with no serious or critical violation: the close screen with
// positions, the confirmation, the flatten-everything dialog, an outcome, history, settings, the add-key form and the
// practice panel.
import { expect, openApp, outcomeStatus, positionRows, startClose, test } from './fixtures.ts';
import { expectNoSeriousA11yViolations } from './layout.ts';

const POSITIONS = [
  { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5', entryPrice: '60000', markPrice: '61000' },
  { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '3', entryPrice: '3000', markPrice: '3100' },
] as const;

test('axe: close screen with positions, its confirmation, and the outcome', async ({ page, harness, shot }) => {
  await harness.profileFor('main', { positions: [...POSITIONS] });
  await openApp(page, harness);
  await expect(positionRows(page)).toHaveCount(2);
  await expectNoSeriousA11yViolations(page);
  await shot('close-screen');

  const dialog = await startClose(page, { symbol: 'BTCUSDT' });
  await expect(dialog.getByRole('button', { name: /^Close 1 position/ })).toBeFocused();
  await expectNoSeriousA11yViolations(page);
  await shot('confirm');
  await page.keyboard.press('Enter');

  await expect(outcomeStatus(page)).toHaveText('FLAT');
  await expect(positionRows(page)).toHaveCount(1);
  await expectNoSeriousA11yViolations(page);
  await shot('outcome');
});

test('axe: the flatten-everything dialog', async ({ page, harness, shot }) => {
  await harness.profileFor('main', { positions: [...POSITIONS] });
  await harness.profileFor('paper', { demo: true });
  await openApp(page, harness);
  await page.getByRole('button', { name: /on EVERY profile/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('button', { name: /^Close \d+ positions?/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await shot('flatten-everything');
});

test('axe: history with close results and every exchange request', async ({ page, harness, shot }) => {
  await harness.profileFor('main', { positions: [...POSITIONS] });
  await openApp(page, harness);
  await startClose(page, { symbol: 'ETHUSDT' });
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText('FLAT');
  await page.getByRole('button', { name: 'History' }).click();
  await page.getByRole('checkbox', { name: 'Show every exchange request too' }).check();
  await expect(page.getByTestId('history-row').filter({ hasText: 'Close result' })).toHaveCount(1);
  await expectNoSeriousA11yViolations(page);
  await shot('history');
});

test('axe: settings with profiles, presets and options', async ({ page, harness, shot }) => {
  await harness.profileFor('main');
  await harness.addPreset({ id: 'flatten-btc', name: 'Flatten BTC', profile: 'main', productType: 'USDT-FUTURES', symbol: 'BTCUSDT', hotkey: 'Alt+F9' });
  await openApp(page, harness);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByTestId('profile-card').first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await shot('settings');
});

test('axe: the add-key form, empty and with a problem reported', async ({ page, harness, shot }) => {
  await openApp(page, harness);
  await page.getByRole('button', { name: 'Add your Bitget API key' }).click();
  await expect(page.getByRole('heading', { name: 'Add your Bitget API key' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel('Profile name').fill('main');
  await page.getByRole('button', { name: 'Add profile' }).click();
  await expect(page.getByText('The API key, the secret key and the passphrase are all needed.')).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await shot('add-key');
});

test('axe: the practice account with its rehearsal panel', async ({ page, harness, shot }) => {
  await openApp(page, harness);
  await expect(positionRows(page).first()).toBeVisible();
  const panel = page.getByRole('region', { name: 'Rehearse the bad minute' });
  await panel.getByRole('button', { name: /Exchange refuses part of the close/ }).click();
  await expect(panel).toContainText('in force');
  await expectNoSeriousA11yViolations(page);
  await shot('practice');
});

test('axe: the guard screen, its arm confirmation, and an armed guard with the header line', async ({ page, harness, shot }) => {
  await harness.profileFor('main', { positions: [...POSITIONS] });
  await openApp(page, harness);
  await page.getByRole('button', { name: 'Guard', exact: true }).click();
  const card = page.getByTestId('guard-main');
  await expect(card).toContainText('Not armed');
  await expectNoSeriousA11yViolations(page);
  await card.getByLabel('Daily loss limit').fill('500');
  await card.getByRole('button', { name: 'Arm guard…' }).click();
  const dialog = page.getByRole('dialog', { name: /Arm the guard on/ });
  await expect(dialog.getByRole('button', { name: /^Arm guard on main/ })).toBeFocused();
  await expectNoSeriousA11yViolations(page);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('guard-headline')).toContainText('main');
  await expect(card).toContainText('Armed: watching', { timeout: 15_000 });
  await expectNoSeriousA11yViolations(page);
  await shot('guard-armed');
});
