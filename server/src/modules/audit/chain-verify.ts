import type { Queryable } from '../../db/database.js';
import { readChainPage } from './audit.queries.js';

const GENESIS = '0'.repeat(64);
const PAGE = 5_000;

export interface ChainVerification {
  ok: boolean;
  entries: number;
  /** The last link: keep it somewhere else (a printed report, another system) to detect truncation. */
  head: { seq: number; hash: string } | null;
  /** The first entry that does not verify, and why. */
  broken: { seq: number; reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'sequence_gap' } | null;
}

/**
 * Walks the access log in chain order, recomputing each hash and checking each link to the one
 * before. An edited row fails its own hash; a re-hashed or deleted row breaks the next link or
 * leaves a gap in the sequence.
 */
export async function verifyAccessLogChain(db: Queryable): Promise<ChainVerification> {
  let previousHash = GENESIS;
  let previousSeq = 0;
  let entries = 0;
  for (;;) {
    const page = await readChainPage(db, previousSeq, PAGE);
    for (const link of page) {
      const seq = Number(link.seq);
      const broken = (reason: NonNullable<ChainVerification['broken']>['reason']): ChainVerification => ({
        ok: false,
        entries,
        head: null,
        broken: { seq, reason },
      });
      if (seq !== previousSeq + 1) return broken('sequence_gap');
      if (link.prev_hash !== previousHash) return broken('prev_hash_mismatch');
      if (link.recomputed !== link.hash) return broken('hash_mismatch');
      previousHash = link.hash;
      previousSeq = seq;
      entries += 1;
    }
    if (page.length < PAGE) break;
  }
  return {
    ok: true,
    entries,
    head: entries > 0 ? { seq: previousSeq, hash: previousHash } : null,
    broken: null,
  };
}
