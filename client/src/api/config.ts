import type { z } from 'zod';
import type { clientConfig } from '@contract/system/system.schema';
import { api } from './http';

/** The map needs only the tile settings; the rest of the answer is for operators. */
export type ClientConfig = Pick<z.output<typeof clientConfig>, 'mapTileUrl' | 'mapTileAttribution'>;

/** Without a tile server the map still works from the bundled boundaries, so failures fall back to that. */
export async function fetchClientConfig(signal?: AbortSignal): Promise<ClientConfig> {
  try {
    return await api.get<ClientConfig>('/api/config', { signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    return { mapTileUrl: null, mapTileAttribution: null };
  }
}
