import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/auth';
import { AccessLogPanel } from './AccessLogPanel';
import { FamilyPanel } from './FamilyPanel';
import { PrivacyPanel } from './PrivacyPanel';
import { ReportPanel } from './ReportPanel';
import { useFamilyLive } from './useFamilyLive';
import { useInvitations } from './useInvitations';
import '../../styles/family.css';

export const PORTAL_TABS = ['family', 'report', 'inbox', 'applications', 'privacy', 'accessLog'] as const;
export type PortalTab = (typeof PORTAL_TABS)[number];

interface ResidentTabsProps {
  user: Me;
  /** The inbox feature's own panel, hosted here so the portal has one set of tabs. */
  inbox: ReactNode;
  /** The relief feature's applications panel, hosted the same way. */
  applications?: ReactNode;
  /** Unread warnings and notices in the inbox: shown as a badge; a new one brings the inbox up. */
  inboxUnread?: number;
  /** A link to a warning was followed: the inbox tab comes up to show it. */
  showInbox?: boolean;
}

/**
 * The resident portal's sections as tabs. Panels stay mounted while hidden so live updates keep
 * arriving (and the family list is current the moment its tab is opened).
 */
export function ResidentTabs({
  user,
  inbox,
  applications = null,
  inboxUnread = 0,
  showInbox = false,
}: ResidentTabsProps) {
  const { t } = useTranslation();
  const hasResident = user.residentId !== null;
  const live = useFamilyLive(hasResident);
  const invitations = useInvitations(hasResident, live.invitationsVersion);
  const [tab, setTab] = useState<PortalTab>('family');
  const [reportTarget, setReportTarget] = useState<string | null>(null);
  const tabRefs = useRef(new Map<PortalTab, HTMLButtonElement>());
  const seenUnread = useRef(0);

  useEffect(() => {
    if (showInbox) setTab('inbox');
  }, [showInbox]);

  // A warning that arrives while another tab is open must not go unnoticed.
  useEffect(() => {
    if (inboxUnread > seenUnread.current) setTab('inbox');
    seenUnread.current = inboxUnread;
  }, [inboxUnread]);

  function select(next: PortalTab, focus = false) {
    setTab(next);
    if (focus) tabRefs.current.get(next)?.focus();
  }

  // Arrow keys move between tabs, as the WAI-ARIA tabs pattern expects.
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = PORTAL_TABS.indexOf(tab);
    const last = PORTAL_TABS.length - 1;
    const to: Record<string, number> = {
      ArrowRight: index === last ? 0 : index + 1,
      ArrowLeft: index === 0 ? last : index - 1,
      Home: 0,
      End: last,
    };
    const target = to[event.key];
    if (target === undefined) return;
    event.preventDefault();
    select(PORTAL_TABS[target] ?? 'family', true);
  }

  const reportFor = (residentId: string) => {
    setReportTarget(residentId === live.list?.self.residentId ? null : residentId);
    select('report');
    window.scrollTo({ top: 0 });
  };

  const needsResident = (panel: ReactNode) =>
    hasResident ? panel : <p className="card muted">{t('resident.noResident')}</p>;

  const panels: Record<PortalTab, ReactNode> = {
    family: needsResident(<FamilyPanel live={live} onReport={reportFor} />),
    report: needsResident(<ReportPanel live={live} targetId={reportTarget} onTarget={setReportTarget} />),
    inbox,
    applications: needsResident(applications),
    privacy: needsResident(
      <PrivacyPanel active={tab === 'privacy'} invitations={invitations} onFamilyChanged={live.reload} />,
    ),
    accessLog: needsResident(<AccessLogPanel active={tab === 'accessLog'} />),
  };

  return (
    <div className="resident-tabs" data-testid="resident-tabs">
      <div role="tablist" aria-label={t('family.tabs.label')} className="tab-bar" onKeyDown={onKeyDown}>
        {PORTAL_TABS.map((id) => (
          <button
            key={id}
            ref={(node) => {
              if (node) tabRefs.current.set(id, node);
              else tabRefs.current.delete(id);
            }}
            type="button"
            role="tab"
            id={`portal-tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`portal-panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            className="tab"
            data-testid={`portal-tab-${id}`}
            onClick={() => select(id)}
          >
            {t(`family.tabs.${id}`)}
            {id === 'inbox' && inboxUnread > 0 && (
              <span
                className="tab-badge"
                data-testid="portal-tab-inbox-badge"
                aria-label={t('family.tabs.unreadInbox', { count: inboxUnread })}
              >
                {inboxUnread}
              </span>
            )}
            {id === 'privacy' && invitations.pending > 0 && (
              <span
                className="tab-badge"
                data-testid="portal-tab-badge"
                aria-label={t('family.tabs.pendingInvitations', { count: invitations.pending })}
              >
                {invitations.pending}
              </span>
            )}
          </button>
        ))}
      </div>
      {PORTAL_TABS.map((id) => (
        <div
          key={id}
          role="tabpanel"
          id={`portal-panel-${id}`}
          aria-labelledby={`portal-tab-${id}`}
          hidden={tab !== id}
          className="tab-panel"
          data-testid={`portal-panel-${id}`}
        >
          {panels[id]}
        </div>
      ))}
    </div>
  );
}
