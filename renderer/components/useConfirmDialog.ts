// The keyboard contract of every confirmation: opens modal with focus on the confirm button; Enter confirms (a held,
// auto-repeating Enter does not; Enter on the cancel button cancels); Escape cancels.
import { useEffect, useRef, type KeyboardEvent, type SyntheticEvent } from 'react';

export function useConfirmDialog(onConfirm: () => void, onCancel: () => void) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    confirmRef.current?.focus();
    return () => {
      if (dialog.open) dialog.close();
    };
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (event.repeat) return;
      if (event.target === cancelRef.current) onCancel();
      else onConfirm();
    }
  };

  /** The dialog's own cancel event (Escape in some browsers): never let it close the dialog behind React's back. */
  const onDialogCancel = (event: SyntheticEvent<HTMLDialogElement>) => {
    event.preventDefault();
    onCancel();
  };

  return { dialogRef, confirmRef, cancelRef, onKeyDown, onDialogCancel };
}
