import type { Queryable } from '../../db/database.js';
import { rooms } from '../../realtime/events.js';
import type { Outbox } from '../../realtime/publisher.js';
import { lockInboxWriters } from '../inbox/inbox-writers.js';
import { userIdsOfResident } from './relief.queries.js';
import type { ApplicationState } from '@contract/relief/relief.states.js';
import { entryEvent } from '../inbox/inbox.present.js';

/**
 * Tells the applicant of a state change: an inbox entry written in the same transaction, and, after
 * commit, `inbox:new` plus `application:update` to their sockets. Reviewers (HQ room) get the ids
 * and state only, so their queue follows.
 */
export async function notifyStateChange(
  tx: Queryable,
  outbox: Outbox,
  change: {
    applicationId: string;
    residentId: string;
    eventId: number;
    state: ApplicationState;
    at: Date;
    /** The resident made this change themselves: the entry is recorded as already read. */
    byResident: boolean;
  },
): Promise<void> {
  await lockInboxWriters(tx);
  const { rows } = await tx.query<{ position: number }>(
    `INSERT INTO inbox_items (resident_id, kind, application_id, application_event_id, delivered_at, read_at)
     VALUES ($1, 'application', $2, $3, CASE WHEN $4 THEN now() END, CASE WHEN $4 THEN now() END)
     RETURNING id AS position`,
    [change.residentId, change.applicationId, change.eventId, change.byResident],
  );
  const position = Number(rows[0]!.position);
  const update = { applicationId: change.applicationId, state: change.state, at: change.at.toISOString() };
  for (const userId of await userIdsOfResident(tx, change.residentId)) {
    outbox.add(
      rooms.user(userId),
      'inbox:new',
      entryEvent(position, 'application', {
        applicationId: change.applicationId,
        applicationState: change.state,
      }),
    );
    outbox.add(rooms.user(userId), 'application:update', update);
  }
  outbox.add(rooms.hq, 'application:update', update);
}
