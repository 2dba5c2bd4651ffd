import { useEffect, useState } from 'react';

/** The current time, re-read every `intervalMs` while `isActive` (no ticking when nothing runs). */
export function useNow(isActive: boolean, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!isActive) return;
    const tick = (): void => setNow(Date.now());
    // The first tick comes at once, so a job that starts after a long idle spell never shows a stale clock.
    const first = window.setTimeout(tick, 0);
    const timer = window.setInterval(tick, intervalMs);
    return () => {
      window.clearTimeout(first);
      window.clearInterval(timer);
    };
  }, [isActive, intervalMs]);
  return now;
}
