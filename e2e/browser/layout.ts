// Shared checks of the window's layout and accessibility: no sideways scrolling, nothing of the positions table cut
// off, the big buttons in view, the header (with its account badge) always in view, and an axe audit.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

/** The app's default window size and its minimum (electron/main/window-policy.ts). */
export const DEFAULT_SIZE = { width: 1100, height: 760 } as const;
export const MINIMUM_SIZE = { width: 720, height: 520 } as const;
export const SIZES = [DEFAULT_SIZE, MINIMUM_SIZE] as const;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function boxOf(locator: Locator, what: string): Promise<Box> {
  const box = await locator.boundingBox();
  expect(box, `${what} has no box (not rendered)`).not.toBeNull();
  return box!;
}

/** Neither the document nor any element of the page scrolls sideways (every scroll container fits its content). */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  // In-page code is passed as text: this project's Node-side type check has no DOM types.
  const document = await page.evaluate<{ scrollWidth: number; clientWidth: number }>(
    '({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })',
  );
  expect(document.scrollWidth, 'the page scrolls sideways').toBeLessThanOrEqual(document.clientWidth);
  // The main area clips sideways (overflow-x: hidden): anything wider than it would be cut off, so it must fit.
  const main = await page.locator('main').evaluate((element) => ({ scrollWidth: element.scrollWidth, clientWidth: element.clientWidth }));
  expect(main.scrollWidth, 'the main area has content wider than itself').toBeLessThanOrEqual(main.clientWidth);
  const overflowing = await page.evaluate<string[]>(`[...document.querySelectorAll('body *')]
    .filter((element) => {
      const style = getComputedStyle(element);
      const scrolls = style.overflowX === 'auto' || style.overflowX === 'scroll';
      return scrolls && element.scrollWidth > element.clientWidth + 1;
    })
    .map((element) => element.tagName.toLowerCase() + '.' + element.className)`);
  expect(overflowing, 'elements that scroll sideways').toEqual([]);
}

/** A box lies inside the viewport horizontally (and, with `vertically`, vertically too). */
export async function expectInViewport(page: Page, locator: Locator, what: string, vertically = true): Promise<void> {
  const viewport = page.viewportSize()!;
  const box = await boxOf(locator, what);
  expect(box.x, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what}: right edge`).toBeLessThanOrEqual(viewport.width);
  if (vertically) {
    expect(box.y, `${what}: top edge`).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height, `${what}: bottom edge`).toBeLessThanOrEqual(viewport.height);
  }
}

/** Every row's symbol, side, size, unrealized PnL and close action are drawn, whole, inside the viewport and inside
 * the table's own frame (nothing hidden in a sideways-scrolling box). */
export async function expectPositionRowsWhole(page: Page, rows: Locator): Promise<void> {
  const count = await rows.count();
  expect(count, 'rows to check').toBeGreaterThan(0);
  const frame = await boxOf(page.locator('.positions-section .positions-frame'), 'the table frame');
  for (let index = 0; index < count; index += 1) {
    const row = rows.nth(index);
    const cells: [Locator, string][] = [
      [row.locator('th[scope="row"]'), 'symbol'],
      [row.locator('.side-cell .side'), 'side'],
      [row.locator('td.num').first(), 'size'],
      [row.locator('td[class*="pnl-"]'), 'unrealized PnL'],
      [row.getByRole('button', { name: /^Clos(e|ing) / }), 'close action'],
    ];
    for (const [cell, name] of cells) {
      await expect(cell, `row ${index + 1}: ${name}`).toBeVisible();
      await expectInViewport(page, cell, `row ${index + 1}: ${name}`, false);
      const box = await boxOf(cell, `row ${index + 1}: ${name}`);
      expect(box.x + box.width, `row ${index + 1}: ${name} inside the table frame`).toBeLessThanOrEqual(frame.x + frame.width + 0.5);
      expect(box.x, `row ${index + 1}: ${name} inside the table frame`).toBeGreaterThanOrEqual(frame.x - 0.5);
    }
  }
}

/** The big close button and every "Flatten EVERYTHING" button are inside the viewport without scrolling. */
export async function expectCloseButtonsInView(page: Page): Promise<void> {
  await expectInViewport(page, page.getByRole('button', { name: /^(CLOSE |CLOSING)/ }), 'the big close button');
  const flatten = page.locator('.everything-button');
  expect(await flatten.count()).toBeGreaterThan(0);
  for (let index = 0; index < (await flatten.count()); index += 1) {
    await expectInViewport(page, flatten.nth(index), `Flatten EVERYTHING button ${index + 1}`);
  }
}

/** Scrolls the main area to its bottom: the header with the account badge is still fully in view. */
export async function expectHeaderStaysInView(page: Page): Promise<void> {
  await page.locator('main').evaluate((main) => main.scrollTo({ top: main.scrollHeight }));
  await page.evaluate('window.scrollTo({ top: document.documentElement.scrollHeight })');
  await expectInViewport(page, page.locator('.topbar .badge').first(), 'the account badge in the header');
  await expectInViewport(page, page.getByRole('navigation', { name: 'Screens' }), 'the screen tabs');
  await page.locator('main').evaluate((main) => main.scrollTo({ top: 0 }));
}

/** The axe audit of what is on screen now: no serious or critical violation. */
export async function expectNoSeriousA11yViolations(page: Page, include?: string): Promise<void> {
  let builder = new AxeBuilder({ page });
  if (include) builder = builder.include(include);
  const results = await builder.analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.slice(0, 5).map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
    }));
  expect(serious, 'serious or critical accessibility violations').toEqual([]);
}

/** The element that has keyboard focus shows a visible focus ring (an outline or a box shadow). */
export async function expectVisibleFocus(page: Page): Promise<void> {
  const ring = await page.evaluate<{ outline: boolean; shadow: boolean } | null>(`(() => {
    const active = document.activeElement;
    if (!active || active === document.body) return null;
    const style = getComputedStyle(active);
    return { outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2, shadow: style.boxShadow !== 'none' };
  })()`);
  expect(ring, 'something has focus').not.toBeNull();
  expect(ring!.outline || ring!.shadow, 'the focused element shows a focus ring').toBe(true);
}

/** Presses Tab until `target` has focus (at most `limit` presses); fails if it is never reached. */
export async function tabTo(page: Page, target: Locator, limit = 40): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await target.evaluate((element) => element === element.ownerDocument.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target, `reached by Tab within ${limit} presses`).toBeFocused();
}
