// Everything by keyboard alone: close one position (Tab to its row, Enter, Enter), open a dialog and leave it with
// Escape (nothing is sent), and reach History and Settings; the focused control always shows its focus ring.
import { expect, openApp, outcomeStatus, positionRows, test } from './fixtures.ts';
import { expectVisibleFocus, tabTo } from './layout.ts';

const POSITIONS = [
  { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
  { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '3' },
] as const;

test('keyboard only: Tab to a row, Enter opens the confirmation with focus on confirm, Enter closes that position', async ({ page, harness, shot }) => {
  const { apiKey } = await harness.profileFor('main', { positions: [...POSITIONS] });
  await openApp(page, harness);
  await expect(positionRows(page)).toHaveCount(2);

  const rowButton = page.getByRole('button', { name: 'Close ETHUSDT short' });
  await tabTo(page, rowButton);
  await expectVisibleFocus(page);
  await shot('row-focused');
  await page.keyboard.press('Enter');

  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('ETHUSDT');
  const confirm = dialog.getByRole('button', { name: /^Close 1 position/ });
  await expect(confirm).toBeFocused();
  await expectVisibleFocus(page);
  await shot('confirm-focused');
  await page.keyboard.press('Enter');

  await expect(outcomeStatus(page)).toHaveText('FLAT');
  await expect(positionRows(page)).toHaveCount(1);
  await expect(positionRows(page).first()).toContainText('BTCUSDT');
  const left = (await harness.account(apiKey)).positions;
  expect(left.map((position) => `${position.symbol} ${position.holdSide}`)).toEqual(['BTCUSDT long']);
  await shot('closed');
});

test('keyboard only: the big button and Flatten EVERYTHING open their dialogs; Escape closes them and sends nothing', async ({ page, harness, shot }) => {
  const { apiKey } = await harness.profileFor('main', { positions: [...POSITIONS] });
  await openApp(page, harness);
  await expect(positionRows(page)).toHaveCount(2);

  const big = page.getByRole('button', { name: /^CLOSE ALL POSITIONS/ });
  await tabTo(page, big);
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: /^Close 2 positions/ })).toBeFocused();
  await shot('confirm-open');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  const flatten = page.getByRole('button', { name: 'Flatten EVERYTHING on LIVE main' });
  await tabTo(page, flatten);
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  await expect(page.getByRole('dialog').getByRole('button', { name: /^Close 2 positions/ })).toBeFocused();
  await shot('flatten-open');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  const account = await harness.account(apiKey);
  expect(account.closeRequests.count).toBe(0);
  expect(account.positions).toHaveLength(2);
});

test('keyboard only: the screen tabs reach History and Settings, and back to closing', async ({ page, harness, shot }) => {
  await harness.profileFor('main', { positions: [...POSITIONS] });
  await openApp(page, harness);

  await tabTo(page, page.getByRole('button', { name: 'History' }));
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'History' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'History' })).toHaveAttribute('aria-current', 'page');
  await shot('history');

  await tabTo(page, page.getByRole('button', { name: 'Settings' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('profile-card').first()).toBeVisible();
  // Settings' own controls are reachable too.
  await tabTo(page, page.getByTestId('profile-card').filter({ hasText: 'main' }).getByRole('button', { name: 'Test connection' }));
  await expectVisibleFocus(page);
  await shot('settings');

  await tabTo(page, page.getByRole('button', { name: 'Close positions' }), 80);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: /^CLOSE ALL POSITIONS/ })).toBeVisible();
});
