import { useEffect } from 'react';
import { QueuePanel } from '../features/queue/QueuePanel';
import { StudioPage } from '../features/studio/StudioPage';
import { markFirstScreenDrawn } from './first-screen';

/** The studio and its queue beside it: one screen, one chunk (lazy-screens.tsx). */
export function StudioScreen() {
  // Its form needs nothing from main to draw.
  useEffect(markFirstScreenDrawn, []);
  return (
    <div className="studio-layout">
      <StudioPage />
      <QueuePanel />
    </div>
  );
}
