import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { manualCheckin, type Occupancy, type StayType } from '../../api/console';
import type { PersonSummary } from '../../api/people';
import { StayTypeField } from './ChoiceFields';
import { fullName } from './format';
import { FormError } from './FormError';
import { Modal } from './Modal';
import { useNotice } from './notices';
import { PersonSearch } from './PersonSearch';
import { useDialogSubmit } from './useDialogSubmit';
import { WalkInForm } from './WalkInForm';

interface DialogProps {
  shelterId: string;
  onClose: () => void;
  onChanged: (occupancy: Occupancy | null) => void;
}

/** Check a registered person in by hand: someone without a card, or whose card does not read. */
export function ManualCheckinDialog({ shelterId, onClose, onChanged }: DialogProps) {
  const { t } = useTranslation();
  const notice = useNotice();
  const [person, setPerson] = useState<PersonSummary | null>(null);
  const [stayType, setStayType] = useState<StayType>('overnight');
  const { busy, error, submit } = useDialogSubmit();

  const checkIn = async () => {
    if (!person) return;
    await submit(async () => {
      const result = await manualCheckin(shelterId, { residentId: person.id, action: 'check_in', stayType });
      onChanged(result.occupancy);
      notice.success(
        t(result.outcome === 'transferred' ? 'console.manual.transferredIn' : 'console.manual.checkedIn', {
          name: fullName(person),
        }),
      );
      onClose();
    });
  };

  return (
    <Modal title={t('console.manual.title')} onClose={onClose} testId="manual-checkin-dialog" wide>
      <PersonSearch selectedId={person?.id ?? null} onSelect={setPerson} />
      {person && (
        <form
          className="bind-confirm"
          onSubmit={(event) => {
            event.preventDefault();
            void checkIn();
          }}
        >
          <p>
            {t('console.manual.checkingIn')} <strong>{fullName(person)}</strong>
            {person.whereabouts?.shelterName && person.whereabouts.shelterId !== shelterId && (
              <span className="muted">
                {' '}
                ({t('console.manual.willTransfer', { name: person.whereabouts.shelterName })})
              </span>
            )}
          </p>
          <StayTypeField value={stayType} onChange={setStayType} testIdPrefix="manual-stay" />
          <FormError error={error} testId="manual-checkin-error" />
          <div className="console-actions">
            <button
              type="submit"
              className="primary big"
              disabled={busy}
              data-testid="manual-checkin-confirm"
            >
              {t('console.manual.confirm')}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}

/** Register a walk-in without a card (the card can be bound later from an unknown tap). */
export function WalkInDialog({ shelterId, onClose, onChanged }: DialogProps) {
  const { t } = useTranslation();
  const notice = useNotice();
  return (
    <Modal title={t('console.walkIn.title')} onClose={onClose} testId="walk-in-dialog" wide>
      <WalkInForm
        shelterId={shelterId}
        onDone={(result, name) => {
          onChanged(result.occupancy);
          notice.success(t('console.walkIn.registered', { name }));
          onClose();
        }}
      />
    </Modal>
  );
}
