import { useTranslation } from 'react-i18next';
import type { IssuedCode } from '../../api/enrolment';

/**
 * The code as the resident receives it: large, grouped, with the QR code of the portal address.
 * The only part of the page that prints, so a shelter printer gives a clean slip.
 */
export function IssuedCodeSlip({ issued }: { issued: IssuedCode }) {
  const { t, i18n } = useTranslation();
  const portal = issued.portalUrl.split('#')[0] ?? issued.portalUrl;
  return (
    <div className="enrolment-slip print-only-area" data-testid="enrolment-slip" data-code-id={issued.codeId}>
      <h3>{t('enrolment.issue.slipTitle', { name: issued.displayName })}</h3>
      {issued.recovery && <p>{t('enrolment.issue.recoverySlip')}</p>}
      <img
        className="enrolment-qr"
        src={issued.qrCode}
        alt={issued.portalUrl}
        width={240}
        height={240}
        data-testid="enrolment-qr"
      />
      <p className="enrolment-code" data-testid="enrolment-code" lang="en">
        {issued.code}
      </p>
      <p>{t('enrolment.issue.scan', { url: portal })}</p>
      <p>
        {t('enrolment.issue.expires', {
          date: new Date(issued.expiresAt).toLocaleDateString(i18n.resolvedLanguage),
        })}
      </p>
      <p className="muted no-print">{t('enrolment.issue.once')}</p>
      <button type="button" className="no-print" data-testid="enrolment-print" onClick={() => window.print()}>
        {t('enrolment.issue.print')}
      </button>
    </div>
  );
}
