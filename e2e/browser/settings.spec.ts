import { expect, openApp, test } from './fixtures.ts';

test.describe('settings', () => {
  test.use({ harnessOptions: { settingsFileText: '{ this is not json' } });

  test('a corrupted settings file is reported; presets, hotkeys and app options are saved; problems are shown', async ({ page, harness, shot }) => {
    await harness.profileFor('main', {});
    await openApp(page, harness);
    await expect(page.locator('.notices')).toContainText('The settings file could not be read');

    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Add a preset' }).click();
    const form = page.getByRole('form', { name: 'New preset' });
    await form.getByLabel('Preset name').fill('Flatten BTC long');
    await form.getByLabel('Symbol').fill('btcusdt');
    await form.getByLabel('Side').selectOption('long');
    await form.getByLabel('Global hotkey').fill('CommandOrControl+Alt+P');
    await form.getByRole('checkbox', { name: 'Confirm by pressing the hotkey twice' }).uncheck();
    await expect(form).toContainText('A single press of this hotkey will close positions with no confirmation.');
    await shot('preset-form');
    await form.getByRole('button', { name: 'Save preset' }).click();
    await expect(page.getByTestId('preset-card')).toContainText('Flatten BTC long');
    await expect(page.getByTestId('preset-card')).toContainText('ONE press runs it');

    const saved = await harness.invoke('getSettings');
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.value.presets).toHaveLength(1);
    expect(saved.value.presets[0]).toMatchObject({
      name: 'Flatten BTC long',
      profile: 'main',
      productType: 'USDT-FUTURES',
      symbol: 'BTCUSDT',
      holdSide: 'long',
      hotkey: 'CommandOrControl+Alt+P',
      hotkeyEnabled: true,
      confirmByDoublePress: false,
    });

    // Main reports the hotkey could not be registered: the window says so.
    await harness.setAppStatus({
      hotkeys: [{ presetId: saved.value.presets[0]!.id, accelerator: 'CommandOrControl+Alt+P', registered: false, problem: 'another application holds it' }],
    });
    await expect(page.getByTestId('preset-card')).toContainText('NOT registered: another application holds it');
    await expect(page.locator('.notices')).toContainText('Hotkey CommandOrControl+Alt+P is not active');

    await page.getByRole('checkbox', { name: 'Start minimized to the tray' }).check();
    await page.getByRole('checkbox', { name: 'Launch at login' }).check();
    await page.getByRole('button', { name: 'Save app options' }).click();
    await expect(page.getByText('Settings saved.')).toBeVisible();
    const options = await harness.invoke('getSettings');
    expect(options.ok && options.value.startMinimized && options.value.launchAtLogin).toBe(true);
    await shot('settings');

    // Removing a profile takes two deliberate clicks.
    await page.getByRole('button', { name: 'Remove…' }).first().click();
    await page.getByRole('button', { name: 'Yes, remove “main” and its key' }).click();
    // Only the built-in practice account is left (it has no key and cannot be removed).
    await expect(page.getByTestId('profile-card')).toHaveCount(1);
    await expect(page.getByTestId('profile-card')).toContainText('Practice');
    const profiles = await harness.invoke('listProfiles');
    expect(profiles.ok && profiles.value.map((profile) => [profile.name, profile.practice ?? false])).toEqual([['Practice', true]]);
  });
});
