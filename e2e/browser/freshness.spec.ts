// Positions stay fresh or are marked: when nothing can be read (live feed down, REST failing) the last rows stay, marked
// LAST KNOWN with their time, until a read succeeds again; a close (here pushed by a hotkey while the window is hidden, so no polling) re-reads at once through
// invalidation; a slow exchange never gets two position reads from the window at once.
import { V2_POSITIONS_PATH, expect, openApp, positionRows, test } from './fixtures.ts';

const POSITIONS = [
  { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
  { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '3' },
] as const;

const setVisibility = (state: 'hidden' | 'visible') =>
  `Object.defineProperty(document, 'visibilityState', { value: '${state}', configurable: true });
   document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));`;

test('a read that fails after good ones: the rows stay, marked LAST KNOWN with their time, until a read succeeds', async ({ page, harness, shot }) => {
  await harness.profileFor('main', { positions: [...POSITIONS] });
  await openApp(page, harness);
  await expect(positionRows(page)).toHaveCount(2);
  const section = page.locator('.positions-section');
  await expect(section.locator('caption')).toHaveText('2 open positions');
  await expect(section.locator('.stale')).toHaveCount(0);

  // Nothing can be read any more: the live feed's socket is down and every REST read of positions fails.
  await harness.webSocket('down');
  await harness.addFault({ kind: 'drop', path: V2_POSITIONS_PATH, times: Infinity });
  await expect(section.locator('.explained-error')).toBeVisible({ timeout: 25_000 });
  await expect(section.locator('caption')).toHaveText(/^LAST KNOWN positions, read at \d\d:\d\d:\d\d: may be out of date$/);
  await expect(section.locator('.stale')).toBeVisible();
  await expect(positionRows(page)).toHaveCount(2);
  await shot('stale');

  await harness.clearFaults();
  await expect(section.locator('caption')).toHaveText('2 open positions', { timeout: 15_000 });
  await expect(page.getByTestId('positions-source')).not.toContainText('STALE');
  await expect(section.locator('.stale')).toHaveCount(0);
  await expect(section.locator('.explained-error')).toHaveCount(0);
  await shot('fresh-again');
});

test('a close pushed by a hotkey re-reads positions at once (invalidation), even with polling stopped while hidden', async ({ page, harness, shot }) => {
  const { apiKey } = await harness.profileFor('main', { positions: [...POSITIONS] });
  await harness.addPreset({ id: 'flatten-eth', name: 'Flatten ETH', profile: 'main', productType: 'USDT-FUTURES', symbol: 'ETHUSDT', hotkey: 'Alt+F9' });
  await openApp(page, harness);
  await expect(positionRows(page)).toHaveCount(2);

  await page.evaluate(setVisibility('hidden'));
  await page.waitForTimeout(2_500);
  const reads = async () => (await harness.account(apiKey)).requests.filter((request) => request.path === V2_POSITIONS_PATH).length;
  const quiet = await reads();
  await page.waitForTimeout(2_500);
  expect(await reads(), 'no polling while hidden').toBe(quiet);

  const pushed = await harness.trigger('Flatten ETH');
  expect(pushed.outcome?.status).toBe('flat');
  // Rows that predate the close are marked until the re-read lands; then ETHUSDT is gone.
  await expect(positionRows(page)).toHaveCount(1, { timeout: 4_000 });
  await expect(positionRows(page).first()).toContainText('BTCUSDT');
  await expect(page.locator('.positions-section caption')).toHaveText('1 open position');
  await shot('after-invalidation');
});

test('a slow exchange while the socket is down: never two position reads in flight at once', async ({ page, harness }) => {
  const { apiKey } = await harness.profileFor('main', { positions: [...POSITIONS] });
  await openApp(page, harness);
  await expect(positionRows(page)).toHaveCount(2);
  // Positions come over the core's REST polling now: wait until the rows shown are its ("REST polling …, confirmed
  // at"), not the window's own reads ("Read at …", made only while the feed has nothing fresh yet).
  await harness.webSocket('down');
  await expect(page.getByTestId('positions-source')).toHaveText(/^REST polling .*confirmed at/, { timeout: 10_000 });
  // Each read now takes 3 s, longer than the 2 s refresh interval.
  await harness.addFault({ kind: 'delay', ms: 3_000, path: V2_POSITIONS_PATH, times: Infinity });
  const since = Date.now();
  const readTimes = async () =>
    (await harness.account(apiKey)).requests
      .filter((request) => request.path === V2_POSITIONS_PATH && request.query.includes('productType=USDT-FUTURES') && request.receivedAt >= since)
      .map((request) => request.receivedAt);
  // Watched for 10 s, and on until two reads went out: a poll round already under way when the delay began (its
  // USDT-FUTURES read sent before, another product type's after) ends only 3 s later, which can put the second read
  // past 10 s.
  await page.waitForTimeout(10_000);
  await expect.poll(async () => (await readTimes()).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  const times = await readTimes();
  for (let index = 1; index < times.length; index += 1) {
    expect(times[index]! - times[index - 1]!, 'a read of a product type starts only after the previous one answered').toBeGreaterThanOrEqual(2_900);
  }
});
