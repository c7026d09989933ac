import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  manualCheckin,
  transferOccupant,
  updateOccupant,
  type CareNeed,
  type Occupancy,
  type Occupant,
  type StayType,
} from '../../api/console';
import type { Shelter } from '../../shared/shelters/shelterStore';
import { CareNeedsField, StayTypeField } from './ChoiceFields';
import { fullName } from './format';
import { FormError } from './FormError';
import { Modal } from './Modal';
import { useNotice } from './notices';
import { ShelterChooser } from './ShelterChooser';
import { useDialogSubmit } from './useDialogSubmit';

interface OccupantDialogProps {
  shelterId: string;
  occupant: Occupant;
  transferTargets: readonly Shelter[];
  onClose: () => void;
  onChanged: (occupancy: Occupancy | null) => void;
}

/** One person inside: day/overnight, care needs, check-out, transfer. */
export function OccupantDialog({
  shelterId,
  occupant,
  transferTargets,
  onClose,
  onChanged,
}: OccupantDialogProps) {
  const { t } = useTranslation();
  const notice = useNotice();
  const name = fullName(occupant);
  const [stayType, setStayType] = useState<StayType>(occupant.stayType);
  const [careNeeds, setCareNeeds] = useState<CareNeed[]>(occupant.careNeeds);
  const [target, setTarget] = useState<Shelter | null>(null);
  const { busy, error, submit } = useDialogSubmit();

  const run = (action: () => Promise<Occupancy | null>, done: string) =>
    submit(async () => {
      onChanged(await action());
      notice.success(done);
      onClose();
    });

  const careChanged =
    careNeeds.length !== occupant.careNeeds.length ||
    careNeeds.some((need) => !occupant.careNeeds.includes(need));
  const stayChanged = stayType !== occupant.stayType;

  return (
    <Modal title={name} onClose={onClose} testId="occupant-dialog" wide>
      <form
        className="occupant-edit"
        onSubmit={(event) => {
          event.preventDefault();
          void run(
            async () =>
              (
                await updateOccupant(shelterId, occupant.residentId, {
                  ...(stayChanged ? { stayType } : {}),
                  ...(careChanged ? { careNeeds } : {}),
                })
              ).occupancy,
            t('console.occupant.saved', { name }),
          );
        }}
      >
        <StayTypeField value={stayType} onChange={setStayType} testIdPrefix="occupant-stay" />
        <CareNeedsField value={careNeeds} onChange={setCareNeeds} testIdPrefix="occupant-care" />
        <div className="console-actions">
          <button
            type="submit"
            className="primary"
            disabled={busy || (!stayChanged && !careChanged)}
            data-testid="occupant-save"
          >
            {t('console.common.save')}
          </button>
        </div>
      </form>

      <section className="dialog-section" aria-labelledby="occupant-transfer-title">
        <h3 id="occupant-transfer-title">{t('console.occupant.transferTitle')}</h3>
        <ShelterChooser
          candidates={transferTargets}
          selectedId={target?.id ?? null}
          onSelect={setTarget}
          testIdPrefix="transfer-target"
        />
        <div className="console-actions">
          <button
            type="button"
            disabled={busy || target === null}
            data-testid="occupant-transfer-confirm"
            onClick={() =>
              target &&
              void run(
                async () =>
                  (
                    await transferOccupant(shelterId, {
                      residentId: occupant.residentId,
                      toShelterId: target.id,
                    })
                  ).from,
                t('console.occupant.transferred', { name, shelter: target.name }),
              )
            }
          >
            {target
              ? t('console.occupant.transferTo', { shelter: target.name })
              : t('console.occupant.transfer')}
          </button>
        </div>
      </section>

      <section className="dialog-section" aria-labelledby="occupant-checkout-title">
        <h3 id="occupant-checkout-title">{t('console.occupant.checkOutTitle')}</h3>
        <div className="console-actions">
          <button
            type="button"
            className="danger big"
            disabled={busy}
            data-testid="occupant-checkout"
            onClick={() =>
              void run(
                async () =>
                  (await manualCheckin(shelterId, { residentId: occupant.residentId, action: 'check_out' }))
                    .occupancy,
                t('console.occupant.checkedOut', { name }),
              )
            }
          >
            {t('console.occupant.checkOut')}
          </button>
        </div>
      </section>

      <FormError error={error} testId="occupant-error" />
    </Modal>
  );
}
