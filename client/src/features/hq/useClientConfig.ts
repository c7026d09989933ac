import { useEffect, useState } from 'react';
import { fetchClientConfig, type ClientConfig } from '../../api/config';

/** null until loaded; the map waits for it so an optional tile layer is set up once, underneath. */
export function useClientConfig(): ClientConfig | null {
  const [config, setConfig] = useState<ClientConfig | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    fetchClientConfig(controller.signal).then(setConfig, () => undefined);
    return () => controller.abort();
  }, []);
  return config;
}
