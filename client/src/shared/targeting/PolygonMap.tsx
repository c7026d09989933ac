import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { MUNICIPALITY_ATTRIBUTION } from '../../map/attribution';
import { createMunicipalityLayer } from '../../map/municipalityLayer';
import { installPolygonMapTestHook } from './polygonMapTestHook';
import type { LatLon } from './targetingDraft';

interface PolygonMapProps {
  points: readonly LatLon[];
  onChange: (points: LatLon[]) => void;
  testId: string;
}

/**
 * A small offline map (the bundled boundaries) where each click adds a corner of the target
 * polygon. Loaded only when staff open the area section.
 */
export default function PolygonMap({ points, onChange, testId }: PolygonMapProps) {
  const { t } = useTranslation();
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const shapeRef = useRef<L.Polygon | null>(null);
  const latest = useRef({ points, onChange });
  latest.current = { points, onChange };

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const map = L.map(container, { zoomSnap: 0.5, scrollWheelZoom: false }).setView([36.95, 136.85], 8.5);
    const renderer = L.canvas({ padding: 0.5 });
    createMunicipalityLayer(renderer, false).addTo(map);
    map.attributionControl.addAttribution(MUNICIPALITY_ATTRIBUTION);
    shapeRef.current = L.polygon([], {
      color: '#0b5cad',
      weight: 2,
      fillOpacity: 0.2,
      interactive: false,
    }).addTo(map);
    map.on('click', (event: L.LeafletMouseEvent) => {
      const { lat, lng } = event.latlng;
      latest.current.onChange([...latest.current.points, [Number(lat.toFixed(6)), Number(lng.toFixed(6))]]);
    });
    const resized = new ResizeObserver(() => map.invalidateSize());
    resized.observe(container);
    mapRef.current = map;
    const removeTestHook = installPolygonMapTestHook(map);
    return () => {
      removeTestHook();
      resized.disconnect();
      map.remove();
      mapRef.current = null;
    };
  }, []);

  useEffect(() => {
    shapeRef.current?.setLatLngs(points.map(([lat, lon]) => L.latLng(lat, lon)));
  }, [points]);

  return (
    <div
      ref={containerRef}
      className="notice-map"
      data-testid={testId}
      role="application"
      aria-label={t('notices.area.mapLabel')}
    />
  );
}
