import type { ReaderConfig, TapResult } from '@contract/checkins/reader.protocol.js';
import type { QueuedTap } from './tap-queue.js';

const OUTCOME_TEXT: Record<TapResult['outcome'], string> = {
  checked_in: 'checked in',
  checked_out: 'checked out',
  transferred: 'transferred here',
  recorded_late: 'recorded (a newer tap already counts)',
  unknown_card: 'unknown card: bind it in the shelter console',
  rejected: 'rejected',
};

/** Only the last digits: enough for staff to match a card, not a full identifier in a log. */
const cardLabel = (uid: string) => `card …${uid.slice(-4)}`;
const timeLabel = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { hour12: false });

export function describeResult(result: TapResult): string {
  const text =
    result.outcome === 'rejected'
      ? `rejected: ${result.error?.message ?? 'no reason given'}`
      : OUTCOME_TEXT[result.outcome];
  const occupancy = result.occupancy === null ? '' : ` (occupancy ${result.occupancy})`;
  return `${text}${occupancy}${result.duplicate ? ' [sent again, counted once]' : ''}`;
}

/**
 * What staff at the reader PC see: one line per event on stdout, problems on stderr. Results
 * carry no names, so nothing personal is printed.
 */
export class StatusReporter {
  constructor(
    private readonly out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
    private readonly err: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {}

  online(queued: number): void {
    this.out(queued > 0 ? `online, sending ${queued} queued` : 'online');
  }

  offline(queued: number): void {
    this.out(`offline, ${queued} queued`);
  }

  config(config: ReaderConfig): void {
    this.out(`reader "${config.readerName}" at ${config.shelterName}, mode ${config.mode}`);
  }

  saved(tap: QueuedTap, queued: number, online: boolean): void {
    this.out(`${cardLabel(tap.cardUid)} tapped at ${timeLabel(tap.tappedAt)}: saved`);
    if (!online) this.offline(queued);
  }

  result(tap: QueuedTap, result: TapResult): void {
    this.out(`${cardLabel(tap.cardUid)} tapped at ${timeLabel(tap.tappedAt)}: ${describeResult(result)}`);
  }

  delivered(count: number, via: 'socket' | 'http'): void {
    if (count > 1 || via === 'http')
      this.out(
        `delivered ${count} tap${count === 1 ? '' : 's'} over ${via === 'http' ? 'HTTP' : 'the live connection'}`,
      );
  }

  retrying(reason: string, delayMs: number, queued: number): void {
    this.err(`sending failed (${reason}); retrying in ${Math.ceil(delayMs / 1000)} s, ${queued} queued`);
  }

  keyInvalid(queued: number): void {
    this.err(
      `The server refused this reader's key (reader_key_invalid): it was revoked, rotated or never registered.\n` +
        `Sending has stopped; ${queued} tap(s) stay in the queue and are sent after a restart with a valid key.\n` +
        `Register the reader again (or rotate its key) in the shelter console.`,
    );
  }

  notice(message: string): void {
    this.err(message);
  }
}
