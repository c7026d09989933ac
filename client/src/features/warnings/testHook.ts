import type { NeedHelp } from '../../api/alerts';
import type { DraftShape, LatLon } from './areaModel';

/**
 * Browser-test handle for warnings (`window.__hqWarnings`), next to `window.__hqMap`. Drawing with
 * a mouse in a headless browser is brittle, so tests hand the compose form a shape directly; the
 * rest reads back what the map shows. It can do nothing the page's own controls cannot.
 */
export interface HqWarningsTestHook {
  /** Adds a polygon ([lat, lon] vertices, open or closed) to the open compose form. */
  drawPolygon(points: LatLon[]): boolean;
  drawCircle(lat: number, lon: number, radiusKm: number): boolean;
  /** Ids of the warnings drawn as areas on the map. */
  areaIds(): string[];
  /** Calls for help drawn as pins. */
  pins(): Pick<NeedHelp, 'alertId' | 'position' | 'name' | 'location'>[];
}

declare global {
  interface Window {
    __hqWarnings?: HqWarningsTestHook;
  }
}

type ShapeSink = (shape: DraftShape) => void;

let composeSink: ShapeSink | null = null;

/** The compose form registers where test shapes go while it is open. */
export function setComposeSink(sink: ShapeSink | null): void {
  composeSink = sink;
}

export function installWarningsTestHook(read: {
  areaIds: () => string[];
  pins: () => NeedHelp[];
}): () => void {
  const add = (shape: DraftShape) => {
    if (!composeSink) return false;
    composeSink(shape);
    return true;
  };
  const hook: HqWarningsTestHook = {
    drawPolygon(points) {
      const open = [...points];
      const first = open[0];
      const last = open[open.length - 1];
      if (open.length > 3 && first && last && first[0] === last[0] && first[1] === last[1]) open.pop();
      return add({ kind: 'polygon', points: open });
    },
    drawCircle: (lat, lon, radiusKm) => add({ kind: 'circle', center: [lat, lon], radiusKm }),
    areaIds: read.areaIds,
    pins: () =>
      read.pins().map(({ alertId, position, name, location }) => ({ alertId, position, name, location })),
  };
  window.__hqWarnings = hook;
  return () => {
    if (window.__hqWarnings === hook) delete window.__hqWarnings;
  };
}
