import type { Database } from '../../db/database.js';
import type { ApiRouter } from '../../http/route.js';
import { ADMIN, requireResident } from '../../policies/index.js';
import { listAccessForSubject } from './audit.queries.js';
import { accessLogPage, accessLogQuery, chainVerification } from '@contract/audit/audit.schema.js';
import { verifyAccessLogChain } from './chain-verify.js';
import { isActingAction } from '@contract/audit/access-actions.js';

/** The person's own access log (やりとり履歴) and the administrator's chain check. */
export function auditRoutes(api: ApiRouter, db: Database): void {
  api.route({
    method: 'get',
    path: '/me/access-log',
    summary: 'Who read my personal data: when, what, through which screen or API, and why',
    tags: ['audit'],
    access: 'user',
    query: accessLogQuery,
    response: accessLogPage,
    handler: async ({ user, query }) => {
      const { residentId } = requireResident(user);
      const rows = await listAccessForSubject(db, residentId, {
        limit: query.limit,
        beforeSubjectSeq: query.before,
      });
      return {
        entries: rows.map((row) => ({
          at: row.at.toISOString(),
          viewer: {
            role: row.viewer_role,
            name: row.viewer_family_name
              ? `${row.viewer_family_name} ${row.viewer_given_name ?? ''}`.trim()
              : row.viewer_display_name,
          },
          action: row.action,
          via: row.via,
          purpose: row.purpose,
          onBehalf: isActingAction(row.action),
        })),
        next: rows.length === query.limit ? Number(rows.at(-1)!.subject_seq) : null,
      };
    },
  });

  api.route({
    method: 'get',
    path: '/admin/audit/verify',
    summary: "Recompute every person's hash chain in the access log and report the first broken link",
    tags: ['audit'],
    access: ADMIN,
    response: chainVerification,
    // One snapshot: entries written while the check runs do not look like moved heads.
    handler: () =>
      db.transaction(async (tx) => {
        await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        return verifyAccessLogChain(tx);
      }),
  });
}
