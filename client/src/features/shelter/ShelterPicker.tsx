import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Shelter } from '../../shared/shelters/shelterStore';
import { Modal } from './Modal';
import { ShelterChooser } from './ShelterChooser';

interface ShelterPickerProps {
  /** The user's own shelters; empty for HQ and admins, who may open any shelter. */
  assigned: readonly string[];
  all: readonly Shelter[];
  nameOf: (id: string) => string;
  selectedId: string | null;
  onSelect: (id: string) => void;
}

/** Staff at several shelters switch between them here; HQ and admins search the whole prefecture. */
export function ShelterPicker({ assigned, all, nameOf, selectedId, onSelect }: ShelterPickerProps) {
  const { t } = useTranslation();
  const [searching, setSearching] = useState(false);

  if (assigned.length > 0) {
    // One shelter: its name heads the summary below, there is nothing to pick.
    if (assigned.length === 1) return null;
    return (
      <div className="console-picker">
        <label htmlFor="console-shelter-picker">{t('console.picker.label')}</label>
        <select
          id="console-shelter-picker"
          className="picker-select"
          value={selectedId ?? ''}
          data-testid="console-shelter-picker"
          onChange={(event) => onSelect(event.target.value)}
        >
          {assigned.map((id) => (
            <option key={id} value={id}>
              {nameOf(id)}
            </option>
          ))}
        </select>
      </div>
    );
  }

  return (
    <div className="console-picker">
      <button type="button" data-testid="console-shelter-search" onClick={() => setSearching(true)}>
        {t('console.picker.choose')}
      </button>
      {searching && (
        <Modal
          title={t('console.picker.choose')}
          onClose={() => setSearching(false)}
          testId="console-shelter-dialog"
        >
          <ShelterChooser
            candidates={all}
            selectedId={selectedId}
            testIdPrefix="console-shelter"
            onSelect={(shelter) => {
              onSelect(shelter.id);
              setSearching(false);
            }}
          />
        </Modal>
      )}
    </div>
  );
}
