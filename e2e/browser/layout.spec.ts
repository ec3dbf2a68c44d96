// The window at its default size (1100×760) and at its minimum (720×520): nothing scrolls sideways, the positions
// table keeps symbol, side, size, unrealized PnL and the close action whole, the big close button and "Flatten
// EVERYTHING" are in view before any scrolling, and the header with the account badge never scrolls away.
import type { PositionSpec } from '../../electron/simulator/index.ts';
import { expect, openApp, outcomeStatus, positionRows, startClose, test } from './fixtures.ts';
import { SIZES, expectCloseButtonsInView, expectHeaderStaysInView, expectInViewport, expectNoSidewaysScroll, expectPositionRowsWhole } from './layout.ts';

/** Eight positions, both sides of every USDT contract the simulator knows, with long numbers. */
export const MANY_POSITIONS: PositionSpec[] = [
  { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '12.3456', entryPrice: '60000.5', markPrice: '61000.25', leverage: '125' },
  { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'short', size: '0.5', entryPrice: '66000', markPrice: '61000' },
  { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'long', size: '300', entryPrice: '3000', markPrice: '3100' },
  { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '3', entryPrice: '3000', markPrice: '3100' },
  { productType: 'USDT-FUTURES', symbol: 'SOLUSDT', holdSide: 'long', size: '10', entryPrice: '150', markPrice: '155' },
  { productType: 'USDT-FUTURES', symbol: 'SOLUSDT', holdSide: 'short', size: '10', entryPrice: '150', markPrice: '155' },
  { productType: 'USDT-FUTURES', symbol: 'XRPUSDT', holdSide: 'long', size: '1234567', entryPrice: '0.6123', markPrice: '0.6234' },
  { productType: 'USDT-FUTURES', symbol: 'XRPUSDT', holdSide: 'short', size: '1000', entryPrice: '0.61', markPrice: '0.6' },
];

for (const size of SIZES) {
  const name = `${size.width}x${size.height}`;

  test.describe(`at ${name}`, () => {
    test.use({ viewport: size });

    test(`close screen with eight LIVE positions fits ${name}`, async ({ page, harness, shot }) => {
      await harness.profileFor('main', { positions: MANY_POSITIONS });
      await harness.profileFor('second', { demo: true });
      await openApp(page, harness);
      await expect(positionRows(page)).toHaveCount(8);
      await shot(`close-${name}`);
      await expectNoSidewaysScroll(page);
      await expectCloseButtonsInView(page);
      await expectPositionRowsWhole(page, positionRows(page));
      await expectHeaderStaysInView(page);
      await shot(`close-${name}-scrolled`);
    });

    test(`practice close screen with its rehearsal panel fits ${name}`, async ({ page, harness, shot }) => {
      await openApp(page, harness);
      await expect(positionRows(page).first()).toBeVisible();
      await shot(`practice-${name}`);
      await expectNoSidewaysScroll(page);
      await expectCloseButtonsInView(page);
      await expectPositionRowsWhole(page, positionRows(page));
      await expect(page.getByRole('region', { name: 'Rehearse the bad minute' })).toBeAttached();
      await expectHeaderStaysInView(page);
    });

    test(`an outcome with what is still open, then history and settings, fit ${name}`, async ({ page, harness, shot }) => {
      await harness.profileFor('main', { positions: MANY_POSITIONS });
      await openApp(page, harness);
      await expect(positionRows(page)).toHaveCount(8);
      await startClose(page, { symbol: 'BTCUSDT' });
      await page.keyboard.press('Enter');
      await expect(outcomeStatus(page)).toHaveText('FLAT');
      await expect(positionRows(page)).toHaveCount(6);
      // The closed rows leave the table at once (close-flow); measure once the re-read has landed and the stale frame is gone.
      await expect(page.locator('.positions-section .stale')).toHaveCount(0);
      await shot(`outcome-${name}`);
      await expectNoSidewaysScroll(page);
      await expectPositionRowsWhole(page, positionRows(page));
      await expectHeaderStaysInView(page);

      await page.getByRole('button', { name: 'History' }).click();
      await expect(page.getByTestId('history-row').first()).toBeVisible();
      await page.getByRole('checkbox', { name: 'Show every exchange request too' }).check();
      await expect(page.getByTestId('history-row').filter({ hasText: '/api/v2/mix/order/close-positions' }).first()).toBeVisible();
      await shot(`history-${name}`);
      await expectNoSidewaysScroll(page);
      await expectHeaderStaysInView(page);

      await page.getByRole('button', { name: 'Settings' }).click();
      await expect(page.getByTestId('profile-card').first()).toBeVisible();
      await shot(`settings-${name}`);
      await expectNoSidewaysScroll(page);
      await expectHeaderStaysInView(page);
    });

    test(`both confirmations keep their confirm and cancel buttons in view at ${name}`, async ({ page, harness, shot }) => {
      await harness.profileFor('main', { positions: MANY_POSITIONS });
      await harness.profileFor('second', { demo: true, positions: [{ productType: 'COIN-FUTURES', symbol: 'BTCUSD', holdSide: 'long', size: '100' }] });
      await openApp(page, harness);
      await expect(positionRows(page)).toHaveCount(8);

      const dialog = await startClose(page);
      const confirm = dialog.getByRole('button', { name: /^Close 8 positions/ });
      await expect(confirm).toBeFocused();
      await expectInViewport(page, confirm, 'the confirm button');
      await expectInViewport(page, dialog.getByRole('button', { name: /^Cancel/ }), 'the cancel button');
      await expectNoSidewaysScroll(page);
      await shot(`confirm-${name}`);
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);

      await page.getByRole('button', { name: /on EVERY profile/ }).click();
      const everything = page.getByRole('dialog');
      const confirmAll = everything.getByRole('button', { name: /^Close 9 positions/ });
      await expect(confirmAll).toBeFocused();
      await expectInViewport(page, confirmAll, 'the flatten-everything confirm button');
      await expectInViewport(page, everything.getByRole('button', { name: /^Cancel/ }), 'the flatten-everything cancel button');
      await expectNoSidewaysScroll(page);
      await shot(`flatten-everything-${name}`);
      await page.keyboard.press('Escape');
      await expect(everything).toHaveCount(0);
    });
  });
}
