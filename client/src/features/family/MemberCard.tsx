import { useTranslation } from 'react-i18next';
import type { FamilyMember } from '../../api/family';
import { fullName } from './familyModel';
import { PlaceText, ReportedLine, SafetyBadge } from './StateLine';

interface MemberCardProps {
  member: FamilyMember;
  isSelf: boolean;
  updated: boolean;
  now: number;
  onOpen: (residentId: string) => void;
  onReport: (residentId: string) => void;
}

/** One person's current state; data attributes let end-to-end tests read it without parsing text. */
export function MemberCard({ member, isSelf, updated, now, onOpen, onReport }: MemberCardProps) {
  const { t } = useTranslation();
  const w = member.whereabouts;
  const name = fullName(member);
  const headingId = `family-member-${member.residentId}`;
  return (
    <li
      className={`family-member${updated ? ' is-updated' : ''}`}
      data-testid="family-member"
      data-resident-id={member.residentId}
      data-relation={member.relation}
      data-place={w?.place ?? 'none'}
      data-shelter-id={w?.shelter?.id ?? ''}
      data-safety={w?.safety ?? 'none'}
      data-source={w?.source ?? ''}
      data-reported-at={w?.reportedAt ?? ''}
      data-updated={updated ? 'true' : 'false'}
    >
      <article aria-labelledby={headingId}>
        <div className="family-member-head">
          <h3 id={headingId} className="family-member-name" data-testid="family-member-name">
            {name}
          </h3>
          <span className="badge">{t(`family.relation.${member.relation}`)}</span>
          {member.minor && <span className="badge">{t('family.member.minor')}</span>}
          {updated && (
            <span className="badge updated-badge" data-testid="family-member-updated">
              {t('family.member.updated')}
            </span>
          )}
        </div>
        {w ? (
          <>
            <div className="family-member-state">
              <SafetyBadge safety={w.safety} />
              <PlaceText
                place={w.place}
                shelterName={w.shelter?.name ?? null}
                address={w.shelter?.address ?? null}
                municipality={w.municipality}
                stayType={w.stayType}
              />
            </div>
            {w.note && <p className="family-note">{w.note}</p>}
            <ReportedLine at={w.reportedAt} source={w.source} now={now} />
          </>
        ) : (
          <p className="muted" data-testid="family-member-nothing">
            {t('family.member.nothingYet')}
          </p>
        )}
        <div className="family-member-actions">
          <button
            type="button"
            data-testid="family-member-open"
            aria-describedby={headingId}
            onClick={() => onOpen(member.residentId)}
          >
            {t('family.member.history')}
          </button>
          <button
            type="button"
            data-testid="family-member-report"
            aria-describedby={headingId}
            onClick={() => onReport(member.residentId)}
          >
            {isSelf ? t('family.member.reportSelf') : t('family.member.reportFor')}
          </button>
        </div>
      </article>
    </li>
  );
}
