import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FamilyMember, FamilyMemberDetail } from '../../api/family';
import { familyErrorKey } from './familyErrors';
import { fullName } from './familyModel';
import { PlaceText, ReportedLine, SafetyBadge } from './StateLine';
import { formatDateTime } from './when';

interface MemberDetailProps {
  member: FamilyMember;
  detail: FamilyMemberDetail | null;
  isSelf: boolean;
  now: number;
  refresh: (residentId: string) => Promise<void>;
  onBack: () => void;
  onReport: (residentId: string) => void;
}

/** One person's current state and history; live updates refresh it through the same fetch. */
export function MemberDetail({ member, detail, isSelf, now, refresh, onBack, onReport }: MemberDetailProps) {
  const { t, i18n } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const w = member.whereabouts;

  useEffect(() => {
    headingRef.current?.focus();
    refresh(member.residentId).catch((cause: unknown) => setError(cause));
  }, [member.residentId, refresh]);

  return (
    <article
      className="member-detail"
      data-testid="family-detail"
      data-resident-id={member.residentId}
      data-place={w?.place ?? 'none'}
      data-shelter-id={w?.shelter?.id ?? ''}
    >
      <button type="button" className="back-button" data-testid="family-detail-back" onClick={onBack}>
        ← {t('family.detail.back')}
      </button>
      <h2 ref={headingRef} tabIndex={-1}>
        {fullName(member)}
      </h2>
      <p className="muted">{t(`family.relation.${member.relation}`)}</p>
      {w ? (
        <div className="member-detail-now">
          <SafetyBadge safety={w.safety} />
          <PlaceText
            place={w.place}
            shelterName={w.shelter?.name ?? null}
            address={w.shelter?.address ?? null}
            municipality={w.municipality}
            stayType={w.stayType}
          />
          {w.note && <p className="family-note">{w.note}</p>}
          <ReportedLine at={w.reportedAt} source={w.source} now={now} />
        </div>
      ) : (
        <p className="muted">{t('family.member.nothingYet')}</p>
      )}
      <button
        type="button"
        className="primary wide-button"
        data-testid="family-detail-report"
        onClick={() => onReport(member.residentId)}
      >
        {isSelf ? t('family.member.reportSelf') : t('family.member.reportFor')}
      </button>

      <h3>{t('family.detail.history')}</h3>
      {error !== null && (
        <p className="form-error" role="alert">
          {t(familyErrorKey(error))}
        </p>
      )}
      {detail === null && error === null && <p className="muted">{t('family.common.loading')}</p>}
      {detail && detail.history.length === 0 && <p className="muted">{t('family.detail.noHistory')}</p>}
      {detail && detail.history.length > 0 && (
        <ol className="plain-list history-list" data-testid="family-history">
          {detail.history.map((entry, index) => (
            <li
              key={`${entry.occurredAt}-${index}`}
              className="history-entry"
              data-testid="family-history-entry"
              data-place={entry.place}
              data-source={entry.source}
            >
              <time dateTime={entry.occurredAt} className="history-time">
                {formatDateTime(entry.occurredAt, i18n.language)}
              </time>
              <div className="history-body">
                <div className="history-state">
                  {entry.safety && <SafetyBadge safety={entry.safety} />}
                  <PlaceText
                    place={entry.place}
                    shelterName={entry.shelterName}
                    municipality={entry.municipality}
                    stayType={entry.stayType}
                  />
                </div>
                <span className="muted small">
                  {t(`family.source.${entry.source}`)}
                  {entry.late && ` · ${t('family.detail.late')}`}
                </span>
                {entry.note && <p className="family-note">{entry.note}</p>}
              </div>
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}
