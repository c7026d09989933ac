import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { ClientConfig } from '../../api/config';
import { MUNICIPALITY_ATTRIBUTION, SHELTER_ATTRIBUTION } from '../../map/attribution';
import { createMunicipalityLayer } from '../../map/municipalityLayer';
import { ShelterLayer, type ShelterLayerMode } from '../../map/shelterLayer';
import type { ShelterStore } from '../../shared/shelters/shelterStore';
import { installTestHook } from './testHook';

interface ShelterMapProps {
  store: ShelterStore;
  config: ClientConfig;
  /** Hands the Leaflet map to layers that live outside this component (warnings), null on unmount. */
  onMap?: (map: L.Map | null) => void;
  /** Hands the shelter layer to the page (popup extras), null on unmount. */
  onLayer?: (layer: ShelterLayer | null) => void;
}

/** Plain Leaflet driven from a ref: the map owns its DOM, React only mounts and unmounts it. */
export function ShelterMap({ store, config, onMap, onLayer }: ShelterMapProps) {
  const { t } = useTranslation();
  const containerRef = useRef<HTMLDivElement>(null);
  const layerRef = useRef<ShelterLayer | null>(null);
  const [mode, setMode] = useState<ShelterLayerMode>('clustered');
  const onMapRef = useRef(onMap);
  onMapRef.current = onMap;
  const onLayerRef = useRef(onLayer);
  onLayerRef.current = onLayer;

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    // Half-step zoom lets the long Noto peninsula fill the window instead of snapping to a smaller level.
    const map = L.map(container, { zoomControl: true, minZoom: 7, maxZoom: 18, zoomSnap: 0.5 });
    // One shared canvas: polygons are drawn first, so markers stay on top and win hit-testing.
    const renderer = L.canvas({ padding: 0.5, tolerance: 4 });

    const withTiles = config.mapTileUrl !== null && config.mapTileUrl !== '';
    if (withTiles && config.mapTileUrl) {
      L.tileLayer(config.mapTileUrl, { attribution: config.mapTileAttribution ?? '', maxZoom: 18 }).addTo(
        map,
      );
    }
    const municipalities = createMunicipalityLayer(renderer, withTiles).addTo(map);
    map.fitBounds(municipalities.getBounds(), { padding: [8, 8] });
    map.attributionControl.addAttribution(MUNICIPALITY_ATTRIBUTION);
    map.attributionControl.addAttribution(SHELTER_ATTRIBUTION);

    const layer = new ShelterLayer(map, store, renderer, t);
    layerRef.current = layer;
    const syncMode = () => setMode(layer.currentMode);
    syncMode();
    map.on('zoomend', syncMode);
    // Browser-test builds only (`vite build --mode e2e`): production bundles drop the hook entirely.
    const removeHook = import.meta.env.MODE === 'e2e' ? installTestHook(map, store, layer) : undefined;
    onMapRef.current?.(map);
    onLayerRef.current?.(layer);

    return () => {
      onMapRef.current?.(null);
      onLayerRef.current?.(null);
      removeHook?.();
      map.off('zoomend', syncMode);
      layer.destroy();
      layerRef.current = null;
      map.remove();
    };
    // `t` is left out on purpose: a language change swaps the translator below instead of rebuilding the map.
  }, [store, config]);

  useEffect(() => {
    layerRef.current?.setTranslator(t);
  }, [t]);

  return (
    <div
      ref={containerRef}
      className="shelter-map"
      data-testid="hq-map"
      data-mode={mode}
      data-shelter-count={store.size}
      role="region"
      aria-label={t('hq.mapLabel')}
    />
  );
}
