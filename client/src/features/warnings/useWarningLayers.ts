import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type L from 'leaflet';
import { WarningLayers } from './warningLayers';

/** The warning layers on the HQ map for as long as both exist. */
export function useWarningLayers(map: L.Map | null): WarningLayers | null {
  const { t } = useTranslation();
  const [layers, setLayers] = useState<WarningLayers | null>(null);

  useEffect(() => {
    if (!map) return;
    const created = new WarningLayers(map, t);
    setLayers(created);
    return () => {
      created.destroy();
      setLayers(null);
    };
    // A language change swaps the translator below instead of rebuilding the layers.
  }, [map]);

  useEffect(() => layers?.setTranslator(t), [layers, t]);

  return layers;
}
