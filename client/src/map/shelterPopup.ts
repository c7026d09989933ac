import type { TFunction } from 'i18next';
import type { Shelter } from '../shared/shelters/shelterStore';
import { classifyOccupancy } from './occupancy';

function row(list: HTMLElement, label: string, value: string, testId: string): void {
  const term = document.createElement('dt');
  term.textContent = label;
  const detail = document.createElement('dd');
  detail.textContent = value;
  detail.dataset.testid = testId;
  list.append(term, detail);
}

/** Built from DOM nodes with textContent: shelter names come from outside data and must not be parsed as HTML. */
export function buildShelterPopup(shelter: Shelter, t: TFunction): HTMLElement {
  const root = document.createElement('div');
  root.className = 'shelter-popup';
  root.dataset.testid = 'shelter-popup';
  root.dataset.shelterId = shelter.id;
  root.dataset.occupancyClass = classifyOccupancy(shelter);

  const title = document.createElement('h3');
  title.textContent = shelter.name;
  title.dataset.testid = 'shelter-popup-name';
  root.append(title);

  const list = document.createElement('dl');
  row(list, t('popup.kind'), t(`shelterKind.${shelter.kind}`), 'shelter-popup-kind');
  row(
    list,
    t('popup.capacity'),
    shelter.capacity === null ? t('popup.unknown') : t('popup.people', { count: shelter.capacity }),
    'shelter-popup-capacity',
  );
  row(list, t('popup.occupancy'), t('popup.people', { count: shelter.occupancy }), 'shelter-popup-occupancy');
  row(list, t('popup.status'), t(`shelterStatus.${shelter.status}`), 'shelter-popup-status');
  root.append(list);
  return root;
}
