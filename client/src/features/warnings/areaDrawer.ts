import L from 'leaflet';
import { polygonShape, type CoordinateParse, type DraftShape, type LatLon } from './areaModel';
import { DRAFT_PANE, DRAFT_STYLE } from './mapPanes';

export type DrawMode = 'idle' | 'polygon' | 'circle';

export interface DrawState {
  mode: DrawMode;
  /** Polygon vertices placed so far. */
  points: number;
  /** Circle: whether the centre is placed; the radius follows the pointer until the next click. */
  hasCenter: boolean;
}

export interface DrawCallbacks {
  onShape: (shape: DraftShape) => void;
  onError: (error: Extract<CoordinateParse, { ok: false }>) => void;
  onState: (state: DrawState) => void;
}

/** A click this close (in pixels) to the first vertex closes the polygon. */
const CLOSE_TOLERANCE_PX = 10;
const roundKm = (metres: number) => Math.max(0.01, Math.round(metres / 10) / 100);

/**
 * Drawing with plain Leaflet events. Polygon: click to add vertices, double-click, click the first
 * vertex or press Enter to finish, Backspace to undo, Escape to cancel. Circle: click the centre,
 * then click again where the edge should be. Keyboard users type coordinates in the panel instead.
 */
export class AreaDrawer {
  private mode: DrawMode = 'idle';
  private points: L.LatLng[] = [];
  private center: L.LatLng | null = null;
  private pointer: L.LatLng | null = null;
  private readonly sketch: L.LayerGroup;

  constructor(
    private readonly map: L.Map,
    private readonly callbacks: DrawCallbacks,
  ) {
    this.sketch = L.layerGroup().addTo(map);
  }

  get state(): DrawState {
    return { mode: this.mode, points: this.points.length, hasCenter: this.center !== null };
  }

  start(mode: Exclude<DrawMode, 'idle'>): void {
    this.stop();
    this.mode = mode;
    this.map.doubleClickZoom.disable();
    this.map.getContainer().classList.add('is-drawing-area');
    this.map.on('click', this.handleClick);
    this.map.on('mousemove', this.handleMove);
    this.map.on('dblclick', this.handleDoubleClick);
    document.addEventListener('keydown', this.handleKey);
    this.changed();
  }

  /** Ends a polygon with what has been placed; a circle needs its second click. */
  finish(): void {
    if (this.mode !== 'polygon') return;
    const result = polygonShape(this.points.map((p): LatLon => [p.lat, p.lng]));
    if (result.ok) {
      this.stop();
      this.callbacks.onShape(result.shape);
    } else this.callbacks.onError(result);
  }

  undo(): void {
    if (this.mode === 'polygon') this.points.pop();
    else this.center = null;
    this.changed();
  }

  stop(): void {
    if (this.mode !== 'idle') {
      this.map.off('click', this.handleClick);
      this.map.off('mousemove', this.handleMove);
      this.map.off('dblclick', this.handleDoubleClick);
      document.removeEventListener('keydown', this.handleKey);
      this.map.getContainer().classList.remove('is-drawing-area');
      // Re-enabled after the event that may have ended drawing, so that double click does not zoom.
      setTimeout(() => this.map.doubleClickZoom.enable(), 0);
    }
    this.mode = 'idle';
    this.points = [];
    this.center = null;
    this.pointer = null;
    this.changed();
  }

  destroy(): void {
    this.stop();
    this.sketch.remove();
  }

  private readonly handleClick = (event: L.LeafletMouseEvent) => {
    // Shelter markers open their popup on the same click; while drawing it only gets in the way.
    this.map.closePopup();
    if (this.mode === 'polygon') {
      const first = this.points[0];
      if (first && this.points.length >= 3 && this.pixelDistance(first, event.latlng) <= CLOSE_TOLERANCE_PX) {
        this.finish();
        return;
      }
      this.points.push(event.latlng);
    } else if (this.mode === 'circle') {
      if (!this.center) this.center = event.latlng;
      else {
        const shape: DraftShape = {
          kind: 'circle',
          center: [this.center.lat, this.center.lng],
          radiusKm: roundKm(this.map.distance(this.center, event.latlng)),
        };
        this.stop();
        this.callbacks.onShape(shape);
        return;
      }
    }
    this.changed();
  };

  private readonly handleMove = (event: L.LeafletMouseEvent) => {
    this.pointer = event.latlng;
    this.render();
  };

  private readonly handleDoubleClick = () => this.finish();

  private readonly handleKey = (event: KeyboardEvent) => {
    // Typing in the panel's fields must not steer the drawing.
    const target = event.target as HTMLElement | null;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    if (event.key === 'Escape') this.stop();
    else if (event.key === 'Enter') this.finish();
    else if (event.key === 'Backspace') this.undo();
    else return;
    event.preventDefault();
  };

  private pixelDistance(a: L.LatLng, b: L.LatLng): number {
    return this.map.latLngToContainerPoint(a).distanceTo(this.map.latLngToContainerPoint(b));
  }

  private changed(): void {
    this.render();
    this.callbacks.onState(this.state);
  }

  private render(): void {
    this.sketch.clearLayers();
    const options = { ...DRAFT_STYLE, pane: DRAFT_PANE, interactive: false };
    if (this.mode === 'polygon' && this.points.length > 0) {
      L.polyline(this.points, options).addTo(this.sketch);
      if (this.pointer) {
        const last = this.points[this.points.length - 1]!;
        const closing =
          this.points.length >= 2 ? [last, this.pointer, this.points[0]!] : [last, this.pointer];
        L.polyline(closing, { ...options, dashArray: '4 6', weight: 2 }).addTo(this.sketch);
      }
      for (const [index, point] of this.points.entries()) {
        L.circleMarker(point, {
          ...options,
          radius: index === 0 ? 7 : 4,
          fillOpacity: 1,
          fillColor: index === 0 ? '#ffffff' : DRAFT_STYLE.color,
        }).addTo(this.sketch);
      }
    }
    if (this.mode === 'circle' && this.center) {
      L.circleMarker(this.center, { ...options, radius: 4, fillOpacity: 1 }).addTo(this.sketch);
      if (this.pointer) {
        L.circle(this.center, { ...options, radius: this.map.distance(this.center, this.pointer) }).addTo(
          this.sketch,
        );
      }
    }
  }
}
