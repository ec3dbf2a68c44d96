import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHANNELS } from '../../shared/contract.ts';
import { expect, openApp, outcomeStatus, startClose, test } from './fixtures.ts';

async function auditFile(harnessUrl: string): Promise<string> {
  const { dataDir } = (await (await fetch(`${harnessUrl}/test/data-dir`)).json()) as { dataDir: string };
  return join(dataDir, 'audit.jsonl');
}

test('history: damaged and foreign audit lines are left out and counted, the real entries still show', async ({ page, harness, shot }) => {
  await harness.profileFor('main', {
    positions: [
      { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
      { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '3' },
    ],
  });
  await openApp(page, harness);
  await startClose(page, { symbol: 'BTCUSDT' });
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText('FLAT');

  // A line of JSON that is not an entry, then a line torn by a crash (no newline): the next close still gets its own line.
  const file = await auditFile(harness.url);
  appendFileSync(file, '{"type":"outcome","outcome":{"target":null}}\n{"time":"2026-01-02T03:04:05.000Z","type":"att');
  await startClose(page, { symbol: 'ETHUSDT' });
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText('FLAT');

  await page.getByRole('button', { name: 'History' }).click();
  const rows = page.getByTestId('history-row').filter({ hasText: 'Close result' });
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('ETHUSDT');
  await expect(rows.nth(1)).toContainText('BTCUSDT');
  await expect(page.getByTestId('history-skipped')).toHaveText(/^2 history lines could not be read and are left out/);
  await shot('history-with-damaged-lines');
});

test('a part of the window that fails to draw says what failed and offers a way on, the close button stays', async ({ page, harness, shot }) => {
  await harness.profileFor('main');
  await openApp(page, harness);
  // An answer the history view cannot draw (as a bug or a foreign reply would give it).
  await page.route(`**/invoke/${encodeURIComponent(CHANNELS.listHistory)}`, (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value: { entries: [{ time: 'x', type: 'outcome', outcome: {} }], skipped: 0 } }) }),
  );
  await page.getByRole('button', { name: 'History' }).click();
  const boundary = page.getByTestId('error-boundary');
  await expect(boundary).toContainText('The history could not be shown');
  await expect(boundary).toContainText('Drawing it failed: TypeError');
  await expect(boundary).toContainText('Nothing was sent to the exchange because of this');
  await shot('history-error-boundary');
  // Only the history is replaced: the way back to the close button is still there.
  await expect(page.getByRole('button', { name: 'Close positions' })).toBeVisible();

  await page.unroute(`**/invoke/${encodeURIComponent(CHANNELS.listHistory)}`);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(boundary).toHaveCount(0);
  await expect(page.getByText('Nothing recorded yet.')).toBeVisible();

  await page.route(`**/invoke/${encodeURIComponent(CHANNELS.listHistory)}`, (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value: { entries: [{ time: 'x', type: 'outcome', outcome: {} }], skipped: 0 } }) }),
  );
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(boundary).toBeVisible();
  await page.unroute(`**/invoke/${encodeURIComponent(CHANNELS.listHistory)}`);
  await boundary.getByRole('button', { name: 'Reload the window' }).click();
  await expect(page.getByRole('heading', { name: 'Bitget Panic Button' })).toBeVisible();
  await expect(boundary).toHaveCount(0);
});
