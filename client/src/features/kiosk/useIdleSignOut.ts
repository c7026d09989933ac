import { useEffect, useState } from 'react';

const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;
/** The warning shows for the last part of the idle time. */
const WARN_SECONDS = 20;

/**
 * Signs the kiosk out after `idleSeconds` without a touch, click or key, on the PC's own clock;
 * the server ends the session at the same limit by itself, so a PC that sleeps or loses the network
 * cannot keep it. Returns the seconds left while the last ones are counted down, else null.
 */
export function useIdleSignOut(idleSeconds: number, signOut: () => void): number | null {
  const [left, setLeft] = useState<number | null>(null);
  useEffect(() => {
    let lastActive = Date.now();
    const active = () => {
      lastActive = Date.now();
      setLeft(null);
    };
    for (const event of ACTIVITY) window.addEventListener(event, active, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      const remaining = idleSeconds - Math.floor((Date.now() - lastActive) / 1000);
      if (remaining <= 0) signOut();
      else setLeft(remaining <= Math.min(WARN_SECONDS, idleSeconds / 2) ? remaining : null);
    }, 500);
    return () => {
      window.clearInterval(timer);
      for (const event of ACTIVITY) window.removeEventListener(event, active, { capture: true });
    };
  }, [idleSeconds, signOut]);
  return left;
}
