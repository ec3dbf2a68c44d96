// Practice mode in the window, on a fresh data folder with no key, at the app's default window size (1100×760): the
// window opens on the Practice account with its positions and the close button ready, closes them through the same
// close path, rehearses a named scenario and resets; PRACTICE (never LIVE) on every surface.
// Needs part 1 of issue 7 (the practice exchange behind the core's getPractice/runPracticeScenario/resetPractice).
import { PRACTICE_PROFILE_NAME } from '../../shared/practice.ts';
import { expect, openApp, outcomeStatus, positionRows, startClose, test } from './fixtures.ts';

test.use({ viewport: { width: 1100, height: 760 } });

test('first start: the Practice account, positions visible, closed flat without a key; PRACTICE on every surface', async ({ page, harness, shot }) => {
  await openApp(page, harness);

  await expect(page.locator('.app')).toHaveClass(/mode-practice/);
  await expect(page.locator('.topbar .badge-practice')).toHaveText('PRACTICE');
  await expect(page.locator('.topbar')).toContainText('Practice');
  await expect(page.locator('.badge-live')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Add your Bitget API key' })).toBeVisible();
  await expect(positionRows(page).first()).toBeVisible();
  const before = await positionRows(page).count();
  expect(before).toBeGreaterThan(1);
  // At the default window size nothing sticks out sideways (a wide positions table scrolls inside its panel).
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1100);
  const closeButton = page.getByRole('button', { name: /^CLOSE ALL POSITIONS/ });
  await expect(closeButton).toHaveClass(/close-practice/);
  await expect(closeButton).toContainText('PRACTICE “Practice”');
  await shot('first-start');

  const dialog = await startClose(page);
  await expect(dialog).toHaveClass(/confirm-practice/);
  await expect(dialog.locator('.badge-practice')).toHaveText('PRACTICE');
  await expect(dialog.getByText('PRACTICE — simulated exchange, no real money')).toBeVisible();
  await expect(dialog.getByText('LIVE ACCOUNT — REAL MONEY')).toHaveCount(0);
  await shot('confirm');
  await dialog.getByRole('button', { name: /^Close \d+ positions?/ }).click();

  await expect(outcomeStatus(page)).toHaveText('FLAT');
  await expect(page.getByTestId('outcome').locator('.badge-practice')).toHaveText('PRACTICE');
  await expect(positionRows(page)).toHaveCount(0);
  await shot('closed-flat');

  await page.getByRole('button', { name: 'History' }).click();
  await expect(page.locator('[data-testid="history-row"] .badge-practice').first()).toHaveText('PRACTICE');
  await expect(page.locator('[data-testid="history-row"] .badge-live')).toHaveCount(0);
  await shot('history');

  await page.getByRole('button', { name: 'Settings' }).click();
  const card = page.getByTestId('profile-card').filter({ hasText: 'Practice' });
  await expect(card.locator('.badge-practice')).toHaveText('PRACTICE');
  await expect(card.getByRole('button', { name: 'Edit' })).toHaveCount(0);
  await card.getByRole('button', { name: 'Test connection' }).click();
  await expect(card.getByTestId('connection-test')).toContainText('PRACTICE “Practice”');
  await shot('settings');
});

test('rehearse the bad minute: a named scenario in one click, the same close path, then reset', async ({ page, harness, shot }) => {
  await openApp(page, harness);
  const panel = page.getByRole('region', { name: 'Rehearse the bad minute' });
  await expect(panel.getByRole('button', { name: /Calm market/ })).toHaveAttribute('aria-pressed', 'true');
  // What the calm market seeded, as the exchange answers it; the table shows it (counting rows at once could run
  // before the table's first read is drawn).
  const read = await harness.invoke('listPositions', { profile: PRACTICE_PROFILE_NAME, productType: 'USDT-FUTURES' });
  if (!read.ok) throw new Error(read.error.message);
  const seeded = read.value.length;
  expect(seeded).toBeGreaterThan(1);
  await expect(positionRows(page)).toHaveCount(seeded);

  await panel.getByRole('button', { name: /Exchange refuses part of the close/ }).click();
  await expect(panel.getByRole('button', { name: /Exchange refuses part of the close/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(panel.getByRole('button', { name: /Calm market/ })).toHaveAttribute('aria-pressed', 'false');
  await expect(panel).toContainText('in force');
  await shot('scenario-chosen');

  const dialog = await startClose(page);
  await dialog.getByRole('button', { name: /^Close \d+ positions?/ }).click();
  // The close path keeps retrying the refused position until its deadline, then reports what is still open.
  await expect(outcomeStatus(page)).toHaveText('PARTIAL', { timeout: 30_000 });
  await expect(page.getByTestId('outcome')).toContainText('ETHUSDT');
  await expect(page.getByTestId('outcome').locator('.badge-practice')).toHaveText('PRACTICE');
  await shot('scenario-partial');

  await panel.getByRole('button', { name: 'Reset practice account' }).click();
  await expect(panel.getByRole('button', { name: /Calm market/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(positionRows(page)).toHaveCount(seeded);
  await shot('reset');
});

test('with a real profile, that profile is the default and Practice stays selectable', async ({ page, harness }) => {
  await harness.profileFor('main');
  await openApp(page, harness);
  await expect(page.locator('.topbar .badge-live')).toHaveText('LIVE');
  await expect(page.getByRole('button', { name: 'Add your Bitget API key' })).toHaveCount(0);
  await page.getByLabel('Account profile').selectOption('Practice');
  await expect(page.locator('.topbar .badge-practice')).toHaveText('PRACTICE');
  await expect(page.locator('.app')).toHaveClass(/mode-practice/);
  await expect(page.getByRole('region', { name: 'Rehearse the bad minute' })).toBeVisible();
});
