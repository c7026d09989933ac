import type { Queryable } from '../../db/database.js';
import { chainHeadsSummary, readChainPage, readOrphanHead } from './audit.queries.js';

const GENESIS = '0'.repeat(64);
const PAGE = 5_000;
/** Sorts before every uuid: where the walk starts. */
const FIRST_SUBJECT = '00000000-0000-0000-0000-000000000000';

export type BrokenReason = 'hash_mismatch' | 'prev_hash_mismatch' | 'sequence_gap' | 'head_mismatch';

export interface ChainVerification {
  ok: boolean;
  entries: number;
  /** How many people have a chain (one per subject, migration 0014). */
  subjects: number;
  /**
   * `seq`: the newest entry; `hash`: a digest of every subject's last link. Keep it somewhere
   * else (a printed report, another system); keep a copy of `access_log_heads` to detect later
   * that entries as old as those heads were removed.
   */
  head: { seq: number; hash: string } | null;
  /** The first entry that does not verify, and why; `seq` null when the entry itself is gone. */
  broken: { seq: number | null; subjectResidentId: string; subjectSeq: number; reason: BrokenReason } | null;
}

interface ChainEnd {
  subject: string;
  subjectSeq: number;
  hash: string;
  head: { subjectSeq: number; hash: string } | null;
}

/**
 * Walks every subject's chain in order, recomputing each hash and checking each link to the one
 * before. An edited row fails its own hash; a re-hashed or deleted row breaks the next link or
 * leaves a gap in the subject's sequence; removing a subject's newest entries (or all of them)
 * leaves its recorded head pointing past the end. Run it in one snapshot (REPEATABLE READ) so
 * entries written meanwhile do not look like a moved head.
 */
export async function verifyAccessLogChain(db: Queryable): Promise<ChainVerification> {
  let entries = 0;
  let subjects = 0;
  let end = null as ChainEnd | null;
  const broken = (
    seq: number | null,
    subjectResidentId: string,
    subjectSeq: number,
    reason: BrokenReason,
  ): ChainVerification => ({
    ok: false,
    entries,
    subjects,
    head: null,
    broken: { seq, subjectResidentId, subjectSeq, reason },
  });
  const headMatches = (chain: ChainEnd) =>
    chain.head !== null && chain.head.subjectSeq === chain.subjectSeq && chain.head.hash === chain.hash;

  let after = { subject: FIRST_SUBJECT, subjectSeq: 0 };
  for (;;) {
    const page = await readChainPage(db, after, PAGE);
    for (const link of page) {
      const subjectSeq = Number(link.subject_seq);
      const seq = Number(link.seq);
      const previous: ChainEnd | null = end?.subject === link.subject_resident_id ? end : null;
      if (end && !previous && !headMatches(end))
        return broken(null, end.subject, end.subjectSeq + 1, 'head_mismatch');
      if (!previous) subjects += 1;
      if (subjectSeq !== (previous ? previous.subjectSeq + 1 : 1))
        return broken(seq, link.subject_resident_id, subjectSeq, 'sequence_gap');
      if (link.prev_hash !== (previous ? previous.hash : GENESIS))
        return broken(seq, link.subject_resident_id, subjectSeq, 'prev_hash_mismatch');
      if (link.recomputed !== link.hash)
        return broken(seq, link.subject_resident_id, subjectSeq, 'hash_mismatch');
      end = {
        subject: link.subject_resident_id,
        subjectSeq,
        hash: link.hash,
        head:
          link.head_subject_seq === null || link.head_hash === null
            ? null
            : { subjectSeq: Number(link.head_subject_seq), hash: link.head_hash },
      };
      entries += 1;
    }
    if (page.length < PAGE) break;
    after = { subject: end!.subject, subjectSeq: end!.subjectSeq };
  }
  if (end && !headMatches(end)) return broken(null, end.subject, end.subjectSeq + 1, 'head_mismatch');
  // A head whose chain has no entry left: every entry about that person was removed.
  const orphan = await readOrphanHead(db);
  if (orphan) return broken(null, orphan.subject_resident_id, 1, 'head_mismatch');

  const summary = await chainHeadsSummary(db);
  return {
    ok: true,
    entries,
    subjects,
    head: entries > 0 ? { seq: Number(summary.max_seq), hash: summary.digest } : null,
    broken: null,
  };
}
