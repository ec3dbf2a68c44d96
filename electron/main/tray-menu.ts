// The tray menu as data: one item per preset (account, LIVE/DEMO/PRACTICE and target spelled out), then window and quit. Pure.
import type { MenuItemConstructorOptions } from 'electron';
import { describeProfile, type ProductType } from '../../shared/bitget.ts';
import { PRACTICE_PROFILE_NAME } from '../../shared/practice.ts';
import { ARMED_STATES_BY_URGENCY, type GuardState, type GuardStatus } from '../../shared/guard.ts';
import type { Preset, ProfileMeta } from '../../shared/schema.ts';
import { EVERYTHING_PRODUCT_TYPES, describeTarget } from '../../shared/target.ts';

export interface TrayHandlers {
  runPreset(preset: Preset): void;
  showWindow(): void;
  quit(): void;
}

export function presetTargetText(preset: Pick<Preset, 'productType' | 'symbol' | 'holdSide' | 'cancelOrders'> & { everything?: boolean }): string {
  if (preset.everything) return `EVERYTHING (${EVERYTHING_PRODUCT_TYPES.join(', ')})${preset.cancelOrders ? ', cancel orders' : ''}`;
  const target = describeTarget(preset);
  const product: ProductType = preset.productType;
  const where = preset.symbol ? `${target} (${product})` : target;
  return preset.cancelOrders ? `${where}, cancel orders` : where;
}

/** The account a preset names: a stored profile, or the built-in practice account (which is never stored). A stored
 * profile wins, so a real account can never be shown as PRACTICE. */
export function presetAccount(
  name: string,
  profiles: readonly { name: string; demo: boolean; practice?: boolean }[],
): { name: string; demo: boolean; practice?: boolean } | undefined {
  const stored = profiles.find((candidate) => candidate.name === name);
  if (stored) return stored;
  return name === PRACTICE_PROFILE_NAME ? { name, demo: false, practice: true } : undefined;
}

export function presetLabel(preset: Preset, profiles: readonly ProfileMeta[]): { label: string; known: boolean } {
  const profile = presetAccount(preset.profile, profiles);
  const account = profile ? describeProfile(profile) : `profile "${preset.profile}" not found`;
  return { label: `${preset.name} — ${account} — ${presetTargetText(preset)}`, known: Boolean(profile) };
}

/** One line per guard that is not disarmed, most urgent first: "GUARD TRIPPED — DEMO "Main": Daily loss …". */
export function guardLines(guards: readonly GuardStatus[]): string[] {
  const words: Record<GuardState, string> = { tripped: 'GUARD TRIPPED', blind: 'GUARD CANNOT SEE THE ACCOUNT', warning: 'GUARD WARNING', watching: 'Guard armed', elsewhere: 'Guard watched by another window or process', disarmed: '' };
  return ARMED_STATES_BY_URGENCY.flatMap((state) =>
    guards
      .filter((guard) => guard.state === state)
      .map((guard) => {
        const account = describeProfile({ name: guard.profile, demo: guard.mode === 'demo', practice: guard.mode === 'practice' });
        const why = guard.config?.tripped?.reason ?? guard.messages[0];
        return `${words[state]} — ${account}${why ? `: ${why}` : ''}`;
      }),
  );
}

export function trayMenuTemplate(
  presets: readonly Preset[],
  profiles: readonly ProfileMeta[],
  handlers: TrayHandlers,
  guards: readonly GuardStatus[] = [],
): MenuItemConstructorOptions[] {
  const guardItems: MenuItemConstructorOptions[] = guardLines(guards).map((label, index) => ({ id: `guard:${index}`, label, enabled: false }));
  const items: MenuItemConstructorOptions[] = presets.map((preset) => {
    const { label, known } = presetLabel(preset, profiles);
    return { id: `preset:${preset.id}`, label, enabled: known, click: () => handlers.runPreset(preset) };
  });
  if (items.length === 0) items.push({ id: 'no-presets', label: 'No presets yet: add them in the window', enabled: false });
  return [
    ...(guardItems.length ? [...guardItems, { type: 'separator' as const }] : []),
    ...items,
    { type: 'separator' },
    { id: 'show-window', label: 'Show window', click: () => handlers.showWindow() },
    { id: 'quit', label: 'Quit', click: () => handlers.quit() },
  ];
}

export function trayToolTip(presets: readonly Preset[], guards: readonly GuardStatus[] = []): string {
  const base = presets.length ? `Bitget Panic Button: ${presets.length} preset${presets.length === 1 ? '' : 's'}` : 'Bitget Panic Button';
  const [first] = guardLines(guards);
  return first ? `${base}\n${first}` : base;
}
