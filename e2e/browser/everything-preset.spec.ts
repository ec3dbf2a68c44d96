import { V2_CLOSE_PATH, V2_POSITIONS_PATH, expect, openApp, outcomeStatus, test } from './fixtures.ts';
import { CHANNELS } from '../../shared/contract.ts';

test.use({ harnessOptions: { timing: { deadlineMs: 4_000 } } });

test('an EVERYTHING preset made in Settings: its hotkey flattens every product type of its profile only, and the window shows the pushed result', async ({
  page,
  harness,
  shot,
}) => {
  const main = await harness.profileFor('main', {
    positions: [
      { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
      { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '3' },
      { productType: 'COIN-FUTURES', symbol: 'BTCUSD', holdSide: 'long', size: '100' },
    ],
  });
  // Another profile with an open position: a preset for "main" must not touch it.
  const paper = await harness.profileFor('paper', {
    demo: true,
    positions: [{ productType: 'USDT-FUTURES', symbol: 'SOLUSDT', holdSide: 'long', size: '10' }],
  });
  await openApp(page, harness);

  // ---- the preset, through the UI ----
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Add a preset' }).click();
  const form = page.getByRole('form', { name: 'New preset' });
  await form.getByLabel('Preset name').fill('Panic all main');
  await form.getByLabel('Profile', { exact: true }).selectOption('main');
  // A narrow target typed first: ticking "everything" makes it not apply (and it is not stored).
  await form.getByLabel('Product type').selectOption('USDC-FUTURES');
  await form.getByLabel('Symbol').fill('btcusdt');
  await form.getByLabel('Side').selectOption('long');
  const everything = form.getByRole('checkbox', { name: 'Flatten EVERYTHING on this profile (all of USDT-, COIN-, USDC-FUTURES)' });
  await expect(everything).not.toBeChecked();
  await everything.check();
  await expect(form.getByLabel('Product type')).toBeDisabled();
  await expect(form.getByLabel('Symbol')).toBeDisabled();
  await expect(form.getByLabel('Side')).toBeDisabled();
  await expect(form.locator('.preset-target legend')).toHaveText(/NOT USED/);
  // What was typed is not shown as if it were the target...
  await expect(form.getByLabel('Product type').locator('option:checked')).toHaveText('— not used: everything is closed —');
  await expect(form.getByLabel('Side').locator('option:checked')).toHaveText('— not used: everything is closed —');
  await expect(form.getByLabel('Symbol')).toHaveValue('');
  await expect(form.getByLabel('Symbol')).toHaveAttribute('placeholder', '— not used: everything is closed —');
  // ...but comes back when the box is unticked.
  await everything.uncheck();
  await expect(form.getByLabel('Symbol')).toHaveValue('btcusdt');
  await expect(form.getByLabel('Product type')).toHaveValue('USDC-FUTURES');
  await everything.check();
  await expect(form.getByTestId('everything-preset-note')).toHaveText(
    /closes EVERY position on\s*LIVE\s*main in USDT-FUTURES, COIN-FUTURES, USDC-FUTURES\. Product type, symbol and side below are not used\./,
  );
  await form.getByLabel('Global hotkey').fill('CommandOrControl+Alt+F12');
  await form.getByRole('checkbox', { name: 'Confirm by pressing the hotkey twice' }).uncheck();
  await expect(form).toContainText('A single press of this hotkey will close EVERY position on LIVE “main” with no confirmation.');
  await shot('preset-form');
  // Saving makes the window re-read the app status once the save is answered: that read's answer says the save is done.
  // The status main pushes below may overtake it (in the harness a fetch and the event stream are two channels); the
  // window keeps the push (renderer/read-order.ts).
  const statusReread = page.waitForResponse((response) => response.url().endsWith(`/invoke/${encodeURIComponent(CHANNELS.getAppStatus)}`));
  await form.getByRole('button', { name: 'Save preset' }).click();
  await statusReread;

  const saved = await harness.invoke('getSettings');
  if (!saved.ok) throw new Error(saved.error.message);
  expect(saved.value.presets).toHaveLength(1);
  const preset = saved.value.presets[0]!;
  expect(preset).toMatchObject({ name: 'Panic all main', profile: 'main', everything: true, hotkey: 'CommandOrControl+Alt+F12', confirmByDoublePress: false });
  expect(preset.symbol).toBeUndefined();
  expect(preset.holdSide).toBeUndefined();

  // Main reports the hotkey registered: the list says so next to an unmistakable "everything".
  await harness.setAppStatus({ hotkeys: [{ presetId: preset.id, accelerator: 'CommandOrControl+Alt+F12', registered: true }] });
  const card = page.getByTestId('preset-card');
  await expect(card.getByTestId('preset-everything')).toHaveText(
    /^Flatten EVERYTHING on\s*LIVE\s*main · every position in USDT-FUTURES, COIN-FUTURES, USDC-FUTURES$/,
  );
  await expect(card).not.toContainText('BTCUSDT');
  await expect(card).not.toContainText('USDC-margined');
  await expect(card).toContainText('CommandOrControl+Alt+F12');
  await expect(card).toContainText('ONE press runs it');
  await expect(card).toContainText('registered');
  await shot('preset-list');

  // Saving the preset sent nothing to the exchange.
  expect((await harness.account(main.apiKey)).closeRequests.count).toBe(0);

  // ---- the hotkey fires in main: the core's runPreset, the event pushed to the window ----
  const pushed = await harness.trigger(preset.id);
  expect(pushed.error).toBeUndefined();
  expect(pushed.presetName).toBe('Panic all main');
  expect(pushed.everythingResult?.outcomes.map((outcome) => [outcome.target.productType, outcome.status, outcome.trigger])).toEqual([
    ['USDT-FUTURES', 'flat', 'hotkey'],
    ['COIN-FUTURES', 'flat', 'hotkey'],
  ]);

  // The exchange: both product types with positions closed, USDC-FUTURES only read, the other profile untouched.
  const account = await harness.account(main.apiKey);
  expect(account.positions).toHaveLength(0);
  const closes = account.requests.filter((request) => request.path === V2_CLOSE_PATH);
  expect(closes.map((request) => (JSON.parse(request.body) as { productType: string }).productType).sort()).toEqual(['COIN-FUTURES', 'USDT-FUTURES']);
  const usdc = account.requests.filter((request) => `${request.query} ${request.body}`.includes('USDC-FUTURES'));
  expect(usdc.length).toBeGreaterThan(0);
  // Only reads there (positions, and the live feed's balances and marks): nothing closed or cancelled.
  expect(usdc.every((request) => request.method === 'GET')).toBe(true);
  expect(usdc.some((request) => request.path === V2_POSITIONS_PATH)).toBe(true);
  expect(account.requests.every((request) => request.method === 'GET' || request.path === V2_CLOSE_PATH)).toBe(true);
  const other = await harness.account(paper.apiKey);
  expect(other.positions.map((position) => position.symbol)).toEqual(['SOLUSDT']);
  expect(other.requests.filter((request) => request.method !== 'GET')).toEqual([]);

  // The window: it switched to the close screen and shows the pushed result in the flatten-everything panel.
  const outcome = page.getByTestId('outcome');
  await expect(outcomeStatus(page)).toHaveText('FLAT');
  await expect(outcome).toContainText('from a global hotkey (preset “Panic all main”) · Flatten EVERYTHING on LIVE “main”');
  await expect(outcome.locator('.everything-result-type[data-product-type="USDT-FUTURES"] h4')).toContainText('FLAT');
  await expect(outcome.locator('.everything-result-type[data-product-type="COIN-FUTURES"] h4')).toContainText('FLAT');
  await expect(outcome.locator('.everything-result-type[data-product-type="USDC-FUTURES"]')).toHaveCount(0);
  await expect(outcome.getByTestId('already-flat').locator('[data-product-type="USDC-FUTURES"]')).toContainText('no open position');
  await expect(outcome.getByRole('region', { name: 'Result for profile main' }).locator('.badge')).toHaveText('LIVE');
  await expect(outcome.getByRole('region', { name: 'Result for profile paper' })).toHaveCount(0);
  await expect(outcome).toContainText('2 product types closed and verified flat');
  await expect(outcome).not.toBeFocused();
  await expect(page.getByText('No open positions in USDT-margined futures.')).toBeVisible();
  await shot('pushed-outcome');

  // The same preset by name: nothing is open now, so it reads all three and sends nothing.
  const again = await harness.trigger('panic all MAIN', 'tray');
  expect(again.everythingResult?.outcomes).toEqual([]);
  expect(again.everythingResult?.alreadyFlat).toEqual([{ profile: 'main', demo: false, productTypes: ['USDT-FUTURES', 'COIN-FUTURES', 'USDC-FUTURES'] }]);
  await expect(outcomeStatus(page)).toHaveText('NOTHING TO CLOSE');
  await expect(outcome).toContainText('from the tray menu (preset “Panic all main”) · Flatten EVERYTHING on LIVE “main”');
  expect((await harness.account(main.apiKey)).requests.filter((request) => request.path === V2_CLOSE_PATH)).toHaveLength(2);
  await shot('pushed-nothing-to-close');

  // An unknown preset: main pushes its explanation, and so does the harness.
  const unknown = await harness.trigger('No such preset');
  expect(unknown.error?.kind).toBe('not-found');
  await expect(outcome).toContainText('There is no preset named "No such preset"');
});
