import { useTranslation } from 'react-i18next';
import type { Municipality, Place, ReportSource, Safety, StayType } from '../../api/family';
import { placePhrase, safetyTone } from './familyModel';
import { formatDateTime, formatWhen } from './when';

export function SafetyBadge({ safety }: { safety: Safety | null }) {
  const { t } = useTranslation();
  return (
    <span className={`safety-badge tone-${safetyTone(safety)}`} data-testid="safety-badge">
      {t(`family.safety.${safety ?? 'none'}`)}
    </span>
  );
}

interface PlaceProps {
  place: Place;
  shelterName: string | null;
  address?: string | null;
  municipality: Municipality | null;
  stayType: StayType | null;
}

/** Where, in words; the shelter's address below its name so family can find it. */
export function PlaceText({ place, shelterName, address, municipality, stayType }: PlaceProps) {
  const { t } = useTranslation();
  const phrase = placePhrase({ place, shelterName, municipality });
  return (
    <span className="place-text">
      <span className="place-main">{t(phrase.key, phrase.values)}</span>
      {place === 'shelter' && stayType && (
        <span className="muted small"> · {t(`family.stayType.${stayType}`)}</span>
      )}
      {place === 'shelter' && address && <span className="place-address muted small">{address}</span>}
    </span>
  );
}

/** "5 分前 · カードタッチ": when and how the state was last reported. */
export function ReportedLine({ at, source, now }: { at: string; source: ReportSource; now: number }) {
  const { t, i18n } = useTranslation();
  return (
    <span className="reported-line muted small">
      {t('family.member.reported', {
        when: formatWhen(at, now, i18n.language),
        source: t(`family.source.${source}`),
      })}
      <time dateTime={at} className="visually-hidden">
        {formatDateTime(at, i18n.language)}
      </time>
    </span>
  );
}
