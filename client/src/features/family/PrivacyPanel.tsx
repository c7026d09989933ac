import { useEffect } from 'react';
import type { IncomingInvitation } from '../../api/family';
import { DesigneesSection } from './DesigneesSection';
import { InvitationsSection } from './InvitationsSection';
import { VisibilityForm } from './VisibilityForm';

interface PrivacyPanelProps {
  /** The tab is shown: lists that change without an event are fetched again. */
  active: boolean;
  invitations: { invitations: IncomingInvitation[] | null; error: unknown; reload: () => void };
  /** Accepting or ending a designation changes who is in my family list. */
  onFamilyChanged: () => void;
}

/** Who may see me, whom I named, and who asked me to be their designee. */
export function PrivacyPanel({ active, invitations, onFamilyChanged }: PrivacyPanelProps) {
  const { reload } = invitations;
  useEffect(() => {
    if (active) reload();
  }, [active, reload]);

  return (
    <div className="privacy-panel" data-testid="privacy-panel">
      {/* Only when there is something to answer or follow: otherwise it is noise above the settings. */}
      {(invitations.error !== null || (invitations.invitations?.length ?? 0) > 0) && (
        <InvitationsSection
          invitations={invitations.invitations}
          error={invitations.error}
          reload={invitations.reload}
          onAnswered={onFamilyChanged}
        />
      )}
      <VisibilityForm />
      <DesigneesSection active={active} />
    </div>
  );
}
