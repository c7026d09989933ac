import { useCallback, useState } from 'react';
import { readPreference, writePreference } from '../shared/preferences';

const LARGE_TEXT_KEY = 'hinan.largeText';
const LARGE_TEXT_CLASS = 'large-text';

export function isLargeTextStored(): boolean {
  return readPreference(LARGE_TEXT_KEY) === '1';
}

/** Sets the root font size; every size in the CSS is in rem, so the whole UI scales with it. */
export function applyLargeText(on: boolean): void {
  document.documentElement.classList.toggle(LARGE_TEXT_CLASS, on);
}

export function useLargeText(): [boolean, (on: boolean) => void] {
  const [largeText, setLargeText] = useState(isLargeTextStored);
  const update = useCallback((on: boolean) => {
    writePreference(LARGE_TEXT_KEY, on ? '1' : '0');
    applyLargeText(on);
    setLargeText(on);
  }, []);
  return [largeText, update];
}
