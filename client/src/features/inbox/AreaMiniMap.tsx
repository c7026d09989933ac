import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { MUNICIPALITY_ATTRIBUTION } from '../../map/attribution';
import { createMunicipalityLayer } from '../../map/municipalityLayer';

/**
 * The warning area on a small map that works offline: the bundled municipality boundaries as the
 * base, the area on top. Loaded only when a resident opens a warning.
 */
export default function AreaMiniMap({ area }: { area: GeoJSON.MultiPolygon }) {
  const { t } = useTranslation();
  const containerRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    // One-finger drags must scroll the page on a phone; zoom buttons and two fingers still work.
    const map = L.map(container, {
      zoomSnap: 0.5,
      scrollWheelZoom: false,
      dragging: !L.Browser.mobile,
      attributionControl: true,
    });
    const renderer = L.canvas({ padding: 0.5 });
    createMunicipalityLayer(renderer, false).addTo(map);
    map.attributionControl.addAttribution(MUNICIPALITY_ATTRIBUTION);
    const shape = L.geoJSON(area, {
      interactive: false,
      style: { color: '#b00020', weight: 2, fillColor: '#b00020', fillOpacity: 0.25 },
    }).addTo(map);
    const bounds = shape.getBounds();
    const fit = () => {
      map.invalidateSize();
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12], maxZoom: 14 });
      else map.setView([36.9, 136.8], 8);
    };
    fit();
    // The map's stylesheet arrives with this lazy chunk and can size the box after the first fit.
    const resized = new ResizeObserver(fit);
    resized.observe(container);
    return () => {
      resized.disconnect();
      map.remove();
    };
  }, [area]);

  return (
    <div
      ref={containerRef}
      className="inbox-map"
      data-testid="inbox-map"
      role="img"
      aria-label={t('inbox.detail.mapLabel')}
    />
  );
}
