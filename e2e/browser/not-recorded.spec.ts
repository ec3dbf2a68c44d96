// A broken data folder never stops a close from the window (issue 17): with a file where the close queue's folder
// should be and a folder where the history file should be, the close is sent and verified FLAT, and the outcome panel
// says what could not be written on this computer.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, openApp, outcomeStatus, startClose, test } from './fixtures.ts';

test('close queue and history unusable: FLAT, and the outcome panel names what was not recorded', async ({ page, harness, shot }) => {
  const { apiKey } = await harness.profileFor('main', {
    positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }],
  });
  const { dataDir } = (await (await fetch(`${harness.url}/test/data-dir`)).json()) as { dataDir: string };
  rmSync(join(dataDir, 'close-slots'), { recursive: true, force: true });
  writeFileSync(join(dataDir, 'close-slots'), 'a file where the folder should be');
  rmSync(join(dataDir, 'audit.jsonl'), { force: true });
  mkdirSync(join(dataDir, 'audit.jsonl'));
  await openApp(page, harness);

  await startClose(page, { symbol: 'BTCUSDT' });
  await page.keyboard.press('Enter');
  await expect(outcomeStatus(page)).toHaveText('FLAT', { timeout: 15_000 });
  const notes = page.getByTestId('not-recorded');
  await expect(notes).toContainText('Not recorded on this computer');
  await expect(notes.locator('li')).toHaveText([/^The close queue in the data folder .*close-slots\) could not be used/, /^The history .*audit\.jsonl\) could not be written \(EISDIR/]);
  await shot('outcome-not-recorded');
  expect((await harness.account(apiKey)).positions).toEqual([]);
});
