import { z } from 'zod';
import type { Database } from '../../db/database.js';
import { signedIn } from '../../http/access.js';
import type { ApiRouter } from '../../http/route.js';
import { HQ } from '../../policies/index.js';
import { ExportService } from './exports.service.js';

const exportQuery = z.strictObject({
  incidentId: z.uuid().optional().meta({ description: 'Default: the active incident' }),
  purpose: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .meta({ description: 'Why; recorded for every person in the file' }),
});

/** HQ exports of safety information. */
export function exportRoutes(api: ApiRouter, db: Database): void {
  const exports = new ExportService(db);

  api.route({
    method: 'get',
    path: '/exports/anpi.csv',
    summary:
      '安否情報 CSV (FDMA collection form items) of everyone reported in the incident; logged per person',
    tags: ['exports'],
    access: HQ,
    query: exportQuery,
    response: z.string(),
    responseContentType: 'text/csv; charset=utf-8',
    handler: async ({ user, query, res }) => {
      const { csv } = await exports.anpiCsv(signedIn(user), query);
      res.setHeader('Content-Disposition', 'attachment; filename="anpi.csv"');
      res.setHeader('Cache-Control', 'no-store');
      return csv;
    },
  });

  api.route({
    method: 'get',
    path: '/exports/pfif.xml',
    summary:
      'PFIF 1.4 of people who consented to disclosure (person + notes), with the incident expiry; logged',
    tags: ['exports'],
    access: HQ,
    query: exportQuery,
    response: z.string(),
    responseContentType: 'application/xml; charset=utf-8',
    handler: async ({ user, query, res }) => {
      const { xml } = await exports.pfif(signedIn(user), query);
      res.setHeader('Content-Disposition', 'attachment; filename="pfif.xml"');
      res.setHeader('Cache-Control', 'no-store');
      return xml;
    },
  });
}
