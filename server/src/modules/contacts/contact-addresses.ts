import type { Queryable } from '../../db/database.js';
import type { AddressOf } from '../delivery/channel.types.js';
import type { ContactChannel, GoneReason } from '@contract/contacts/contacts.schema.js';
import { markGone, usableAddresses } from './contacts.queries.js';

/** A usable address of one resident on one channel, in the shape that channel's sender takes. */
export interface ContactAddress<C extends ContactChannel> {
  contactId: string;
  residentId: string;
  address: AddressOf[C];
}

function addressOf<C extends ContactChannel>(channel: C, value: string): AddressOf[C] {
  return (channel === 'email' ? { address: value } : { msisdn: value }) as AddressOf[C];
}

/**
 * For the server's own sending (escalation), never for an API answer: the residents' addresses on
 * `channel` that may be used now — verified, consented, consent not withdrawn. Residents without
 * one are simply absent.
 */
export async function contactAddressesOf<C extends ContactChannel>(
  db: Queryable,
  channel: C,
  residentIds: readonly string[],
): Promise<ContactAddress<C>[]> {
  if (residentIds.length === 0) return [];
  const rows = await usableAddresses(db, channel, residentIds);
  return rows.map((row) => ({
    contactId: row.id,
    residentId: row.resident_id,
    address: addressOf(channel, row.address),
  }));
}

/**
 * After a hard bounce or an invalid number (a sender's `gone` result, a failed receipt that says
 * so): the address is no longer verified, so nothing more goes to it, and the person sees why in
 * their settings until they verify it, or another, again. Returns false when the contact point no
 * longer exists (removed meanwhile).
 */
export async function markAddressGone(
  db: Queryable,
  contactId: string,
  reason?: GoneReason,
): Promise<boolean> {
  return (await markGone(db, contactId, reason ?? null)) !== null;
}
