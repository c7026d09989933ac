import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { familyErrorKey } from './familyErrors';
import { fullName } from './familyModel';
import { MemberCard } from './MemberCard';
import { MemberDetail } from './MemberDetail';
import type { FamilyLive } from './useFamilyLive';

interface FamilyPanelProps {
  live: FamilyLive;
  onReport: (residentId: string) => void;
}

/** "My family": me, my household and the people who named me, updated live. */
export function FamilyPanel({ live, onReport }: FamilyPanelProps) {
  const { t } = useTranslation();
  const [openId, setOpenId] = useState<string | null>(null);
  const selfId = live.list?.self.residentId ?? null;
  const open = openId === null ? undefined : live.members.find((m) => m.residentId === openId);
  const lastUpdated = live.members.find((m) => m.residentId === live.lastUpdatedId);

  return (
    <div className="family-panel" data-testid="family-panel">
      {/* Announced without moving focus, so a screen-reader user hears that someone's state changed. */}
      <p className="visually-hidden" role="status" aria-live="polite">
        {lastUpdated ? t('family.list.announce', { name: fullName(lastUpdated) }) : ''}
      </p>
      {open ? (
        <MemberDetail
          member={open}
          detail={live.details.get(open.residentId) ?? null}
          isSelf={open.residentId === selfId}
          now={live.now}
          refresh={live.refreshMember}
          onBack={() => setOpenId(null)}
          onReport={onReport}
        />
      ) : (
        <>
          <div className="family-panel-head">
            <h2>{t('family.list.title')}</h2>
            <span
              className={`family-live${live.connected ? ' is-live' : ''}`}
              data-testid="family-live"
              data-live={live.connected ? 'true' : 'false'}
            >
              {live.connected ? t('family.list.live') : t('family.list.offline')}
            </span>
          </div>
          {live.error !== null && (
            <div className="form-error" role="alert" data-testid="family-error">
              <p>{t(familyErrorKey(live.error))}</p>
              <button type="button" onClick={live.reload}>
                {t('family.common.retry')}
              </button>
            </div>
          )}
          {live.list === null && live.loading && (
            <p className="muted" role="status">
              {t('family.common.loading')}
            </p>
          )}
          {live.list && (
            <ul className="plain-list family-list" data-testid="family-list">
              {live.members.map((member) => (
                <MemberCard
                  key={member.residentId}
                  member={member}
                  isSelf={member.residentId === selfId}
                  updated={live.updated.has(member.residentId)}
                  now={live.now}
                  onOpen={setOpenId}
                  onReport={onReport}
                />
              ))}
            </ul>
          )}
          {live.list && live.members.length === 1 && (
            <p className="muted" data-testid="family-empty">
              {t('family.list.alone')}
            </p>
          )}
        </>
      )}
    </div>
  );
}
