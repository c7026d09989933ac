import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface ModalProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId: string;
  wide?: boolean;
}

/**
 * A native modal <dialog>: the browser traps focus, closes on Escape and returns focus to the
 * button that opened it, which is what staff using a keyboard or screen reader expect.
 */
export function Modal({ title, onClose, children, testId, wide = false }: ModalProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    // The `close` event is queued, so one fired by an earlier cleanup (StrictMode mounts effects
    // twice) can arrive after the dialog was shown again: only a dialog that is shut has closed.
    const handleClose = () => {
      if (!dialog.open) onCloseRef.current();
    };
    dialog.addEventListener('close', handleClose);
    return () => {
      dialog.removeEventListener('close', handleClose);
      if (dialog.open) dialog.close();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`console-modal${wide ? ' is-wide' : ''}`}
      aria-labelledby={titleId}
      data-testid={testId}
    >
      <div className="console-modal-head">
        <h2 id={titleId}>{title}</h2>
        <button
          type="button"
          className="icon-button"
          aria-label={t('console.common.close')}
          data-testid={`${testId}-close`}
          onClick={() => ref.current?.close()}
        >
          ×
        </button>
      </div>
      <div className="console-modal-body">{children}</div>
    </dialog>
  );
}

interface ConfirmProps {
  title: string;
  message: string;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  danger = false,
  onConfirm,
  onCancel,
}: ConfirmProps) {
  const { t } = useTranslation();
  return (
    <Modal title={title} onClose={onCancel} testId="confirm-dialog">
      <p>{message}</p>
      <div className="console-actions">
        <button type="button" data-testid="confirm-cancel" onClick={onCancel}>
          {t('console.common.cancel')}
        </button>
        <button
          type="button"
          className={danger ? 'danger' : 'primary'}
          data-testid="confirm-ok"
          onClick={onConfirm}
        >
          {confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
