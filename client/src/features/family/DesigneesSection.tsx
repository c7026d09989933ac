import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { actingApi } from '../../api/acting';
import { fetchDesignees, removeDesignee, type OutgoingList } from '../../api/family';
import { familyErrorKey } from './familyErrors';
import { fullName } from './familyModel';
import { InviteForm } from './InviteForm';
import { formatDateTime } from './when';

/**
 * People I named: they may see me once they accept (if my setting includes designees). Reloaded
 * each time the tab is opened: acceptance arrives without an event to the inviter.
 */
export function DesigneesSection({ active }: { active: boolean }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [list, setList] = useState<OutgoingList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    fetchDesignees()
      .then((fresh) => {
        setList(fresh);
        setError(null);
      })
      .catch((cause: unknown) => setError(cause));
  }, []);

  useEffect(() => {
    if (active) load();
  }, [active, load]);

  async function remove(designationId: string) {
    setBusy(true);
    try {
      await removeDesignee(designationId);
      setConfirming(null);
      load();
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  }

  async function setActForMe(designationId: string, allowed: boolean) {
    setBusy(true);
    // The switch moves at once; the reload after the answer shows what the server holds.
    setList(
      (held) =>
        held && {
          ...held,
          designees: held.designees.map((d) => (d.id === designationId ? { ...d, actForMe: allowed } : d)),
        },
    );
    try {
      await actingApi.setActForMe(designationId, allowed);
      load();
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  }

  // Ended and expired grants are history: the person cannot act on them.
  const shown = list?.designees.filter((d) => d.status === 'pending' || d.status === 'accepted') ?? [];

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="designees">
      <h2 id={`${id}-title`}>{t('family.designees.title')}</h2>
      <p className="muted small">{t('family.designees.intro')}</p>
      {list && (
        <p className="muted small" data-testid="designees-count">
          {t('family.designees.count', { count: shown.length, max: list.max })}
        </p>
      )}
      {list === null && error === null && <p className="muted">{t('family.common.loading')}</p>}
      {list && shown.length === 0 && <p className="muted">{t('family.designees.none')}</p>}
      {shown.length > 0 && (
        <ul className="plain-list designee-list">
          {shown.map((designation) => {
            const name = designation.designee
              ? fullName(designation.designee)
              : fullName(designation.invited);
            return (
              <li
                key={designation.id}
                className="designee"
                data-testid="designee"
                data-designation-id={designation.id}
                data-status={designation.status}
              >
                <div>
                  <strong>{name}</strong>{' '}
                  <span className={`badge status-${designation.status}`}>
                    {t(`family.designees.status.${designation.status}`)}
                  </span>
                  {designation.status === 'pending' && (
                    <span className="muted small block">
                      {t('family.designees.expires', {
                        when: formatDateTime(designation.expiresAt, i18n.language),
                      })}
                    </span>
                  )}
                  {designation.status === 'accepted' && (
                    <label className="block small" title={t('family.designees.actForMeHint')}>
                      <input
                        type="checkbox"
                        checked={designation.actForMe}
                        disabled={busy}
                        data-testid="designee-act-for-me"
                        onChange={(event) => void setActForMe(designation.id, event.target.checked)}
                      />{' '}
                      {t('family.designees.actForMe')}
                    </label>
                  )}
                </div>
                {confirming === designation.id ? (
                  <div
                    className="confirm-row"
                    role="group"
                    aria-label={t('family.designees.confirm', { name })}
                  >
                    <span>{t('family.designees.confirm', { name })}</span>
                    <button
                      type="button"
                      className="danger"
                      disabled={busy}
                      data-testid="designee-remove-confirm"
                      onClick={() => void remove(designation.id)}
                    >
                      {t('family.designees.removeYes')}
                    </button>
                    <button type="button" onClick={() => setConfirming(null)}>
                      {t('family.common.cancel')}
                    </button>
                  </div>
                ) : (
                  <button
                    type="button"
                    data-testid="designee-remove"
                    aria-label={t('family.designees.removeNamed', { name })}
                    onClick={() => setConfirming(designation.id)}
                  >
                    {designation.status === 'pending'
                      ? t('family.designees.withdraw')
                      : t('family.designees.remove')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {error !== null && (
        <p className="form-error" role="alert" data-testid="designees-error">
          {t(familyErrorKey(error))}
        </p>
      )}
      <InviteForm disabled={list !== null && shown.length >= list.max} onInvited={load} />
    </section>
  );
}
