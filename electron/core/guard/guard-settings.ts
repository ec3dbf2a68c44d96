// Arming and disarming a guard in the settings file, with its audit entry: the same for the app's runner and the CLI
// (which writes the file; the running app picks the change up on its next tick).
import type { ExplainedError, ProfileSummary, Result } from '../../../shared/bitget.ts';
import { armGuardSchema, disarmGuardSchema, type GuardAuditDetail, type GuardConfig } from '../../../shared/guard.ts';
import { parseOrExplain } from '../../../shared/schema.ts';
import type { AuditLog } from '../audit-log.ts';
import type { SettingsStore } from '../settings-file.ts';

export interface GuardStorage {
  settings: SettingsStore;
  audit: AuditLog;
  profiles: () => ProfileSummary[];
  now: () => number;
}

export function guardAudit(storage: Pick<GuardStorage, 'audit' | 'profiles'>, profile: string, guard: GuardAuditDetail): Promise<void> {
  const summary = storage.profiles().find((candidate) => candidate.name === profile);
  const flags = summary ? { demo: summary.demo, ...(summary.practice ? { practice: true } : {}) } : {};
  return storage.audit.append({ type: 'guard', profile, ...flags, guard });
}

/** Arms (or re-arms, clearing a trip) a profile's guard with these rules; the day is measured from the first figures after. */
export async function storeArm(storage: GuardStorage, input: unknown): Promise<Result<GuardConfig>> {
  const parsed = parseOrExplain(armGuardSchema, input, 'guard rules');
  if (!parsed.ok) return parsed;
  const { profile, rules } = parsed.value;
  if (!storage.profiles().some((summary) => summary.name === profile)) return { ok: false, error: noProfile(profile, storage.profiles()) };
  const config: GuardConfig = { profile, rules, armed: true, armedAt: new Date(storage.now()).toISOString() };
  await storage.settings.update((current) => ({ ...current, guards: [...current.guards.filter((guard) => guard.profile !== profile), config] }));
  await guardAudit(storage, profile, { event: 'armed', rules });
  return { ok: true, value: config };
}

/** Disarms a profile's guard, keeping its rules for the next arm; a guard that was not armed is left as it is. */
export async function storeDisarm(storage: GuardStorage, input: unknown): Promise<Result<GuardConfig | undefined>> {
  const parsed = parseOrExplain(disarmGuardSchema, input, 'guard');
  if (!parsed.ok) return parsed;
  const { profile } = parsed.value;
  let wasArmed = false;
  const after = await storage.settings.update((current) => {
    const stored = current.guards.find((guard) => guard.profile === profile);
    if (!stored?.armed) return undefined;
    wasArmed = true;
    const { day: _day, tripped: _tripped, armedAt: _armedAt, ...kept } = stored;
    return { ...current, guards: current.guards.map((guard) => (guard.profile === profile ? { ...kept, armed: false } : guard)) };
  });
  const stored = after.guards.find((guard) => guard.profile === profile);
  if (!stored && !storage.profiles().some((summary) => summary.name === profile)) return { ok: false, error: noProfile(profile, storage.profiles()) };
  if (wasArmed) await guardAudit(storage, profile, { event: 'disarmed' });
  return { ok: true, value: stored };
}

function noProfile(profile: string, profiles: ProfileSummary[]): ExplainedError {
  return {
    kind: 'not-found',
    message: `There is no profile named "${profile}" to guard.`,
    hint: `Profiles: ${profiles.map((summary) => summary.name).join(', ') || 'none'}. Nothing was armed or changed.`,
  };
}
