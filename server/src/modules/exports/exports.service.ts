import type { Database } from '../../db/database.js';
import { conflict, notFound } from '../../http/errors.js';
import type { SessionUser } from '../auth/auth.types.js';
import { recordAccess } from '../audit/record-access.js';
import { buildAnpiCsv } from './anpi-csv.js';
import {
  findExportIncident,
  latestSafetyRecords,
  notesFor,
  type ExportIncidentRow,
} from './exports.queries.js';
import { buildPfif } from './pfif.js';

export const ANPI_VIA = 'GET /api/exports/anpi.csv';
export const PFIF_VIA = 'GET /api/exports/pfif.xml';

const viewerOf = (user: SessionUser) => ({ id: user.id, role: user.role, residentId: user.residentId });

async function incidentOrThrow(db: Database, incidentId: string | undefined): Promise<ExportIncidentRow> {
  const incident = await findExportIncident(db, incidentId);
  if (incident) return incident;
  if (incidentId) throw notFound('Incident');
  throw conflict('no_active_incident', 'No incident is active; name one with incidentId.');
}

/** HQ exports; every person in a file gets an access-log entry with the export's purpose. */
export class ExportService {
  constructor(private readonly db: Database) {}

  /** 安否情報 CSV for the disaster-management agency: everyone reported in the incident. */
  async anpiCsv(user: SessionUser, input: { incidentId?: string | undefined; purpose: string }) {
    const incident = await incidentOrThrow(this.db, input.incidentId);
    return this.db.transaction(async (tx) => {
      const rows = await latestSafetyRecords(tx, incident.id, { consentingOnly: false });
      await recordAccess(tx, {
        viewer: viewerOf(user),
        subjectResidentIds: rows.map((row) => row.resident_id),
        action: 'export_anpi',
        purpose: input.purpose,
        via: ANPI_VIA,
      });
      return { incident, csv: buildAnpiCsv(rows) };
    });
  }

  /** PFIF 1.4 of the people who consented to disclosure, expiring with the incident's retention. */
  async pfif(user: SessionUser, input: { incidentId?: string | undefined; purpose: string }) {
    const incident = await incidentOrThrow(this.db, input.incidentId);
    return this.db.transaction(async (tx) => {
      const persons = await latestSafetyRecords(tx, incident.id, { consentingOnly: true });
      const ids = persons.map((person) => person.resident_id);
      const notes = ids.length > 0 ? await notesFor(tx, incident.id, ids) : [];
      await recordAccess(tx, {
        viewer: viewerOf(user),
        subjectResidentIds: ids,
        action: 'export_pfif',
        purpose: input.purpose,
        via: PFIF_VIA,
      });
      return {
        incident,
        xml: buildPfif({ persons, notes, expiresAt: incident.expires_at, exportedAt: new Date() }),
      };
    });
  }
}
