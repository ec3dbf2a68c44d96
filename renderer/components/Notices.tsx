// Messages the person must see (e.g. a reset settings file) and hotkeys that could not be registered.
import { useState } from 'react';
import type { AppStatus } from '../../shared/contract.ts';

export function Notices({ status }: { status: AppStatus | null }) {
  const [dismissed, setDismissed] = useState<readonly string[]>([]);
  if (!status) return null;
  const failedHotkeys = status.hotkeys.filter((hotkey) => !hotkey.registered);
  const messages = [
    ...status.notices,
    ...failedHotkeys.map(
      (hotkey) => `Hotkey ${hotkey.accelerator} is not active: ${hotkey.problem ?? 'it could not be registered'}. See Settings → Presets.`,
    ),
  ].filter((message) => !dismissed.includes(message));
  if (messages.length === 0) return null;
  return (
    <div className="notices" role="alert">
      {messages.map((message) => (
        <div key={message} className="notice">
          <p>{message}</p>
          <button type="button" className="secondary" onClick={() => setDismissed([...dismissed, message])}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
