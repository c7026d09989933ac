import type { ErrorId } from './errors.js';
import type { DeliveryStatsEvent } from './delivery/delivery.schema.js';
import type { LetterBatch } from './enrolment/letters.schema.js';
import type { PostBatch } from './post/post.schema.js';

export type LetterBatchEvent = LetterBatch;
export type { DeliveryStatsEvent } from './delivery/delivery.schema.js';
/** A batch of letters by post moved on (after each committed chunk), ended or was cancelled. */
export type PostBatchEvent = PostBatch;

/**
 * The one typed event map shared by the server and the client. Payloads carry ids and counts;
 * anything personal goes only to rooms of people allowed to see it.
 */
export interface ShelterOccupancyEvent {
  shelterId: string;
  occupancy: number;
  occupancyDay: number;
  occupancyOvernight: number;
  capacity: number | null;
  status: 'open' | 'closed' | 'full';
  at: string;
}

/** A tap as shelter staff see it in the console's live log (staff of that shelter only). */
export interface ShelterTapEvent {
  eventId: string;
  shelterId: string;
  readerId: string;
  outcome: 'checked_in' | 'checked_out' | 'transferred' | 'recorded_late' | 'unknown_card' | 'rejected';
  errorId: string | null;
  residentId: string | null;
  displayName: string | null;
  tappedAt: string;
  occupancy: number | null;
}

/**
 * A shelter's roster changed through the console (manual check-in/out, transfer, stay type or care
 * needs, card bound to an unknown tap). Ids only; consoles refetch the roster. Shelter staff + HQ.
 */
export interface ShelterOccupantEvent {
  shelterId: string;
  residentId: string;
  change: 'arrived' | 'left' | 'updated';
  at: string;
}

/** Unknown-card taps bound to a person, so every console drops them from its list. Shelter staff + HQ. */
export interface ShelterUnknownCardsResolvedEvent {
  shelterId: string;
  eventIds: string[];
  residentId: string;
}

/**
 * The whereabouts of someone the user may see (or their own) changed. Ids and time only: the
 * client fetches `GET /api/me/family/:residentId`, and that read is what the access log records.
 */
export interface FamilyUpdateEvent {
  residentId: string;
  changedAt: string;
}

/** The socket now follows these people; fetch the family list after this to miss no update. */
export interface FamilySubscribedEvent {
  residentIds: string[];
}

/** An invitation to become someone's designee arrived or changed; fetch `GET /api/me/invitations`. */
export interface FamilyInvitationEvent {
  invitationId: string;
}

/**
 * A new entry in a resident's inbox, to their user room. Small; the client fetches the rest. A
 * warning goes out as one broadcast per action and language to everyone it reached, so the event
 * is the same for all of them and does not name the person's own entry.
 */
export interface InboxNewEvent {
  /**
   * An inbox position at or above the new entry: the highest position the writing transaction
   * wrote. Entries of earlier writes are below it and of later writes above it (writers are
   * serialised). When it is above the last position fetched, catch up with
   * `GET /api/me/inbox?after=<last position fetched>`; advance that from the entries fetched, never
   * from this number (an entry of an earlier write may still be unfetched).
   */
  position: number;
  kind: 'alert' | 'notice' | 'application' | 'account';
  /** alert: new warning; update: new version of one held; cancel: no longer applies to you. */
  action: 'alert' | 'update' | 'cancel' | null;
  alertId: string | null;
  /** Set on notices (kind 'notice'); the title is in `headline`, in the reader's language. */
  noticeId?: string | null;
  msgType: 'Alert' | 'Update' | 'Cancel' | null;
  status: string | null;
  severity: string | null;
  urgency: string | null;
  /** In the resident's language when the alert has it, else Japanese, else the first info. */
  language: string | null;
  event: string | null;
  headline: string | null;
  sent: string | null;
  /** kind 'application': the relief application that changed, and its new state. */
  applicationId?: string;
  applicationState?: string;
}

/**
 * A relief application changed state: to the applicant's sockets and to HQ (ids and state only;
 * the client fetches the application, and a staff read of it is access-logged).
 */
export interface ApplicationUpdateEvent {
  applicationId: string;
  state: string;
  at: string;
}

/** Live receipt counts of one alert, to HQ; at most 4 per second per alert. */
export interface AlertStatsEvent {
  alertId: string;
  targeted: number;
  delivered: number;
  read: number;
  responded: number;
  needHelp: number;
  at: string;
}

/** An alert was issued, updated or cancelled (HQ). */
export interface AlertIssuedEvent {
  alertId: string;
  lineageId: string;
  identifier: string;
  msgType: 'Alert' | 'Update' | 'Cancel';
  status: string;
  headline: string | null;
  targeted: number;
}

/** A warning passed its `expires` and is no longer active (HQ drops it from the active list). */
export interface AlertExpiredEvent {
  alertId: string;
  lineageId: string;
  expiredAt: string;
}

/** A need-help response as a pin for the HQ map (HQ only: it names the person). */
export interface AlertNeedHelpEvent {
  alertId: string;
  position: number;
  residentId: string;
  name: string;
  note: string | null;
  location: { lat: number; lon: number; source: 'response' | 'live' | 'home' } | null;
  respondedAt: string;
  assignedTo: string | null;
  /** open: needs someone; resolved: dealt with; withdrawn: the person changed their answer. */
  state: 'open' | 'resolved' | 'withdrawn';
}

/**
 * HQ's totals, pushed to HQ when they change (see modules/hq/hq.live.ts). Counts only. `unaccounted`:
 * registered residents not heard of since the active incident started; null when none is active.
 */
export interface HqTotalsEvent {
  incident: { id: string; name: string; startedAt: string } | null;
  shelters: number;
  sheltersOpen: number;
  sheltersFull: number;
  inShelters: number;
  atHome: number;
  evacuatedOutside: number;
  elsewhere: number;
  unknownPlace: number;
  unaccounted: number | null;
  registry: number;
  computedAt: string;
}

/**
 * A visit task opened, was assigned, or closed (by itself or by a person): to HQ and to the
 * assignee's own sockets. Ids and states only; the client refetches, and that read is logged.
 */
export interface VisitTaskEvent {
  taskId: string;
  alertId: string;
  status: 'open' | 'assigned' | 'done' | 'closed_automatically' | 'cancelled';
  assignedTo: string | null;
  closedByEvent: 'card_tap' | 'response' | 'report' | 'staff' | null;
  at: string;
}

/** Socket acknowledgement of inbox receipts and responses. */
export type InboxAck = { ok: true } | { error: { id: ErrorId; message: string } };

/** The entry by its position, or a warning's entry by the alert id (one per person and alert). */
export type InboxReceiptPayload = { position: number } | { alertId: string };

export interface InboxRespondPayload {
  position: number;
  response: 'safe' | 'need_help' | 'evacuating';
  note?: string;
  location?: { lat: number; lon: number };
}

export interface ServerToClientEvents {
  'shelter:occupancy': (event: ShelterOccupancyEvent) => void;
  'shelter:tap': (event: ShelterTapEvent) => void;
  'session:expired': () => void;
  'shelter:occupant': (event: ShelterOccupantEvent) => void;
  'shelter:unknown-cards-resolved': (event: ShelterUnknownCardsResolvedEvent) => void;
  'family:update': (event: FamilyUpdateEvent) => void;
  'family:subscribed': (event: FamilySubscribedEvent) => void;
  'family:invitation': (event: FamilyInvitationEvent) => void;
  'inbox:new': (event: InboxNewEvent) => void;
  'application:update': (event: ApplicationUpdateEvent) => void;
  'alert:stats': (event: AlertStatsEvent) => void;
  /** Escalation counts by channel and status of a warning or notice (HQ). */
  'delivery:stats': (event: DeliveryStatsEvent) => void;
  'alert:issued': (event: AlertIssuedEvent) => void;
  'alert:expired': (event: AlertExpiredEvent) => void;
  'alert:need-help': (event: AlertNeedHelpEvent) => void;
  'hq:totals': (event: HqTotalsEvent) => void;
  'visit:task': (event: VisitTaskEvent) => void;
  /** An enrolment letter batch moved on (after each committed chunk) or ended. */
  'enrolment:letters': (event: LetterBatchEvent) => void;
  /** A batch of letters for people without a channel moved on or ended (counts only). */
  'post:letters': (event: PostBatchEvent) => void;
}

export interface ClientToServerEvents {
  'inbox:delivered': (payload: InboxReceiptPayload, ack: (result: InboxAck) => void) => void;
  'inbox:read': (payload: InboxReceiptPayload, ack: (result: InboxAck) => void) => void;
  'inbox:respond': (payload: InboxRespondPayload, ack: (result: InboxAck) => void) => void;
}
