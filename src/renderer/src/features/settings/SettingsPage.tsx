import { useAppStore } from '../../app/app-store';
import { useT } from '../../lib/i18n';
import { LibrarySection } from '../library/LibrarySection';
import { AppearanceSection, GenerationDefaultsSection } from './PreferencesSection';
import { LogsSection } from './LogsSection';
import { PricesSection } from './PricesSection';
import { ProfilesSection } from './ProfilesSection';
import { settingsStrings } from './strings';
import './settings.css';

export function SettingsPage() {
  const t = useT(settingsStrings);
  const settings = useAppStore((s) => s.settings);
  return (
    <section className="settings" aria-labelledby="settings-title" data-testid="settings">
      <header className="page-head">
        <h1 id="settings-title" className="page-title">
          {t('title')}
        </h1>
      </header>
      <div className="settings-scroll">
        <ProfilesSection />
        {settings && <GenerationDefaultsSection settings={settings} />}
        {settings && <AppearanceSection settings={settings} />}
        <PricesSection />
        <LibrarySection />
        <LogsSection />
      </div>
    </section>
  );
}
