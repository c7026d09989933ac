import L from 'leaflet';
import type { UnaccountedHeat } from '../../api/hq';

/** Above warning areas (410) so the cells read over their fill, below shelter popups and pins. */
export const HEAT_PANE = 'unaccountedHeat';
const HEAT_PANE_Z = 420;

/** Sequential YlOrRd: more people not heard of, darker red. Breaks are people per cell. */
const STEPS: [minPeople: number, colour: string][] = [
  [100, '#bd0026'],
  [50, '#f03b20'],
  [20, '#fd8d3c'],
  [5, '#feb24c'],
  [1, '#fed976'],
];

export function heatColour(people: number): string {
  return STEPS.find(([min]) => people >= min)?.[1] ?? STEPS[STEPS.length - 1]![1];
}

export const HEAT_LEGEND = STEPS.map(([min, colour]) => ({ min, colour })).reverse();

/**
 * Unaccounted residents inside active warnings as a choropleth of grid cells on its own canvas.
 * Counts only: each cell is a rectangle and a number, never a person's home.
 */
export class HeatLayer {
  private readonly group: L.LayerGroup;
  private readonly renderer: L.Renderer;
  private cells = 0;
  private people = 0;

  constructor(private readonly map: L.Map) {
    if (!map.getPane(HEAT_PANE)) {
      const pane = map.createPane(HEAT_PANE);
      pane.style.zIndex = String(HEAT_PANE_Z);
      // Shelters under a cell must stay clickable.
      pane.style.pointerEvents = 'none';
    }
    this.renderer = L.canvas({ pane: HEAT_PANE, padding: 0.5 });
    this.group = L.layerGroup().addTo(map);
  }

  get cellCount(): number {
    return this.cells;
  }

  get peopleCount(): number {
    return this.people;
  }

  setVisible(visible: boolean): void {
    if (visible && !this.map.hasLayer(this.group)) this.group.addTo(this.map);
    if (!visible) this.group.remove();
  }

  show(heat: UnaccountedHeat | null, label: (people: number) => string): void {
    this.group.clearLayers();
    this.cells = 0;
    this.people = 0;
    if (!heat) return;
    const half = { lon: heat.cell.lon / 2, lat: heat.cell.lat / 2 };
    // Overlapping warnings would count a home twice on the map: keep the larger count per cell.
    const byCell = new Map<string, [number, number, number]>();
    for (const area of heat.areas) {
      for (const cell of area.cells) {
        const key = `${cell[0]},${cell[1]}`;
        const seen = byCell.get(key);
        if (!seen || seen[2] < cell[2]) byCell.set(key, cell);
      }
    }
    for (const [lon, lat, people] of byCell.values()) {
      const colour = heatColour(people);
      L.rectangle(
        [
          [lat - half.lat, lon - half.lon],
          [lat + half.lat, lon + half.lon],
        ],
        {
          renderer: this.renderer,
          pane: HEAT_PANE,
          interactive: false,
          stroke: false,
          fillColor: colour,
          fillOpacity: 0.75,
        },
      )
        .bindTooltip(label(people))
        .addTo(this.group);
      this.cells += 1;
      this.people += people;
    }
  }

  destroy(): void {
    this.group.remove();
  }
}
