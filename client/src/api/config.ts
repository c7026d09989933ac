import { api } from './http';

export interface ClientConfig {
  mapTileUrl: string | null;
  mapTileAttribution: string | null;
}

/** Without a tile server the map still works from the bundled boundaries, so failures fall back to that. */
export async function fetchClientConfig(signal?: AbortSignal): Promise<ClientConfig> {
  try {
    return await api.get<ClientConfig>('/api/config', { signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    return { mapTileUrl: null, mapTileAttribution: null };
  }
}
