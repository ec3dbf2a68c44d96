// App-wide options: start minimized, launch at login, the hotkey double-press window.
import { useId, useState, type FormEvent } from 'react';
import type { UiSettings } from '../../shared/schema.ts';

interface Props {
  settings: UiSettings;
  onSave: (next: UiSettings) => void;
}

export function AppOptions({ settings, onSave }: Props) {
  const id = useId();
  const [startMinimized, setStartMinimized] = useState(settings.startMinimized);
  const [launchAtLogin, setLaunchAtLogin] = useState(settings.launchAtLogin);
  const [doublePress, setDoublePress] = useState(String(settings.doublePressWindowMs));
  const value = Number(doublePress);
  const valid = Number.isInteger(value) && value >= 200 && value <= 3000;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid) onSave({ ...settings, startMinimized, launchAtLogin, doublePressWindowMs: value });
  };

  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>App</h2>
      <form onSubmit={submit} aria-label="App options">
        <label className="choice field">
          <input type="checkbox" checked={startMinimized} onChange={(event) => setStartMinimized(event.target.checked)} />
          Start minimized to the tray
        </label>
        <label className="choice field">
          <input type="checkbox" checked={launchAtLogin} onChange={(event) => setLaunchAtLogin(event.target.checked)} />
          Launch at login
        </label>
        <div className="field">
          <label htmlFor={`${id}-double`}>Double-press window (milliseconds, 200–3000)</label>
          <input
            id={`${id}-double`}
            type="number"
            min={200}
            max={3000}
            step={50}
            value={doublePress}
            aria-invalid={valid ? undefined : true}
            onChange={(event) => setDoublePress(event.target.value)}
          />
        </div>
        <button type="submit" className="primary" disabled={!valid}>
          Save app options
        </button>
      </form>
    </section>
  );
}
