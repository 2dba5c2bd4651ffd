// Shared control styles load before any feature's stylesheet, so a feature can refine them.
import '../components/controls.css';
import '../components/surfaces.css';
import './shell.css';
import { Button } from '../components/Button';
import { Toaster } from '../components/Toaster';
import { useTwinEvents } from '../features/compare/twin-actions';
import { useExportEvents } from '../features/export/export-events';
import { useLibraryProgress } from '../features/library/library-progress';
import { useWelcomeDecision } from '../features/onboarding/use-welcome-decision';
import { useWelcomeStore } from '../features/onboarding/welcome-store';
import { useLocaleStore, useT } from '../lib/i18n';
import { describeError } from '../../../shared/errors';
import { useAppStore } from './app-store';
import { OfflineBanner } from './OfflineBanner';
import { useGlobalShortcuts } from './shortcuts';
import { Sidebar } from './Sidebar';
import { appStrings } from './strings';
import { useBootstrap } from './use-bootstrap';
import { CurrentScreen, DeferredDialogs } from './lazy-screens';

function LoadError() {
  const t = useT(appStrings);
  const locale = useLocaleStore((s) => s.locale);
  const error = useAppStore((s) => s.loadError);
  const load = useAppStore((s) => s.load);
  if (!error) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="load-error">
      <span>
        {t('loadFailed')} {describeError(error, locale)}
      </span>
      <Button size="sm" onClick={() => void load()}>
        {t('retry')}
      </Button>
    </div>
  );
}

export function App() {
  useBootstrap();
  // Exports and library tasks outlive the page that started them, so their events are followed here.
  useExportEvents();
  useLibraryProgress();
  useGlobalShortcuts();
  // A/B twins land whichever screen is open: the comparison (or a toast offering it) follows.
  useTwinEvents();
  useWelcomeDecision();
  // Lets tests (and anything scripted) wait until the first-run question is settled.
  const welcome = useWelcomeStore((s) => s.phase);
  return (
    <div className="app" data-testid="app" data-welcome={welcome}>
      <Sidebar />
      <main className="app-main" data-testid="main">
        <OfflineBanner />
        <LoadError />
        <CurrentScreen />
      </main>
      <DeferredDialogs />
      <Toaster />
    </div>
  );
}
