import L from 'leaflet';
import type { UnreachedHeat } from '../../api/visits';

/** Above warning areas (410) and the unaccounted grid (420), below popups and pins. */
const PANE = 'unreachedHeat';
const PANE_Z = 430;

/** Sequential purples: more people a warning did not reach, darker. Breaks are people per cell. */
const STEPS: [minPeople: number, colour: string][] = [
  [50, '#54278f'],
  [20, '#756bb1'],
  [5, '#9e9ac8'],
  [1, '#cbc9e2'],
];

export const unreachedColour = (people: number): string =>
  STEPS.find(([min]) => people >= min)?.[1] ?? STEPS[STEPS.length - 1]![1];

/**
 * The unreached of one warning as grid cells on the HQ map (GeoJSON from the server: squares and
 * counts, never a home). Outlined, so it reads apart from the unaccounted grid underneath.
 */
export class UnreachedLayer {
  private readonly layer: L.GeoJSON;
  private cellCount = 0;

  constructor(
    private readonly map: L.Map,
    label: (people: number) => string,
  ) {
    if (!map.getPane(PANE)) {
      const pane = map.createPane(PANE);
      pane.style.zIndex = String(PANE_Z);
      pane.style.pointerEvents = 'none';
    }
    this.layer = L.geoJSON(undefined, {
      pane: PANE,
      interactive: false,
      style: (feature) => {
        const people = (feature?.properties as { people?: number } | undefined)?.people ?? 0;
        return { color: '#3f007d', weight: 1, fillColor: unreachedColour(people), fillOpacity: 0.7 };
      },
      onEachFeature: (feature, layer) => {
        layer.bindTooltip(label((feature.properties as { people: number }).people));
      },
    });
  }

  get cells(): number {
    return this.cellCount;
  }

  show(heat: UnreachedHeat | null, visible: boolean): void {
    this.layer.clearLayers();
    this.cellCount = 0;
    if (heat) {
      this.layer.addData(heat);
      this.cellCount = heat.features.length;
    }
    if (visible && !this.map.hasLayer(this.layer)) this.layer.addTo(this.map);
    if (!visible) this.layer.remove();
  }

  destroy(): void {
    this.layer.remove();
  }
}
