import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { ApiRouter } from '../../http/route.js';
import { clientConfig } from '@contract/system/system.schema.js';

export function systemRoutes(api: ApiRouter, deps: { db: Database; config: Config; version: string }): void {
  api.route({
    method: 'get',
    path: '/config',
    summary: 'Public settings the web client needs (map tiles)',
    tags: ['system'],
    access: 'public',
    response: clientConfig,
    handler: () =>
      Promise.resolve({
        mapTileUrl: deps.config.MAP_TILE_URL ?? null,
        mapTileAttribution: deps.config.MAP_TILE_ATTRIBUTION ?? null,
        database: deps.db.kind,
        version: deps.version,
      }),
  });
}
