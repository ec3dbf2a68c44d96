// While a close runs: a ticking clock, the attempt count and what it waits for (from the core's progress events); the
// table shows the target's rows as closing and drops each as a re-read confirms it closed.
import type { Page } from '@playwright/test';
import { V2_CLOSE_PATH, expect, openApp, outcomeStatus, positionRows, startClose, test } from './fixtures.ts';

test.use({ harnessOptions: { timing: { deadlineMs: 8_000, requestTimeoutMs: 1_500 } } });
test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 760 });
});

interface Frame {
  closing: boolean;
  rows: string[];
  closingRows: string[];
}

/** Records, every animation frame, whether the closing panel is up and which rows the live table shows (and which are closing).
 * A string: the e2e code is type-checked without the DOM library. */
async function recordFrames(page: Page): Promise<() => Promise<Frame[]>> {
  await page.evaluate(`(() => {
    const frames = [];
    window.__frames = frames;
    const symbol = (row) => row.querySelector('th')?.firstChild?.textContent ?? '';
    const tick = () => {
      const rows = [...document.querySelectorAll('.positions-section [data-testid="position-row"]')];
      frames.push({
        closing: document.querySelector('[data-testid="closing"]') !== null,
        rows: rows.map(symbol),
        closingRows: rows.filter((row) => /closing/i.test(row.textContent ?? '')).map(symbol),
      });
      requestAnimationFrame(tick);
    };
    tick();
  })()`);
  return () => page.evaluate<Frame[]>('window.__frames');
}

test('a slowed close: the elapsed time ticks, the attempt and what it waits for are named', async ({ page, harness, shot }) => {
  await harness.profileFor('main', { positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }] });
  await openApp(page, harness);
  await harness.addFault({ kind: 'delay', ms: 3_000, path: V2_CLOSE_PATH, times: 1 });
  await startClose(page);
  await page.keyboard.press('Enter');

  const closing = page.getByTestId('closing');
  await expect(closing.getByRole('heading', { name: 'CLOSING…' })).toBeVisible();
  await expect(closing.getByTestId('closing-attempt')).toHaveText('close request 1 sent');
  await expect(closing.getByTestId('closing-waiting')).toHaveText('the exchange to answer the close request');
  await expect(closing).toContainText('every USDT-margined futures position on “main”');
  const first = Number.parseFloat((await closing.getByTestId('closing-elapsed').textContent())!);
  await page.waitForTimeout(700);
  const later = Number.parseFloat((await closing.getByTestId('closing-elapsed').textContent())!);
  expect(later - first).toBeGreaterThanOrEqual(0.5);
  await shot('slowed');

  await expect(outcomeStatus(page)).toHaveText('FLAT', { timeout: 15_000 });
  await expect(page.getByTestId('closing')).toHaveCount(0);
});

test('a retried close: when the first request gets no answer, the attempt count goes to 2 and the window says what it waits for', async ({ page, harness, shot }) => {
  await harness.profileFor('main', { positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }] });
  await openApp(page, harness);
  await harness.addFault({ kind: 'hang', path: V2_CLOSE_PATH, times: 1 });
  await harness.addFault({ kind: 'delay', ms: 2_000, path: V2_CLOSE_PATH, times: 1 });
  await startClose(page);
  await page.keyboard.press('Enter');
  const closing = page.getByTestId('closing');
  await expect(closing.getByTestId('closing-attempt')).toHaveText('close request 1 sent');
  await expect(closing.getByTestId('closing-attempt')).toHaveText('close request 2 sent', { timeout: 10_000 });
  await expect(closing.getByTestId('closing-waiting')).toHaveText('the exchange to answer the close request');
  await shot('retried');
  await expect(outcomeStatus(page)).toHaveText('FLAT', { timeout: 15_000 });
  await expect(page.getByTestId('outcome')).toContainText('Close attempts2');
});

test('the target rows show as closing, each is removed once a re-read confirms it, rows outside the target stay', async ({ page, harness, shot }) => {
  const { apiKey } = await harness.profileFor('main', {
    positions: [
      { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
      { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'long', size: '2' },
      { productType: 'USDT-FUTURES', symbol: 'SOLUSDT', holdSide: 'short', size: '10' },
    ],
  });
  await openApp(page, harness);
  await expect(positionRows(page)).toHaveCount(3);
  const frames = await recordFrames(page);
  // ETHUSDT is refused once: BTCUSDT closes first, ETHUSDT on the next attempt a second later.
  await harness.addFault({ kind: 'failure-list', path: V2_CLOSE_PATH, errorCode: '00000', errorMsg: 'position close failed', symbol: 'ETHUSDT', times: 1 });
  await startClose(page, { side: 'Long only' });
  await page.keyboard.press('Enter');

  await expect(positionRows(page).filter({ hasText: 'ETHUSDT' })).toContainText(/closing/i);
  await expect(positionRows(page).filter({ hasText: 'BTCUSDT' })).toHaveCount(0);
  await expect(positionRows(page).filter({ hasText: 'SOLUSDT' })).not.toContainText(/closing/i);
  await shot('closing-rows');
  await expect(outcomeStatus(page)).toHaveText('FLAT', { timeout: 15_000 });
  await expect(positionRows(page)).toHaveCount(1);
  await expect(positionRows(page).first()).toContainText('SOLUSDT');

  const seen = await frames();
  const whileClosing = seen.filter((frame) => frame.closing);
  // Both long rows were shown closing; BTCUSDT left the table while the close was still running and ETHUSDT still closing.
  expect(whileClosing.some((frame) => frame.closingRows.includes('BTCUSDT') && frame.closingRows.includes('ETHUSDT'))).toBe(true);
  expect(whileClosing.some((frame) => !frame.rows.includes('BTCUSDT') && frame.closingRows.includes('ETHUSDT'))).toBe(true);
  expect(seen.every((frame) => !frame.closingRows.includes('SOLUSDT'))).toBe(true);
  expect((await harness.account(apiKey)).positions.map((position) => position.symbol)).toEqual(['SOLUSDT']);
});

test('a hotkey close on the shown profile shows its progress in the window too', async ({ page, harness, shot }) => {
  await harness.profileFor('main', { positions: [{ productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'long', size: '2' }] });
  await harness.addPreset({ id: 'flatten-eth', name: 'Flatten ETH', profile: 'main', productType: 'USDT-FUTURES', symbol: 'ETHUSDT', hotkey: 'Alt+F9' });
  await openApp(page, harness);
  await expect(positionRows(page)).toHaveCount(1);
  await harness.addFault({ kind: 'delay', ms: 2_500, path: V2_CLOSE_PATH, times: 1 });
  const pushed = harness.trigger('Flatten ETH');

  const closing = page.getByTestId('closing');
  await expect(closing).toContainText('ETHUSDT LONG and SHORT · USDT-margined futures on “main” · started by a global hotkey');
  await expect(closing.getByTestId('closing-attempt')).toHaveText('close request 1 sent');
  await expect(positionRows(page).filter({ hasText: 'ETHUSDT' })).toContainText(/closing/i);
  // No second close is started from the window while this one runs.
  await expect(page.getByRole('button', { name: /^CLOSING/ })).toBeDisabled();
  await shot('hotkey-progress');
  await pushed;
  await expect(outcomeStatus(page)).toHaveText('FLAT', { timeout: 15_000 });
  await expect(page.getByTestId('closing')).toHaveCount(0);
});
