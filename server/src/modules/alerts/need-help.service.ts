import type { Database } from '../../db/database.js';
import { badRequest, notFound } from '../../http/errors.js';
import { rooms, type AlertNeedHelpEvent } from '../../realtime/events.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import { withEvents } from '../../realtime/transaction.js';
import type { SessionUser } from '../auth/auth.types.js';
import { logAccess } from '../people/access-log.js';
import { findAlert } from './alerts.queries.js';
import { presentNeedHelp } from './need-help.presenter.js';
import {
  assignNeedHelp,
  findNeedHelp,
  isHqUser,
  listNeedHelp,
  resolveNeedHelp,
} from './need-help.queries.js';

/**
 * HQ's list of people who answered "need help": who, where (pin), note; assign and resolve.
 * Reading it shows personal data, so every read is written to the access log.
 */
export class NeedHelpService {
  constructor(
    private readonly db: Database,
    private readonly io: RealtimeServer,
  ) {}

  async list(viewer: SessionUser, alertId: string, includeResolved: boolean): Promise<AlertNeedHelpEvent[]> {
    return this.db.transaction(async (tx) => {
      if (!(await findAlert(tx, alertId))) throw notFound('Alert');
      const rows = await listNeedHelp(tx, alertId, includeResolved);
      await logAccess(tx, {
        viewer,
        residentIds: rows.map((row) => row.resident_id),
        action: 'view',
        purpose: 'warning need-help response',
        via: 'GET /api/alerts/:id/need-help',
      });
      return rows.map((row) => presentNeedHelp(row));
    });
  }

  async assign(
    viewer: SessionUser,
    alertId: string,
    position: number,
    userId: string | undefined,
  ): Promise<AlertNeedHelpEvent> {
    const assignee = userId ?? viewer.id;
    if (!(await isHqUser(this.db, assignee)))
      throw badRequest('assignee_invalid', 'Assign to an active HQ operator.');
    if (!(await assignNeedHelp(this.db, alertId, position, assignee))) throw notFound('Need-help response');
    return this.announce(position);
  }

  async resolve(viewer: SessionUser, alertId: string, position: number): Promise<AlertNeedHelpEvent> {
    if (!(await resolveNeedHelp(this.db, alertId, position, viewer.id))) throw notFound('Need-help response');
    return this.announce(position);
  }

  /** After the change has committed: HQ's screens follow the response's new state. */
  private announce(position: number): Promise<AlertNeedHelpEvent> {
    return withEvents(this.io, async (outbox) => {
      const row = await findNeedHelp(this.db, position);
      if (!row) throw notFound('Need-help response');
      const event = presentNeedHelp(row);
      outbox.add(rooms.hq, 'alert:need-help', event);
      return event;
    });
  }
}
