import { readPreference, writePreference } from './preferences';

/**
 * The kiosk PC keeps its device key in localStorage, entered once by staff: it is sent only as a
 * header to the kiosk's own two routes, never as a cookie with every request, and it is the PC's,
 * not a resident's. Nothing else a resident's session leaves behind survives a sign-out.
 */
const DEVICE_KEY = 'hinan.kiosk.deviceKey';
/** Preferences of the PC itself (language, text size), kept across residents. */
const PC_KEYS = new Set([DEVICE_KEY, 'hinan.language', 'hinan.largeText']);

export const KIOSK_HASH = '#/kiosk';

export function isKioskHash(hash: string): boolean {
  return hash === KIOSK_HASH || hash.startsWith(`${KIOSK_HASH}?`);
}

export function storedKioskKey(): string | null {
  return readPreference(DEVICE_KEY);
}

export function storeKioskKey(deviceKey: string): void {
  writePreference(DEVICE_KEY, deviceKey);
}

export function forgetKioskKey(): void {
  try {
    window.localStorage.removeItem(DEVICE_KEY);
  } catch {
    // Storage unavailable: nothing was kept.
  }
}

/** Removes everything a resident's session may have stored in this browser (inbox cursors, …). */
export function clearResidentTraces(): void {
  try {
    for (const key of Object.keys(window.localStorage)) {
      if (!PC_KEYS.has(key)) window.localStorage.removeItem(key);
    }
    window.sessionStorage.clear();
  } catch {
    // Storage unavailable: nothing was kept.
  }
}
