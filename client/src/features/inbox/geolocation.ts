/** How long to wait for a position fix before answering without one: help must not wait for GPS. */
const TIMEOUT_MS = 10_000;

/**
 * The device's current position, asked for only after the resident ticked the consent box; null
 * when it is unavailable, refused or too slow. Rounded to about 1 m, which is all rescuers need.
 */
export function currentLocation(): Promise<{ lat: number; lon: number } | null> {
  if (!('geolocation' in navigator)) return Promise.resolve(null);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (position) =>
        resolve({
          lat: Math.round(position.coords.latitude * 1e5) / 1e5,
          lon: Math.round(position.coords.longitude * 1e5) / 1e5,
        }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: TIMEOUT_MS, maximumAge: 60_000 },
    );
  });
}
