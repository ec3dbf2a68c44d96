// Settings: profiles, presets and hotkeys, app options. Presets and options are saved through saveSettings.
import { useState } from 'react';
import type { ExplainedError, ProfileSummary } from '../../shared/bitget.ts';
import type { AppStatus } from '../../shared/contract.ts';
import type { UiSettings } from '../../shared/schema.ts';
import { call } from '../api.ts';
import { AppOptions } from './AppOptions.tsx';
import { ExplainedErrorView } from './ExplainedErrorView.tsx';
import { PresetsSection } from './PresetsSection.tsx';
import { ProfilesSection } from './ProfilesSection.tsx';

interface Props {
  profiles: readonly ProfileSummary[];
  settings: UiSettings | null;
  settingsError: ExplainedError | null;
  status: AppStatus | null;
  onProfilesChanged: () => void;
  onSettingsSaved: (settings: UiSettings) => void;
}

export function SettingsView({ profiles, settings, settingsError, status, onProfilesChanged, onSettingsSaved }: Props) {
  const [saveState, setSaveState] = useState<{ error?: ExplainedError; savedAt?: Date } | null>(null);

  const save = async (next: UiSettings) => {
    const result = await call((panic) => panic.saveSettings(next));
    if (result.ok) {
      setSaveState({ savedAt: new Date() });
      onSettingsSaved(result.value);
    } else setSaveState({ error: result.error });
  };

  return (
    <div className="screen settings">
      <ProfilesSection profiles={profiles} onChanged={onProfilesChanged} />
      {settingsError ? <ExplainedErrorView error={settingsError} title="Settings could not be read" /> : null}
      {saveState?.error ? <ExplainedErrorView error={saveState.error} title="Settings were not saved" /> : null}
      {saveState?.savedAt ? (
        <p className="ok-text" role="status">
          Settings saved.
        </p>
      ) : null}
      {settings ? (
        <>
          <PresetsSection
            presets={settings.presets}
            profiles={profiles}
            hotkeys={status?.hotkeys ?? []}
            onSave={(presets) => void save({ ...settings, presets })}
          />
          <AppOptions key={JSON.stringify([settings.startMinimized, settings.launchAtLogin, settings.doublePressWindowMs])} settings={settings} onSave={(next) => void save(next)} />
        </>
      ) : null}
      {status?.auditLogPath ? <p className="field-note">Audit log: <span className="mono">{status.auditLogPath}</span></p> : null}
    </div>
  );
}
