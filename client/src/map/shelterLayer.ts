import L from 'leaflet';
import type { TFunction } from 'i18next';
import type { Shelter, ShelterStore } from '../shared/shelters/shelterStore';
import { gridCluster, mergeCloseClusters, type GridCluster } from './clustering';
import { classifyOccupancy, OCCUPANCY_COLOURS, summariseCluster, type ClusterSummary } from './occupancy';
import { buildShelterPopup } from './shelterPopup';

/** At this zoom and below, shelters are grouped; above it (about town level) every site is drawn. */
export const CLUSTER_MAX_ZOOM = 11;
const CLUSTER_CELL_PX = 60;
/** Cluster bubbles closer than this would overlap on screen. */
const CLUSTER_MIN_DISTANCE_PX = 40;

export type ShelterLayerMode = 'clustered' | 'individual';

/** A drawn cluster: its marker, the shelters it counts and what its bubble shows now. */
interface ClusterEntry {
  marker: L.Marker;
  ids: string[];
  summary: ClusterSummary;
}

function markerStyle(shelter: Shelter): L.CircleMarkerOptions {
  const colours = OCCUPANCY_COLOURS[classifyOccupancy(shelter)];
  return {
    radius: shelter.kind === 'emergency_site' ? 5 : 7,
    color: colours.stroke,
    weight: 1.5,
    fillColor: colours.fill,
    fillOpacity: shelter.status === 'closed' ? 0.45 : 0.9,
  };
}

function clusterIcon(size: number, summary: ClusterSummary): L.DivIcon {
  const diameter = size < 10 ? 30 : size < 100 ? 36 : 42;
  const colours = OCCUPANCY_COLOURS[summary.occupancyClass];
  const element = document.createElement('div');
  element.className = 'shelter-cluster';
  element.style.background = colours.fill;
  element.style.borderColor = colours.stroke;
  element.style.color = colours.text;
  element.textContent = String(size);
  element.dataset.testid = 'shelter-cluster';
  element.dataset.occupancyClass = summary.occupancyClass;
  if (summary.fullCount > 0) {
    const badge = document.createElement('span');
    badge.className = 'shelter-cluster-full';
    badge.textContent = String(summary.fullCount);
    element.append(badge);
  }
  return L.divIcon({ html: element, className: '', iconSize: [diameter, diameter] });
}

/**
 * Draws every shelter as a canvas circle marker (thousands of DOM markers would make panning
 * sluggish) and, at low zoom, replaces dense groups with a counted cluster from a pixel grid.
 */
export class ShelterLayer {
  private readonly markers = new Map<string, L.CircleMarker>();
  private readonly group = L.layerGroup();
  private mode: ShelterLayerMode = 'individual';
  /** In clustered mode: each clustered shelter's cluster marker and the ids it counts. */
  private readonly clusterOf = new Map<string, ClusterEntry>();
  private readonly unsubscribe: () => void;
  /** Extra popup content (e.g. an occupancy chart) supplied by the page, re-read on every open. */
  private popupExtra: ((shelter: Shelter) => Node | null) | null = null;

  constructor(
    private readonly map: L.Map,
    private readonly store: ShelterStore,
    private readonly renderer: L.Renderer,
    private t: TFunction,
  ) {
    for (const shelter of store.all()) this.markers.set(shelter.id, this.createMarker(shelter));
    this.group.addTo(map);
    map.on('zoomend', this.render);
    this.unsubscribe = store.subscribe((ids) => this.onShelterChange(ids));
    this.render();
  }

  get currentMode(): ShelterLayerMode {
    return this.mode;
  }

  /** Number of map objects drawn right now: clusters plus lone markers. */
  get drawnCount(): number {
    return this.group.getLayers().length;
  }

  marker(id: string): L.CircleMarker | undefined {
    return this.markers.get(id);
  }

  /** Sets what popups add under the counts; open popups are rebuilt. */
  setPopupExtra(extra: ((shelter: Shelter) => Node | null) | null): void {
    this.popupExtra = extra;
    for (const [id, marker] of this.markers) {
      const shelter = this.store.get(id);
      if (shelter && marker.isPopupOpen()) marker.setPopupContent(this.popup(shelter));
    }
  }

  setTranslator(t: TFunction): void {
    this.t = t;
    this.render();
  }

  /** Zooms far enough for the shelter to be drawn on its own, then opens its popup. */
  openShelter(id: string): boolean {
    const shelter = this.store.get(id);
    const marker = this.markers.get(id);
    if (!shelter || !marker) return false;
    this.map.setView([shelter.lat, shelter.lon], Math.max(this.map.getZoom(), CLUSTER_MAX_ZOOM + 2), {
      animate: false,
    });
    this.render();
    marker.openPopup();
    return true;
  }

  destroy(): void {
    this.unsubscribe();
    this.map.off('zoomend', this.render);
    this.group.remove();
  }

  private createMarker(shelter: Shelter): L.CircleMarker {
    const marker = L.circleMarker([shelter.lat, shelter.lon], {
      ...markerStyle(shelter),
      renderer: this.renderer,
    });
    // Built on every open so it shows the latest numbers in the current language.
    marker.bindPopup(() => {
      const current = this.store.get(shelter.id);
      return current ? this.popup(current) : '';
    });
    return marker;
  }

  private popup(shelter: Shelter): HTMLElement {
    const root = buildShelterPopup(shelter, this.t);
    const extra = this.popupExtra?.(shelter);
    if (extra) root.append(extra);
    return root;
  }

  private onShelterChange(ids: readonly string[]): void {
    for (const id of ids) {
      const shelter = this.store.get(id);
      const marker = this.markers.get(id);
      if (!shelter || !marker) continue;
      // Most changes keep the colour class: restyling anyway makes the shared canvas (land
      // polygons included) redraw, which is what slows the map during a burst of check-ins.
      const style = markerStyle(shelter);
      const current = marker.options;
      if (
        style.fillColor !== current.fillColor ||
        style.color !== current.color ||
        style.fillOpacity !== current.fillOpacity ||
        style.radius !== current.radius
      ) {
        marker.setStyle(style);
      }
      if (marker.isPopupOpen()) marker.setPopupContent(this.popup(shelter));
    }
    if (this.mode !== 'clustered') return;
    // Occupancy does not move shelters, so the grouping stands: only the clusters that hold a
    // changed shelter get a new icon (regrouping ~2,000 shelters per check-in stalls the page).
    const touched = new Set<ClusterEntry>();
    for (const id of ids) {
      const entry = this.clusterOf.get(id);
      if (entry) touched.add(entry);
    }
    for (const entry of touched) {
      const shelters = entry.ids.flatMap((id) => this.store.get(id) ?? []);
      const summary = summariseCluster(shelters);
      // A new icon is a new DOM node: only when what the bubble shows has changed.
      if (
        summary.occupancyClass === entry.summary.occupancyClass &&
        summary.fullCount === entry.summary.fullCount
      ) {
        continue;
      }
      entry.summary = summary;
      entry.marker.setIcon(clusterIcon(shelters.length, summary));
      entry.marker.getElement()?.setAttribute('title', this.clusterLabel(shelters.length, summary));
    }
  }

  private clusterLabel(count: number, summary: ClusterSummary): string {
    return [
      this.t('hq.cluster', { count }),
      this.t(`occupancy.${summary.occupancyClass}`),
      summary.fullCount > 0 ? this.t('hq.clusterFull', { count: summary.fullCount }) : '',
    ]
      .filter(Boolean)
      .join(' / ');
  }

  private readonly render = (): void => {
    const zoom = this.map.getZoom();
    this.group.clearLayers();
    this.clusterOf.clear();
    if (zoom > CLUSTER_MAX_ZOOM) {
      this.mode = 'individual';
      for (const marker of this.markers.values()) this.group.addLayer(marker);
      return;
    }
    this.mode = 'clustered';
    const points = Array.from(this.store.all(), (shelter) => {
      const { x, y } = this.map.project([shelter.lat, shelter.lon], zoom);
      return { x, y, item: shelter };
    });
    const clusters = mergeCloseClusters(gridCluster(points, CLUSTER_CELL_PX), CLUSTER_MIN_DISTANCE_PX);
    for (const cluster of clusters) this.group.addLayer(this.clusterLayer(cluster, zoom));
  };

  private clusterLayer(cluster: GridCluster<Shelter>, zoom: number): L.Layer {
    const [only] = cluster.items;
    if (cluster.items.length === 1 && only) return this.markers.get(only.id) ?? this.createMarker(only);
    const summary = summariseCluster(cluster.items);
    const label = this.clusterLabel(cluster.items.length, summary);
    const position = this.map.unproject([cluster.x, cluster.y], zoom);
    const marker = L.marker(position, {
      icon: clusterIcon(cluster.items.length, summary),
      keyboard: true,
      title: label,
    });
    const entry: ClusterEntry = { marker, ids: cluster.items.map((shelter) => shelter.id), summary };
    for (const id of entry.ids) this.clusterOf.set(id, entry);
    const zoomIn = () => {
      const bounds = L.latLngBounds(cluster.items.map((shelter) => [shelter.lat, shelter.lon]));
      this.map.fitBounds(bounds, { padding: [40, 40], maxZoom: CLUSTER_MAX_ZOOM + 2 });
    };
    marker.on('click', zoomIn);
    // Leaflet makes the icon a focusable role=button but leaves activation by key to us.
    marker.on('keypress', (event: L.LeafletKeyboardEvent) => {
      if (event.originalEvent.key === 'Enter' || event.originalEvent.key === ' ') zoomIn();
    });
    return marker;
  }
}
