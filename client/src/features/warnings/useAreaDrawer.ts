import { useEffect, useRef, useState } from 'react';
import type L from 'leaflet';
import { AreaDrawer, type DrawState } from './areaDrawer';
import type { CoordinateParse, DraftShape } from './areaModel';

type ParseError = Extract<CoordinateParse, { ok: false }>;

const IDLE: DrawState = { mode: 'idle', points: 0, hasCenter: false };

/** The map's drawing tool for as long as the compose form is open; callbacks may change freely. */
export function useAreaDrawer(
  map: L.Map | null,
  onShape: (shape: DraftShape) => void,
  onError: (error: ParseError) => void,
): { drawer: AreaDrawer | null; state: DrawState } {
  const [state, setState] = useState<DrawState>(IDLE);
  const [drawer, setDrawer] = useState<AreaDrawer | null>(null);
  const latest = useRef({ onShape, onError });
  latest.current = { onShape, onError };

  useEffect(() => {
    if (!map) return;
    const created = new AreaDrawer(map, {
      onShape: (shape) => latest.current.onShape(shape),
      onError: (error) => latest.current.onError(error),
      onState: setState,
    });
    setDrawer(created);
    return () => {
      created.destroy();
      setDrawer(null);
      setState(IDLE);
    };
  }, [map]);

  return { drawer, state };
}
