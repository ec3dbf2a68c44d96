// The account guard, rehearsed on the practice account: armed deliberately (a confirmation naming the account, PRACTICE
// and the limit), visible in the header while armed, then prices fall (practice scenario) until the daily loss limit
// trips: the guard flattens everything through the close path by itself, stays tripped, and the history says why.
import { expect, openApp, test } from './fixtures.ts';

test('arm the guard on Practice, let prices fall: it warns, trips, flattens everything and records why', async ({ page, harness, shot }) => {
  test.setTimeout(90_000);
  await openApp(page, harness);
  await page.getByRole('button', { name: 'Guard', exact: true }).click();
  const card = page.getByTestId('guard-Practice');
  await expect(card).toContainText('Not armed');

  // A limit that is not a number is refused with the field's name, before anything is armed.
  await card.getByLabel('Daily loss limit').fill('fifty');
  await card.getByRole('button', { name: 'Arm guard…' }).click();
  await expect(card.getByRole('alert')).toContainText('Daily loss limit:');

  // Warning at half the limit: the prices fall about 13 USDT a second on this book, so the warning comes seconds before.
  await card.getByLabel('Daily loss limit').fill('60');
  await card.getByLabel('Warn at (% of each limit)').fill('50');
  await card.getByRole('button', { name: 'Arm guard…' }).click();
  const dialog = page.getByRole('dialog', { name: /Arm the guard on/ });
  await expect(dialog).toContainText('PRACTICE');
  await expect(dialog).toContainText('Practice');
  await expect(dialog).toContainText('Daily loss limit: 60 USDT (warns at 30)');
  await expect(dialog).toContainText('closes EVERY position on this profile');
  await shot('arm-confirmation');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();

  const headline = page.getByTestId('guard-headline');
  await expect(headline).toHaveText(/GUARD (ARMED|CANNOT SEE): Practice/);
  // The first figures come from the practice exchange's live feed: then the guard watches.
  await expect(card).toContainText('Armed: watching', { timeout: 15_000 });
  await expect(card.getByTestId('guard-feed')).toContainText('Live feed');
  await expect(card).toContainText('Equity');
  await shot('armed');

  // The bad minute: every price falls 0.3 % a second. The seeded USDT book is net long.
  await page.getByRole('button', { name: 'Close positions' }).click();
  const panel = page.getByRole('region', { name: 'Rehearse the bad minute' });
  await panel.getByRole('button', { name: /Prices keep falling/ }).click();

  // The guard flattens by itself: its result is shown like any trigger's, from "the account guard".
  await expect(headline).toHaveText('GUARD TRIPPED: Practice', { timeout: 45_000 });
  // The result (not the progress of the closes, which also names the guard): the window shows it when it comes.
  const outcome = page.getByTestId('outcome');
  await expect(outcome).toContainText(/Result at \d\d:\d\d:\d\d from the account guard/, { timeout: 20_000 });
  await shot('tripped-outcome');

  await page.getByRole('button', { name: 'Guard', exact: true }).click();
  await expect(card).toContainText('TRIPPED: flattened');
  await expect(card.getByRole('alert')).toContainText('Daily loss');
  await expect(card.getByRole('button', { name: 'Re-arm…' })).toBeVisible();
  await shot('tripped-card');

  // Everything on the practice account is closed (all three product types), and orders are cancelled.
  const practice = await harness.invoke('getPractice');
  expect(practice.ok && practice.value.openPositions).toBe(0);

  // The history says what tripped it, with the figures, and the guard's closes.
  await page.getByRole('button', { name: 'History' }).click();
  const guardRows = page.getByTestId('history-row').filter({ hasText: 'Account guard' });
  await expect(guardRows.filter({ hasText: /TRIPPED/ })).toHaveCount(1, { timeout: 10_000 });
  await expect(guardRows.filter({ hasText: /TRIPPED/ })).toContainText('Daily loss limit');
  await expect(guardRows.filter({ hasText: /TRIPPED/ })).toContainText(/Daily loss -\d+(\.\d+)? USDT reached the limit of 60 USDT/);
  // It warned before it tripped (newest first: the trip above its warning). Practice prices are noisy around the
  // warning level, so an episode may end and a second warning come; never a warning after the trip.
  const events = await guardRows.locator('strong').allTextContents();
  expect(events.indexOf('TRIPPED')).toBeGreaterThanOrEqual(0);
  expect(events.indexOf('WARNING')).toBeGreaterThan(events.indexOf('TRIPPED'));
  await expect(guardRows.filter({ has: page.locator('strong', { hasText: /^armed$/ }) })).toContainText('Daily loss limit: 60 USDT');
  await expect(page.getByTestId('history-row').filter({ hasText: 'guard' }).filter({ hasText: 'Close result' }).first()).toBeVisible();
  await shot('history');
});
