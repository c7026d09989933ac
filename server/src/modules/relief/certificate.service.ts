import { conflict } from '../../http/errors.js';
import type { SessionUser } from '../auth/auth.types.js';
import { renderCertificate, DAMAGE_LEVELS, type DamageLevel } from './certificate.pdf.js';
import { selfApplicant, type ApplicationDetail, type ReliefService } from './relief.service.js';

const notIssued = () =>
  conflict('certificate_not_issued', 'No certificate has been issued for this application.');

/** The PDF of an issued damage certificate, rendered from what was recorded when it was issued. */
export class CertificateService {
  constructor(private readonly relief: ReliefService) {}

  async forApplicant(user: SessionUser, id: string): Promise<{ number: string; pdf: Buffer }> {
    return this.render(await this.relief.ownDetail(selfApplicant(user), id));
  }

  async forReviewer(user: SessionUser, id: string, via: string): Promise<{ number: string; pdf: Buffer }> {
    return this.render(await this.relief.reviewDetail(user, id, via));
  }

  private async render({ application: a }: ApplicationDetail): Promise<{ number: string; pdf: Buffer }> {
    const level = a.certified_damage_level as DamageLevel | null;
    if (!a.certificate_number || !a.certificate_issued_at || !level || !DAMAGE_LEVELS.includes(level)) {
      throw notIssued();
    }
    const disasterDate = typeof a.answers.disasterDate === 'string' ? a.answers.disasterDate : null;
    const pdf = await renderCertificate({
      number: a.certificate_number,
      issuedAt: a.certificate_issued_at,
      municipalityName: a.registry.municipalityName ?? '市町村',
      applicantName: a.registry.name,
      address: a.registry.address ?? '—',
      householdNames: a.registry.household.map((m) => m.name),
      disasterDate,
      damageLevel: level,
    });
    return { number: a.certificate_number, pdf };
  }
}
