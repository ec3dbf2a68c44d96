// The confirmation re-reads positions when it opens and says when; if that read fails it says so and what the close does anyway.
import { V2_POSITIONS_PATH, expect, openApp, outcomeStatus, positionRows, startClose, test } from './fixtures.ts';

test.use({ harnessOptions: { timing: { deadlineMs: 4_000, requestTimeoutMs: 1_500 } } });
test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 760 });
});

test('the confirmation reads positions itself when it opens and lists them with the time of that read', async ({ page, harness, shot }) => {
  const { apiKey } = await harness.profileFor('main', {
    positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }],
  });
  await openApp(page, harness);
  await expect(positionRows(page)).toHaveCount(1);
  // Opened after the table's read, and slowed: the dialog must show its own read in flight, then what it found.
  await harness.addPosition(apiKey, { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'long', size: '2' });
  await harness.addFault({ kind: 'delay', ms: 1_200, path: V2_POSITIONS_PATH, times: 1 });
  const readsBefore = (await harness.account(apiKey)).requests.filter((request) => request.path === V2_POSITIONS_PATH).length;

  const dialog = await startClose(page);
  await expect(dialog.getByTestId('confirm-read')).toContainText('Reading open positions now');
  await expect(dialog.getByRole('list', { name: 'Positions that will be closed' })).toHaveCount(0);
  await shot('reading');

  await expect(dialog.getByTestId('confirm-read')).toContainText(/Read \d\d:\d\d:\d\d: open now and will be closed/);
  const items = dialog.getByRole('list', { name: 'Positions that will be closed' }).getByRole('listitem');
  await expect(items).toHaveCount(2);
  await expect(items.nth(1)).toHaveText(/ETHUSDT\s+LONG\s+size\s+2/);
  await expect(dialog.getByRole('button', { name: /^Close 2 positions/ })).toBeFocused();
  const readsAfter = (await harness.account(apiKey)).requests.filter((request) => request.path === V2_POSITIONS_PATH).length;
  expect(readsAfter).toBeGreaterThan(readsBefore);
  await shot('read');

  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText('FLAT', { timeout: 15_000 });
  expect((await harness.account(apiKey)).positions).toHaveLength(0);
});

test('when the confirmation cannot read positions it says so, lists nothing as current, and the close still goes out for the whole target', async ({
  page,
  harness,
  shot,
}) => {
  const { apiKey } = await harness.profileFor('main', {
    positions: [
      { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
      { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'long', size: '2' },
    ],
  });
  await openApp(page, harness);
  await expect(positionRows(page)).toHaveCount(2);
  await harness.addFault({ kind: 'drop', path: V2_POSITIONS_PATH, times: Infinity });

  const dialog = await startClose(page);
  const read = dialog.getByTestId('confirm-read');
  await expect(read).toContainText('Open positions could not be read just now', { timeout: 10_000 });
  await expect(read).toContainText('the exchange closes whatever is open for every USDT-margined futures position');
  await expect(read.locator('.explained-error')).toBeVisible();
  // The rows the window read earlier are not offered as what will be closed.
  await expect(dialog.getByRole('list', { name: 'Positions that will be closed' })).toHaveCount(0);
  await expect(dialog).not.toContainText('ETHUSDT LONG size 2');
  const confirm = dialog.getByRole('button', { name: /^Send close anyway/ });
  await expect(confirm).toBeFocused();
  await shot('read-failed');

  await page.keyboard.press('Enter');
  // Positions cannot be re-read either: the result cannot be FLAT, but the exchange closed the whole target.
  await expect(outcomeStatus(page)).toHaveText('UNKNOWN', { timeout: 15_000 });
  expect((await harness.account(apiKey)).positions).toHaveLength(0);
});
