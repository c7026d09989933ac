import L from 'leaflet';
import { circleRing } from '@geo/src/targeting/geodesic';
import type { NeedHelp } from '../../api/alerts';
import type { DraftArea } from './areaModel';
import { AREA_PANE, CALL_PANE, DRAFT_PANE, DRAFT_STYLE, ensurePanes, SEVERITY_COLOUR } from './mapPanes';
import { municipalityFeatures } from '../../shared/municipalities';
import { needHelpKey } from './warningsState';

export interface WarningArea {
  id: string;
  headline: string;
  severity: string;
  footprints: GeoJSON.MultiPolygon[];
}

export type Translate = (key: string, options?: Record<string, unknown>) => string;

function element(tag: string, className: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * The warning layers of the HQ map: active warning areas, calls for help as pins, and the area
 * being composed. Plain Leaflet, redrawn from data; popups are built with textContent because
 * names and notes come from residents.
 */
export class WarningLayers {
  private readonly areas = L.layerGroup();
  private readonly calls = L.layerGroup();
  private readonly draft = L.featureGroup();
  private readonly areaLayers = new Map<string, L.GeoJSON>();
  private readonly callMarkers = new Map<string, L.Marker>();

  constructor(
    private readonly map: L.Map,
    private translate: Translate,
  ) {
    ensurePanes(map);
    this.areas.addTo(map);
    this.draft.addTo(map);
    this.calls.addTo(map);
  }

  setTranslator(translate: Translate): void {
    this.translate = translate;
  }

  setAreas(areas: readonly WarningArea[]): void {
    this.areas.clearLayers();
    this.areaLayers.clear();
    for (const area of areas) {
      const colour = SEVERITY_COLOUR[area.severity] ?? SEVERITY_COLOUR.Unknown;
      const layer = L.geoJSON(
        { type: 'GeometryCollection', geometries: area.footprints } as GeoJSON.GeometryCollection,
        {
          pane: AREA_PANE,
          interactive: false,
          style: { color: colour, weight: 2, fillColor: colour, fillOpacity: 0.1, dashArray: '6 4' },
        },
      );
      layer.addTo(this.areas);
      this.areaLayers.set(area.id, layer);
    }
  }

  setCalls(calls: readonly NeedHelp[]): void {
    this.calls.clearLayers();
    this.callMarkers.clear();
    for (const call of calls) {
      if (!call.location) continue;
      const pin = element('span', 'need-help-pin', '!');
      pin.dataset.testid = 'need-help-pin';
      pin.dataset.alertId = call.alertId;
      pin.dataset.position = String(call.position);
      const marker = L.marker([call.location.lat, call.location.lon], {
        pane: CALL_PANE,
        icon: L.divIcon({ html: pin, className: 'need-help-icon', iconSize: [28, 28], iconAnchor: [14, 14] }),
        title: this.translate('warnings.calls.pinLabel', { name: call.name }),
        alt: this.translate('warnings.calls.pinLabel', { name: call.name }),
        riseOnHover: true,
      });
      marker.bindPopup(() => this.callPopup(call));
      marker.addTo(this.calls);
      this.callMarkers.set(needHelpKey(call), marker);
    }
  }

  setDraft(area: DraftArea): void {
    this.draft.clearLayers();
    const options = { ...DRAFT_STYLE, pane: DRAFT_PANE, interactive: false };
    if (area.municipalities.length > 0) {
      L.geoJSON(municipalityFeatures(area.municipalities), { ...options, style: options }).addTo(this.draft);
    }
    for (const shape of area.shapes) {
      if (shape.kind === 'polygon') L.polygon(shape.points, options).addTo(this.draft);
      else {
        const ring = circleRing([shape.center[1], shape.center[0]], shape.radiusKm * 1000);
        L.polygon(
          ring.map(([lon, lat]) => [lat, lon] as L.LatLngTuple),
          options,
        ).addTo(this.draft);
      }
    }
  }

  showAlert(id: string): void {
    const layer = this.areaLayers.get(id);
    if (layer) this.fit(layer.getBounds());
  }

  showDraft(): void {
    this.fit(this.draft.getBounds());
  }

  showCall(call: NeedHelp): void {
    const marker = this.callMarkers.get(needHelpKey(call));
    if (!marker) return;
    this.map.setView(marker.getLatLng(), Math.max(this.map.getZoom(), 15));
    marker.openPopup();
  }

  destroy(): void {
    this.areas.remove();
    this.calls.remove();
    this.draft.remove();
  }

  private fit(bounds: L.LatLngBounds): void {
    if (bounds.isValid()) this.map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
  }

  private callPopup(call: NeedHelp): HTMLElement {
    const root = element('div', 'need-help-popup');
    root.append(element('h3', '', call.name));
    const time = new Date(call.respondedAt).toLocaleString(document.documentElement.lang || undefined, {
      timeZone: 'Asia/Tokyo',
      dateStyle: 'short',
      timeStyle: 'short',
    });
    root.append(element('p', 'muted', this.translate('warnings.calls.respondedAt', { time })));
    if (call.note) root.append(element('p', 'need-help-note', call.note));
    if (call.location) {
      root.append(element('p', 'muted', this.translate(`warnings.calls.source.${call.location.source}`)));
    }
    return root;
  }
}
