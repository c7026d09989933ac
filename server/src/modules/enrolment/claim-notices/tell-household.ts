import type { Queryable } from '../../../db/database.js';
import { rooms } from '../../../realtime/events.js';
import type { Outbox } from '../../../realtime/publisher.js';
import { recordAccess } from '../../audit/record-access.js';
import { entryEvent } from '../../inbox/inbox.present.js';
import { insertHouseholdEntries } from './claim-notice.queries.js';

/**
 * A first claim, told to the other members of the household who have an account, in the claim's
 * transaction: an inbox entry naming the person (`inbox:new` after the commit) and, in the
 * person's access log, one entry per member told. Their channels get the notice from the claim's
 * job. Returns who was told.
 */
export async function tellHousehold(tx: Queryable, outbox: Outbox, residentId: string): Promise<string[]> {
  const told = await insertHouseholdEntries(tx, residentId);
  for (const member of told) {
    outbox.add(rooms.user(member.userId), 'inbox:new', entryEvent(member.position, 'account'));
    await recordAccess(tx, {
      viewer: { id: member.userId, role: 'resident', residentId: member.residentId },
      subjectResidentIds: [residentId],
      action: 'enrolment_told_household',
      via: 'POST /api/enrolment/claim',
    });
  }
  return told.map((member) => member.residentId);
}
