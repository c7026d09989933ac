import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/auth';
import { errorMessageKey } from '../../shared/errorMessages';
import { InboxEntryView } from './InboxEntryView';
import { InboxList } from './InboxList';
import { listed, unreadCount } from './inboxState';
import { useInbox } from './useInbox';
import '../../styles/warnings.css';

interface InboxSectionProps {
  user: Me;
  /** Unread entries, for a host that shows the inbox behind a tab and wants to badge it. */
  onUnreadChange?: (count: number) => void;
  /** The resident's notice settings, shown under the inbox (the notices feature provides them). */
  settings?: ReactNode;
  /** A warning to open as soon as the inbox has it (a link to it was followed). */
  openAlertId?: string | null;
  /** Called once that warning is open. */
  onLinkOpened?: () => void;
}

/** The resident's postbox of warnings: live, with receipts, answerable. */
export function InboxSection({
  user,
  onUnreadChange,
  settings,
  openAlertId = null,
  onLinkOpened,
}: InboxSectionProps) {
  const { t } = useTranslation();
  return (
    <section className="card inbox" data-testid="resident-inbox" aria-labelledby="resident-inbox-title">
      <h2 id="resident-inbox-title">{t('resident.inbox')}</h2>
      {user.residentId ? (
        <Inbox
          userId={user.id}
          onUnreadChange={onUnreadChange}
          openAlertId={openAlertId}
          onLinkOpened={onLinkOpened}
        />
      ) : (
        <p className="muted">{t('inbox.noResident')}</p>
      )}
      {user.residentId && user.role === 'resident' && settings}
    </section>
  );
}

interface InboxProps {
  userId: string;
  onUnreadChange?: (count: number) => void;
  openAlertId: string | null;
  onLinkOpened?: () => void;
}

function Inbox({ userId, onUnreadChange, openAlertId, onLinkOpened }: InboxProps) {
  const { t } = useTranslation();
  const inbox = useInbox(userId);
  const [open, setOpen] = useState<number | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const entries = listed(inbox.state);
  const opened = open === null ? undefined : inbox.state.entries[open];
  const unread = unreadCount(inbox.state);
  useEffect(() => onUnreadChange?.(unread), [onUnreadChange, unread]);

  // The linked warning's newest entry (an update supersedes the first alert), once it is here.
  const linked = openAlertId === null ? undefined : entries.find((entry) => entry.alertId === openAlertId);
  useEffect(() => {
    if (!linked) return;
    setOpen(linked.position);
    onLinkOpened?.();
  }, [linked, onLinkOpened]);

  const back = () => {
    const position = open;
    setOpen(null);
    // Return focus to the entry the resident came from.
    requestAnimationFrame(() =>
      listRef.current?.querySelector<HTMLElement>(`[data-position="${position}"] button`)?.focus(),
    );
  };

  return (
    <div data-testid="inbox" data-live={inbox.live} data-loaded={inbox.loaded} data-unread={unread}>
      <p className="inbox-status" aria-live="polite">
        <span className={`live-dot${inbox.live ? ' is-on' : ''}`} aria-hidden="true" />
        {inbox.live ? t('inbox.live') : t('inbox.offline')}
        {unread > 0 && <strong className="inbox-unread"> · {t('inbox.unread', { count: unread })}</strong>}
      </p>
      {inbox.loadError !== null && (
        <p className="warning-error" role="alert">
          {t('inbox.loadFailed')} {t(errorMessageKey(inbox.loadError))}{' '}
          <button type="button" onClick={inbox.retry}>
            {t('hq.retry')}
          </button>
        </p>
      )}
      {opened ? (
        <InboxEntryView entry={opened} onBack={back} onOpened={inbox.markRead} onRespond={inbox.respond} />
      ) : (
        <InboxList
          ref={listRef}
          entries={entries}
          loaded={inbox.loaded}
          newAfter={inbox.state.seenBefore}
          onOpen={setOpen}
        />
      )}
    </div>
  );
}
