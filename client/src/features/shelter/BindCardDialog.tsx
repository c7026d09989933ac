import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bindUnknownCard, CARD_KINDS, type CardKind, type Occupancy } from '../../api/console';
import type { PersonSummary } from '../../api/people';
import { OptionSelect } from './ChoiceFields';
import { fullName } from './format';
import { FormError } from './FormError';
import { Modal } from './Modal';
import { useNotice } from './notices';
import { PersonSearch } from './PersonSearch';
import { useDialogSubmit } from './useDialogSubmit';
import { WalkInForm } from './WalkInForm';

export interface UnknownTapRef {
  eventId: string;
  /** What staff see to tell cards apart: the card reference or the tap time. */
  label: string;
}

interface BindCardDialogProps {
  shelterId: string;
  tap: UnknownTapRef;
  onClose: () => void;
  onOccupancy: (occupancy: Occupancy | null) => void;
}

type Mode = 'search' | 'walk_in';

/** An unknown card: bind it to a registered person, or register the holder as a walk-in. */
export function BindCardDialog({ shelterId, tap, onClose, onOccupancy }: BindCardDialogProps) {
  const { t } = useTranslation();
  const notice = useNotice();
  const [mode, setMode] = useState<Mode>('search');
  const [person, setPerson] = useState<PersonSummary | null>(null);
  const [kind, setKind] = useState<CardKind>('other');
  const { busy, error, submit } = useDialogSubmit();

  const bind = async () => {
    if (!person) return;
    await submit(async () => {
      const result = await bindUnknownCard(shelterId, tap.eventId, { residentId: person.id, kind });
      onOccupancy(result.occupancy);
      notice.success(
        t(result.checkedIn ? 'console.unknown.boundCheckedIn' : 'console.unknown.boundHistoryOnly', {
          name: fullName(person),
        }),
      );
      onClose();
    });
  };

  return (
    <Modal
      title={t('console.unknown.dialogTitle', { card: tap.label })}
      onClose={onClose}
      testId="bind-dialog"
      wide
    >
      <div className="tabs small-tabs" role="tablist" aria-label={t('console.unknown.how')}>
        {(['search', 'walk_in'] as const).map((value) => (
          <button
            key={value}
            type="button"
            role="tab"
            aria-selected={mode === value}
            data-testid={value === 'search' ? 'bind-search-tab' : 'bind-walk-in-tab'}
            onClick={() => setMode(value)}
          >
            {t(value === 'search' ? 'console.unknown.findPerson' : 'console.unknown.registerWalkIn')}
          </button>
        ))}
      </div>

      {mode === 'search' ? (
        <div role="tabpanel">
          <PersonSearch selectedId={person?.id ?? null} onSelect={setPerson} />
          {person && (
            <form
              className="bind-confirm"
              onSubmit={(event) => {
                event.preventDefault();
                void bind();
              }}
            >
              <p>
                {t('console.unknown.bindTo')}{' '}
                <strong data-testid="bind-selected-name">{fullName(person)}</strong>
              </p>
              <div className="field">
                <label htmlFor="bind-card-kind">{t('console.card.kind')}</label>
                <OptionSelect
                  id="bind-card-kind"
                  value={kind}
                  options={CARD_KINDS}
                  labelPrefix="console.card"
                  onChange={setKind}
                  testId="bind-card-kind"
                />
              </div>
              <FormError error={error} testId="bind-error" />
              <div className="console-actions">
                <button type="submit" className="primary big" disabled={busy} data-testid="bind-confirm">
                  {t('console.unknown.bindAndCheckIn')}
                </button>
              </div>
            </form>
          )}
        </div>
      ) : (
        <div role="tabpanel">
          <WalkInForm
            shelterId={shelterId}
            unknownCardEventId={tap.eventId}
            onDone={(result, name) => {
              onOccupancy(result.occupancy);
              notice.success(t('console.walkIn.registered', { name }));
              onClose();
            }}
          />
        </div>
      )}
    </Modal>
  );
}
