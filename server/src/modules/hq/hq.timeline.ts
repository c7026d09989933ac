import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type { Queryable } from '../../db/database.js';
import {
  NANAO_MUNICIPALITY_CODE,
  parseNanaoReference,
  type NanaoReferenceRow,
} from '../region/nanao.parse.js';
import { DEFAULT_REGION_DATA_DIR } from '../region/region.loader.js';
import { matchHistoryShelters } from '../replay/history-match.js';
import { loadNanaoHistory, type NanaoHistory } from '../replay/nanao-history.js';
import { listShelters } from '../shelters/shelters.queries.js';
import type { timelineResponse } from '@contract/hq/hq.schema.js';

type Timeline = z.input<typeof timelineResponse>;

interface Sources {
  history: NanaoHistory;
  reference: NanaoReferenceRow[];
}

/**
 * Nanao city's 118 published occupancy snapshots of 2024, mapped onto this system's shelters the
 * way the replay does. The bundled files never change while the server runs, so they are read
 * once; the shelter match is redone per request (a few dozen rows) so new shelters are picked up.
 */
export class NanaoTimeline {
  private sources: Promise<Sources> | null = null;

  constructor(private readonly historyDir?: string) {}

  async build(db: Queryable): Promise<Timeline> {
    const { history, reference } = await this.load();
    const shelters = await listShelters(db, { municipality: NANAO_MUNICIPALITY_CODE });
    const { shelterIds, unmatched } = matchHistoryShelters(history.shelters, reference, shelters);
    const perShelter = new Map<string, number[]>();
    for (const [index, snapshot] of history.snapshots.entries()) {
      for (const [historyId, people] of snapshot.counts) {
        const shelterId = shelterIds.get(historyId);
        if (!shelterId) continue;
        let counts = perShelter.get(shelterId);
        if (!counts)
          perShelter.set(shelterId, (counts = new Array<number>(history.snapshots.length).fill(0)));
        counts[index]! += people;
      }
    }
    return {
      source: 'nanao-2024',
      snapshots: history.snapshots.map((snapshot, index) => ({
        label: snapshot.label,
        at: snapshot.at.toISOString(),
        total: snapshot.total,
        mapped: [...perShelter.values()].reduce((sum, counts) => sum + counts[index]!, 0),
      })),
      shelters: [...perShelter].map(([shelterId, counts]) => ({ shelterId, counts })),
      unmatched: unmatched.map((shelter) => ({
        name: shelter.name,
        peak: Math.max(0, ...history.snapshots.map((s) => s.counts.get(shelter.id) ?? 0)),
      })),
    };
  }

  private load(): Promise<Sources> {
    this.sources ??= (async () => {
      const source = 'nanao-2024/reference_data.csv';
      const text = await readFile(path.join(DEFAULT_REGION_DATA_DIR, source), 'utf8');
      return {
        history: await loadNanaoHistory(this.historyDir),
        reference: parseNanaoReference(text, source).accepted,
      };
    })();
    // A failed read is retried on the next request instead of being cached.
    this.sources.catch(() => {
      this.sources = null;
    });
    return this.sources;
  }
}
