import type { ReactNode } from 'react';
import { GalleryIcon, SettingsIcon, SparkIcon } from '../components/icons';
import { UsageIcon } from '../features/usage/UsageIcon';
import { addLibraryImages } from '../features/studio/references-actions';
import { imageIdsOf, isImageDrag } from '../features/studio/image-drag';
import { useT } from '../lib/i18n';
import { activeProfileOf } from './app-selectors';
import { useAppStore } from './app-store';
import { useNavigationStore, type View } from './navigation-store';
import { appStrings } from './strings';

const NAV_ITEMS: readonly { view: View; icon: ReactNode }[] = [
  { view: 'studio', icon: <SparkIcon size={18} /> },
  { view: 'gallery', icon: <GalleryIcon size={18} /> },
  { view: 'usage', icon: <UsageIcon size={18} /> },
  { view: 'settings', icon: <SettingsIcon size={18} /> },
];

function ProviderBadge() {
  const t = useT(appStrings);
  const settings = useAppStore((s) => s.settings);
  const profiles = useAppStore((s) => s.profiles);
  const isLoaded = useAppStore((s) => s.isLoaded);
  const setView = useNavigationStore((s) => s.setView);
  if (!isLoaded) return null;
  const profile = activeProfileOf(settings, profiles);
  return (
    <button
      type="button"
      className={profile?.isSimulator ? 'provider-badge is-simulator' : 'provider-badge'}
      data-testid="active-profile"
      data-simulator={profile?.isSimulator ? 'true' : 'false'}
      title={profile?.isSimulator ? t('simulatorHint') : profile?.baseUrl}
      onClick={() => setView('settings')}
    >
      <span className="provider-badge-caption">{t('provider')}</span>
      <span className="provider-badge-name">
        {profile ? (profile.isSimulator ? t('simulator') : profile.name) : t('noProvider')}
      </span>
    </button>
  );
}

export function Sidebar() {
  const t = useT(appStrings);
  const view = useNavigationStore((s) => s.view);
  const setView = useNavigationStore((s) => s.setView);
  return (
    <nav className="sidebar" aria-label={t('mainNav')} data-testid="main-nav">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          W
        </span>
        <span className="brand-name">{t('appName')}</span>
      </div>
      <ul className="nav-list">
        {NAV_ITEMS.map((item) => (
          <li key={item.view}>
            <button
              type="button"
              className="nav-item"
              aria-current={view === item.view ? 'page' : undefined}
              data-testid={`nav-${item.view}`}
              onClick={() => setView(item.view)}
              // A gallery tile dropped on "Create" becomes a reference there.
              onDragOver={(e) => {
                if (item.view !== 'studio' || !isImageDrag(e.dataTransfer)) return;
                e.preventDefault();
                e.dataTransfer.dropEffect = 'copy';
              }}
              onDrop={(e) => {
                if (item.view !== 'studio' || !isImageDrag(e.dataTransfer)) return;
                e.preventDefault();
                setView('studio');
                void addLibraryImages(imageIdsOf(e.dataTransfer));
              }}
            >
              {item.icon}
              <span>{t(item.view)}</span>
            </button>
          </li>
        ))}
      </ul>
      <div className="sidebar-foot">
        <ProviderBadge />
      </div>
    </nav>
  );
}
