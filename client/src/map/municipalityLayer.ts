import L from 'leaflet';
import municipalities from '@geo/data/municipalities.geojson';

/** MLIT N03 properties: N03_004 is the municipality name, N03_007 its JIS code. */
interface N03Properties {
  N03_004?: string | null;
  N03_007?: string | null;
}

/**
 * The offline base layer: bundled municipality polygons, so HQ has a usable map even when no tile
 * server is reachable. With tiles underneath, the fill turns almost transparent.
 */
export function createMunicipalityLayer(renderer: L.Renderer, withTiles: boolean): L.GeoJSON {
  // Leaflet hands GeoJSON options to every polygon it creates, but its typings omit `renderer`.
  const options: L.GeoJSONOptions & { renderer: L.Renderer } = {
    renderer,
    style: {
      color: '#6b7c8c',
      weight: 1,
      fillColor: '#f5f2e9',
      fillOpacity: withTiles ? 0.1 : 1,
    },
    onEachFeature(feature, layer) {
      const properties = (feature.properties ?? {}) as N03Properties;
      if (properties.N03_004) {
        layer.bindTooltip(properties.N03_004, { sticky: true, className: 'municipality-tooltip' });
      }
    },
  };
  return L.geoJSON(municipalities, options);
}
