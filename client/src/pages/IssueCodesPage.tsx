import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../api/auth';
import type { PersonSummary } from '../api/people';
import { LetterBatches } from '../features/enrolment/LetterBatches';
import { PersonEnrolment } from '../features/enrolment/PersonEnrolment';
import { KioskHelpSection } from '../features/kiosk/KioskHelpSection';
import { fullName } from '../features/shelter/format';
import { PersonSearch } from '../features/shelter/PersonSearch';
import { useShelters } from '../shared/shelters/useShelters';
import '../styles/pages.css';
import '../styles/console.css';
import '../styles/enrolment.css';

/**
 * Staff at a shelter or counter, and HQ, give a registry person an enrolment code: find them, check
 * their birth date with them, issue, and show or print the code with its QR code.
 */
export function IssueCodesPage({ user }: { user: Me }) {
  const { t } = useTranslation();
  const [shelters] = useShelters();
  const isStaff = user.role === 'shelter_staff';
  const [shelterId, setShelterId] = useState<string | null>(isStaff ? (user.shelterIds[0] ?? null) : null);
  const [person, setPerson] = useState<PersonSummary | null>(null);
  const nameOf = (id: string) => (shelters.status === 'ready' ? (shelters.store.get(id)?.name ?? id) : id);

  return (
    <div className="page enrolment-issue-page" data-testid="enrolment-issue-page">
      <section className="card no-print">
        <h2>{t('enrolment.issue.title')}</h2>
        <p className="muted">{t('enrolment.issue.intro')}</p>
        {isStaff && user.shelterIds.length > 1 && (
          <label>
            {t('enrolment.issue.shelter')}{' '}
            <select
              value={shelterId ?? ''}
              data-testid="enrolment-shelter"
              onChange={(event) => setShelterId(event.target.value)}
            >
              {user.shelterIds.map((id) => (
                <option key={id} value={id}>
                  {nameOf(id)}
                </option>
              ))}
            </select>
          </label>
        )}
        {isStaff && user.shelterIds.length === 1 && shelterId && (
          <p className="muted">{`${t('enrolment.issue.shelter')}: ${nameOf(shelterId)}`}</p>
        )}
        <PersonSearch selectedId={person?.id ?? null} onSelect={setPerson} />
      </section>
      {(user.role === 'hq_operator' || user.role === 'admin') && <LetterBatches />}
      {person && (
        <PersonEnrolment
          key={person.id}
          residentId={person.id}
          name={fullName(person)}
          shelterId={shelterId}
        />
      )}
      {person && <KioskHelpSection key={`kiosk-${person.id}`} residentId={person.id} shelterId={shelterId} />}
    </div>
  );
}
