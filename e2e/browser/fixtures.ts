// One fresh harness (core, data dir, keychain service, exchange simulator) per test, and a screenshot helper.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { HarnessClient } from '../harness/client.ts';
import { REPO_ROOT, startHarness, type HarnessOptions } from '../harness/server.ts';

export const ARTIFACTS_DIR = join(REPO_ROOT, 'e2e', 'artifacts');

interface Fixtures {
  /** Fails the test on any uncaught page error or Content-Security-Policy violation. */
  pageGuard: void;
  harnessOptions: HarnessOptions;
  harness: HarnessClient;
  /** Saves a full-page screenshot to e2e/artifacts/<spec>--<name>.png. */
  shot: (name: string) => Promise<void>;
}

export const test = base.extend<Fixtures>({
  pageGuard: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
      });
      await use();
      expect(problems, 'the page reported errors').toEqual([]);
    },
    { auto: true },
  ],
  harnessOptions: [{}, { option: true }],
  harness: async ({ harnessOptions }, use) => {
    const server = await startHarness(harnessOptions);
    try {
      await use(new HarnessClient(server.url));
    } finally {
      await server.close();
    }
  },
  shot: async ({ page }, use, testInfo) => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const spec = testInfo.file.split('/').pop()!.replace(/\.spec\.ts$/, '');
    await use(async (name) => {
      await page.screenshot({ path: join(ARTIFACTS_DIR, `${spec}--${name}.png`), fullPage: true });
    });
  },
});

export { expect };

/** Opens the window and waits until the app has read its profiles. */
export async function openApp(page: Page, harness: HarnessClient): Promise<void> {
  await page.goto(harness.url);
  await expect(page.getByRole('heading', { name: 'Bitget Panic Button' })).toBeVisible();
  await expect(page.getByText('Loading…')).toHaveCount(0);
}

/** The rows of the live positions table, as text. */
export function positionRows(page: Page) {
  return page.locator('.positions-section [data-testid="position-row"]');
}

export const V2_CLOSE_PATH = '/api/v2/mix/order/close-positions';
export const V2_POSITIONS_PATH = '/api/v2/mix/position/all-position';
export const V3_CLOSE_PATH = '/api/v3/trade/close-positions';

/** The status word of the latest outcome panel. */
export function outcomeStatus(page: Page) {
  return page.getByTestId('outcome').locator('.outcome-status');
}

/** Fills the close form (symbol blank = every symbol) and presses the big button; returns the confirmation dialog. */
export async function startClose(
  page: Page,
  target: { symbol?: string; side?: 'Both sides' | 'Long only' | 'Short only'; cancelOrders?: boolean; productType?: string } = {},
) {
  if (target.productType) await page.getByLabel('Product type').selectOption(target.productType);
  await page.getByLabel('Symbol').fill(target.symbol ?? '');
  await page.getByRole('radio', { name: target.side ?? 'Both sides' }).check();
  const cancel = page.getByRole('checkbox', { name: 'Also cancel open and trigger (TP/SL) orders' });
  if (target.cancelOrders) await cancel.check();
  else await cancel.uncheck();
  await page.getByRole('button', { name: /^CLOSE / }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}
