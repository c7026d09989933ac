export interface Position {
  lat: number;
  lon: number;
  accuracy?: number;
}

/** Why the browser gave no position; each has its own explanation for the person. */
export type PositionFailure = 'location_unsupported' | 'location_denied' | 'location_unavailable';

export class PositionError extends Error {
  constructor(readonly reason: PositionFailure) {
    super(reason);
    this.name = 'PositionError';
  }
}

/**
 * The current position, asked for only when the person ticked "share my location". A quick,
 * coarse fix is enough to send help; waiting long for GPS would delay the report itself.
 */
export function currentPosition(timeoutMs = 10_000): Promise<Position> {
  return new Promise((resolve, reject: (error: PositionError) => void) => {
    if (!('geolocation' in navigator)) {
      reject(new PositionError('location_unsupported'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      ({ coords }) =>
        resolve({
          lat: coords.latitude,
          lon: coords.longitude,
          accuracy: Math.min(100_000, Math.max(0, Math.round(coords.accuracy))),
        }),
      (error) =>
        reject(
          new PositionError(
            error.code === error.PERMISSION_DENIED ? 'location_denied' : 'location_unavailable',
          ),
        ),
      { enableHighAccuracy: false, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}
