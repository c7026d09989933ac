import { useState } from 'react';

/**
 * A dialog's submit: busy while it runs and after it succeeds (the dialog closes then); a failure
 * stays in the dialog for FormError and lets the person try again.
 */
export function useDialogSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };
  return { busy, error, submit };
}
