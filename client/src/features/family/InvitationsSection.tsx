import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { answerInvitation, type IncomingInvitation } from '../../api/family';
import { familyErrorKey } from './familyErrors';
import { fullName } from './familyModel';
import { formatDateTime } from './when';

interface InvitationsSectionProps {
  invitations: IncomingInvitation[] | null;
  error: unknown;
  reload: () => void;
  /** The family list changes when I accept or stop being someone's designee. */
  onAnswered: () => void;
}

/** Invitations to become someone's designee, and the people I already follow that way. */
export function InvitationsSection({ invitations, error, reload, onAnswered }: InvitationsSectionProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [busyId, setBusyId] = useState<string | null>(null);
  const [answerError, setAnswerError] = useState<unknown>(null);
  const [answered, setAnswered] = useState<string | null>(null);

  useEffect(() => setAnswerError(null), [invitations]);

  async function answer(invitation: IncomingInvitation, choice: 'accept' | 'decline') {
    setBusyId(invitation.id);
    setAnswerError(null);
    try {
      await answerInvitation(invitation.id, choice);
      setAnswered(
        t(choice === 'accept' ? 'family.invitations.accepted' : 'family.invitations.declined', {
          name: fullName(invitation.from),
        }),
      );
      onAnswered();
    } catch (cause) {
      setAnswerError(cause);
    } finally {
      setBusyId(null);
      reload();
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="invitations">
      <h2 id={`${id}-title`}>{t('family.invitations.title')}</h2>
      {invitations === null && error === null && <p className="muted">{t('family.common.loading')}</p>}
      {invitations && invitations.length === 0 && <p className="muted">{t('family.invitations.none')}</p>}
      {invitations && invitations.length > 0 && (
        <ul className="plain-list designee-list">
          {invitations.map((invitation) => {
            const name = fullName(invitation.from);
            const busy = busyId === invitation.id;
            return (
              <li
                key={invitation.id}
                className="designee"
                data-testid="invitation"
                data-invitation-id={invitation.id}
                data-status={invitation.status}
              >
                <div>
                  {invitation.status === 'pending'
                    ? t('family.invitations.pending', { name })
                    : t('family.invitations.following', { name })}
                  {invitation.status === 'pending' && (
                    <span className="muted small block">
                      {t('family.invitations.expires', {
                        when: formatDateTime(invitation.expiresAt, i18n.language),
                      })}
                    </span>
                  )}
                </div>
                <div className="button-row">
                  {invitation.status === 'pending' && (
                    <button
                      type="button"
                      className="primary"
                      disabled={busy}
                      data-testid="invitation-accept"
                      onClick={() => void answer(invitation, 'accept')}
                    >
                      {t('family.invitations.accept')}
                    </button>
                  )}
                  <button
                    type="button"
                    disabled={busy}
                    data-testid="invitation-decline"
                    onClick={() => void answer(invitation, 'decline')}
                  >
                    {invitation.status === 'pending'
                      ? t('family.invitations.decline')
                      : t('family.invitations.stop')}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <div aria-live="polite">
        {answered && (
          <p className="report-status" data-testid="invitation-answered">
            {answered}
          </p>
        )}
      </div>
      {(answerError ?? error) !== null && (
        <p className="form-error" role="alert" data-testid="invitations-error">
          {t(familyErrorKey(answerError ?? error))}
        </p>
      )}
    </section>
  );
}
