// The presets, each with its hotkey and whether that hotkey is actually registered.
import { useState } from 'react';
import type { ProfileSummary } from '../../shared/bitget.ts';
import type { HotkeyStatus } from '../../shared/contract.ts';
import type { Preset } from '../../shared/schema.ts';
import { EVERYTHING_PRODUCT_TYPES } from '../../shared/target.ts';
import { describeAuditTarget, productTypeName } from '../format.ts';
import { AccountName, ModeBadge } from './ModeBadge.tsx';
import { RemoveButton } from './RemoveButton.tsx';
import { PresetForm } from './PresetForm.tsx';

interface Props {
  presets: readonly Preset[];
  profiles: readonly ProfileSummary[];
  hotkeys: readonly HotkeyStatus[];
  onSave: (presets: Preset[]) => void;
}

export function PresetsSection({ presets, profiles, hotkeys, onSave }: Props) {
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const save = (preset: Preset) => {
    const exists = presets.some((item) => item.id === preset.id);
    onSave(exists ? presets.map((item) => (item.id === preset.id ? preset : item)) : [...presets, preset]);
    setEditing(null);
  };
  return (
    <section className="settings-section" aria-labelledby="presets-title">
      <h2 id="presets-title">Presets and hotkeys</h2>
      {presets.length === 0 ? <p className="field-note">No presets yet. A preset is a close target the tray and a hotkey can run.</p> : null}
      <ul className="preset-list">
        {presets.map((preset) =>
          editing === preset.id ? (
            <li key={preset.id} className="card">
              <PresetForm existing={preset} profiles={profiles} onSave={save} onCancel={() => setEditing(null)} />
            </li>
          ) : (
            <PresetCard
              key={preset.id}
              preset={preset}
              profile={profiles.find((item) => item.name === preset.profile)}
              hotkey={hotkeys.find((item) => item.presetId === preset.id)}
              onEdit={() => setEditing(preset.id)}
              onRemove={() => onSave(presets.filter((item) => item.id !== preset.id))}
            />
          ),
        )}
      </ul>
      {editing === 'new' ? (
        <div className="card">
          <h3>New preset</h3>
          <PresetForm profiles={profiles} onSave={save} onCancel={() => setEditing(null)} />
        </div>
      ) : (
        <button type="button" className="primary" onClick={() => setEditing('new')} disabled={profiles.length === 0}>
          Add a preset
        </button>
      )}
    </section>
  );
}

interface CardProps {
  preset: Preset;
  profile: ProfileSummary | undefined;
  hotkey: HotkeyStatus | undefined;
  onEdit: () => void;
  onRemove: () => void;
}

function PresetCard({ preset, profile, hotkey, onEdit, onRemove }: CardProps) {
  return (
    <li className="card" data-testid="preset-card">
      <p className="profile-card-head">
        <strong>{preset.name}</strong> {profile ? <ModeBadge profile={profile} /> : null} {preset.profile}
      </p>
      {preset.everything ? (
        <p className="preset-everything" data-testid="preset-everything">
          <strong>Flatten EVERYTHING</strong> on {profile ? <AccountName profile={profile} /> : `“${preset.profile}”`} · every position in{' '}
          {EVERYTHING_PRODUCT_TYPES.join(', ')}
          {preset.cancelOrders ? ' · cancels orders' : ''}
        </p>
      ) : (
        <p>
          {describeAuditTarget(preset)} · {productTypeName(preset.productType)}
          {preset.cancelOrders ? ' · cancels orders' : ''}
        </p>
      )}
      {!profile ? <p className="warning-text">Profile “{preset.profile}” does not exist any more.</p> : null}
      <p>
        Hotkey:{' '}
        {!preset.hotkey ? (
          'none'
        ) : (
          <>
            <kbd>{preset.hotkey}</kbd> {preset.hotkeyEnabled ? '' : '(off)'}{' '}
            {preset.hotkeyEnabled ? (preset.confirmByDoublePress ? '· press twice to run' : '· ONE press runs it') : ''}{' '}
            {hotkey && preset.hotkeyEnabled ? (
              hotkey.registered ? (
                <span className="ok-text">· registered</span>
              ) : (
                <span className="warning-text">· NOT registered: {hotkey.problem ?? 'unknown reason'}</span>
              )
            ) : null}
          </>
        )}
      </p>
      <div className="actions">
        <button type="button" onClick={onEdit}>
          Edit
        </button>
        <RemoveButton confirmLabel={`Yes, remove “${preset.name}”`} onRemove={onRemove} />
      </div>
    </li>
  );
}
