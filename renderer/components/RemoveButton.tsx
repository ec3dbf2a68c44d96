// Removing takes two clicks: "Remove…", then an explicit "Yes, remove …" (or "Keep it").
import { useState } from 'react';

export function RemoveButton({ confirmLabel, onRemove }: { confirmLabel: string; onRemove: () => void | Promise<void> }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="secondary" onClick={() => setAsking(true)}>
        Remove…
      </button>
    );
  }
  return (
    <>
      <button
        type="button"
        className="danger"
        onClick={() => {
          setAsking(false);
          void onRemove();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="secondary" onClick={() => setAsking(false)}>
        Keep it
      </button>
    </>
  );
}
