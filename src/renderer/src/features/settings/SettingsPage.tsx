import { useAppStore } from '../../app/app-store';
import { Field } from '../../components/Field';
import { useT } from '../../lib/i18n';
import { AppearanceSection, GenerationDefaultsSection } from './PreferencesSection';
import { ProfilesSection } from './ProfilesSection';
import { settingsStrings } from './strings';
import './settings.css';

function LibrarySection() {
  const t = useT(settingsStrings);
  const info = useAppStore((s) => s.info);
  if (!info) return null;
  return (
    <section className="settings-section" aria-labelledby="library-title" data-testid="settings-library">
      <header className="section-head">
        <h2 id="library-title" className="section-title">
          {t('library')}
        </h2>
      </header>
      <Field label={t('libraryPath')} hint={t('libraryHint')}>
        {(control) => (
          <input
            {...control}
            className="input mono"
            readOnly
            value={info.libraryPath}
            data-testid="settings-library-path"
          />
        )}
      </Field>
      <p className="section-hint">{t('version', { version: info.version })}</p>
    </section>
  );
}

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
        <LibrarySection />
      </div>
    </section>
  );
}
