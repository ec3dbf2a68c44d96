// Finding a preset by what a person typed (a hotkey binding, `--close NAME`). Pure. What running one sends is
// electron/core/run-preset.ts.
import type { ExplainedError } from '../../shared/bitget.ts';
import type { Preset } from '../../shared/schema.ts';

/** By id, then by exact name, then by name ignoring case and surrounding spaces (when that is unambiguous). */
export function findPreset(
  presets: readonly Preset[],
  reference: string,
): { ok: true; value: Preset } | { ok: false; error: ExplainedError } {
  const byId = presets.find((preset) => preset.id === reference);
  if (byId) return { ok: true, value: byId };
  const byName = presets.find((preset) => preset.name === reference);
  if (byName) return { ok: true, value: byName };
  const folded = reference.trim().toLowerCase();
  const loose = presets.filter((preset) => preset.name.trim().toLowerCase() === folded);
  if (loose.length === 1) return { ok: true, value: loose[0]! };
  const known = presets.map((preset) => `"${preset.name}"`).join(', ') || 'none yet';
  return {
    ok: false,
    error: {
      kind: loose.length > 1 ? 'bad-input' : 'not-found',
      message:
        loose.length > 1
          ? `More than one preset is named "${reference}" (ignoring case).`
          : `There is no preset named "${reference}".`,
      hint: `Nothing was sent to the exchange. Presets: ${known}. Use the exact name or the preset's id.`,
    },
  };
}
