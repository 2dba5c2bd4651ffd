import { QueuePanel } from '../features/queue/QueuePanel';
import { StudioPage } from '../features/studio/StudioPage';

/** The studio and its queue beside it: one screen, one chunk (lazy-screens.tsx). */
export function StudioScreen() {
  return (
    <div className="studio-layout">
      <StudioPage />
      <QueuePanel />
    </div>
  );
}
