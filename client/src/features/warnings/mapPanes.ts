import type L from 'leaflet';

/**
 * Panes for the warning layers. The shelter map paints land and shelter markers on one canvas in
 * the overlay pane (400), so areas must sit above it to be seen at all; their panes ignore the
 * pointer, so shelters under an area stay clickable. Calls for help sit above everything because
 * they are what HQ must act on first.
 */
export const AREA_PANE = 'warningAreas';
export const DRAFT_PANE = 'warningDraft';
export const CALL_PANE = 'warningCalls';

const PANES: [name: string, zIndex: number, clickThrough: boolean][] = [
  [AREA_PANE, 410, true],
  [DRAFT_PANE, 450, true],
  [CALL_PANE, 650, false],
];

export function ensurePanes(map: L.Map): void {
  for (const [name, zIndex, clickThrough] of PANES) {
    if (map.getPane(name)) continue;
    const pane = map.createPane(name);
    pane.style.zIndex = String(zIndex);
    if (clickThrough) pane.style.pointerEvents = 'none';
  }
}

export const DRAFT_STYLE = { color: '#0b5cad', weight: 3, fillColor: '#0b5cad', fillOpacity: 0.15 };

/** Warning areas by CAP severity: the worse, the redder. Outlines stay visible on the paper map. */
export const SEVERITY_COLOUR: Record<string, string> = {
  Extreme: '#7b0a2a',
  Severe: '#c0392b',
  Moderate: '#d35400',
  Minor: '#b7950b',
  Unknown: '#6c3483',
};
