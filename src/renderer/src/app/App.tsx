// Shared control styles load before any feature's stylesheet, so a feature can refine them.
import '../components/controls.css';
import '../components/surfaces.css';
import './shell.css';
import { Button } from '../components/Button';
import { Toaster } from '../components/Toaster';
import { CompareDialog } from '../features/compare/CompareDialog';
import { useTwinEvents } from '../features/compare/twin-actions';
import { BatchDialog } from '../features/batch/BatchDialog';
import { ExportDialog, useExportEvents } from '../features/export/ExportDialog';
import { GalleryPage } from '../features/gallery/GalleryPage';
import { LibraryTaskDialog, useLibraryProgress } from '../features/library/LibraryTaskDialog';
import { WelcomeDialog } from '../features/onboarding/WelcomeDialog';
import { useWelcomeStore } from '../features/onboarding/welcome-store';
import { QueuePanel } from '../features/queue/QueuePanel';
import { SettingsPage } from '../features/settings/SettingsPage';
import { StudioPage } from '../features/studio/StudioPage';
import { BudgetDialog } from '../features/usage/BudgetDialog';
import { UsagePage } from '../features/usage/UsagePage';
import { useLocaleStore, useT } from '../lib/i18n';
import { describeError } from '../../../shared/errors';
import { useAppStore } from './app-store';
import { useNavigationStore } from './navigation-store';
import { OfflineBanner } from './OfflineBanner';
import { useGlobalShortcuts } from './shortcuts';
import { ShortcutsDialog } from './ShortcutsDialog';
import { Sidebar } from './Sidebar';
import { appStrings } from './strings';
import { useBootstrap } from './use-bootstrap';

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

function CurrentView() {
  const view = useNavigationStore((s) => s.view);
  if (view === 'gallery') return <GalleryPage />;
  if (view === 'settings') return <SettingsPage />;
  if (view === 'usage') return <UsagePage />;
  return (
    <div className="studio-layout">
      <StudioPage />
      <QueuePanel />
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
  // Lets tests (and anything scripted) wait until the first-run question is settled.
  const welcome = useWelcomeStore((s) => s.phase);
  return (
    <div className="app" data-testid="app" data-welcome={welcome}>
      <Sidebar />
      <main className="app-main" data-testid="main">
        <OfflineBanner />
        <LoadError />
        <CurrentView />
      </main>
      <BatchDialog />
      <ExportDialog />
      <LibraryTaskDialog />
      <ShortcutsDialog />
      <CompareDialog />
      <WelcomeDialog />
      <BudgetDialog />
      <Toaster />
    </div>
  );
}
