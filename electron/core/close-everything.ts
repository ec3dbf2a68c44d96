// "Flatten everything": every live product type of a profile (or of every profile), each through panic.close.
// Positions are read first so that close requests — one per second per account — are spent only where something
// is open; a product type whose positions cannot be read is closed anyway.
import type { EverythingOutcome, Result, Trigger } from '../../shared/bitget.ts';
import { closeEverythingSchema, parseOrExplain } from '../../shared/schema.ts';
import { EVERYTHING_PRODUCT_TYPES } from '../../shared/target.ts';
import type { PanicService } from './panic.ts';
import type { ProfileService } from './profiles.ts';

const READ_TIMEOUT_MS = 3_000;

export function createCloseEverything(profiles: ProfileService, panic: PanicService) {
  async function closeProfile(profile: string, cancelOrders: boolean, trigger: Trigger, into: EverythingOutcome): Promise<void> {
    const resolved = await profiles.resolve(profile);
    if (!resolved.ok) {
      into.refused.push({ profile, error: resolved.error });
      return;
    }
    const { account, profile: summary } = resolved.value;
    const reads = await Promise.all(EVERYTHING_PRODUCT_TYPES.map((productType) => account.positions(productType, READ_TIMEOUT_MS)));
    const needsClose = EVERYTHING_PRODUCT_TYPES.filter((_type, index) => {
      const read = reads[index]!;
      return !read.ok || read.positions.length > 0;
    });
    const flat = EVERYTHING_PRODUCT_TYPES.filter((type) => !needsClose.includes(type));
    if (flat.length > 0) into.alreadyFlat.push({ profile, demo: summary.demo, ...(summary.practice ? { practice: true } : {}), productTypes: flat });
    const results = await Promise.all(
      needsClose.map((productType) => panic.close({ profile, productType, trigger, ...(cancelOrders ? { cancelOrders: true } : {}) })),
    );
    results.forEach((result, index) => {
      if (result.ok) into.outcomes.push(result.value);
      else into.refused.push({ profile, productType: needsClose[index]!, error: result.error });
    });
  }

  return async function closeEverything(raw: unknown): Promise<Result<EverythingOutcome>> {
    const parsed = parseOrExplain(closeEverythingSchema, raw, 'close-everything request');
    if (!parsed.ok) return parsed;
    const { profile, cancelOrders, trigger } = parsed.value;
    // Every real profile; the practice account only while no real one exists (it is the default then).
    const listed = profiles.list();
    const real = listed.filter((summary) => !summary.practice);
    const names = profile ? [profile] : (real.length > 0 ? real : listed).map((summary) => summary.name);
    if (names.length === 0) {
      return { ok: false, error: { kind: 'not-found', message: 'There is no profile to close positions on.', hint: 'Add a profile first.' } };
    }
    const result: EverythingOutcome = { outcomes: [], alreadyFlat: [], refused: [] };
    await Promise.all(names.map((name) => closeProfile(name, cancelOrders ?? false, trigger, result)));
    const order = (name: string) => names.indexOf(name);
    result.outcomes.sort((a, b) => order(a.profile.name) - order(b.profile.name) || EVERYTHING_PRODUCT_TYPES.indexOf(a.target.productType) - EVERYTHING_PRODUCT_TYPES.indexOf(b.target.productType));
    return { ok: true, value: result };
  };
}
