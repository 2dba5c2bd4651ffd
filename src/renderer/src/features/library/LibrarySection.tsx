import { useAppStore } from '../../app/app-store';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { useT } from '../../lib/i18n';
import { settingsStrings } from '../settings/strings';
import { useLibraryTasks } from './library-tasks';
import { libraryStrings } from './strings';
import './library.css';

// Settings → Library: where the library lives, and the long tasks that care for it.

export function LibrarySection() {
  const t = useT(libraryStrings);
  const ts = useT(settingsStrings);
  const info = useAppStore((s) => s.info);
  const running = useLibraryTasks((s) => s.running);
  const open = useLibraryTasks((s) => s.open);
  if (!info) return null;
  return (
    <section className="settings-section" aria-labelledby="library-title" data-testid="settings-library">
      <header className="section-head">
        <div>
          <h2 id="library-title" className="section-title">
            {t('section')}
          </h2>
          <p className="section-hint">{t('pathHint')}</p>
        </div>
      </header>
      <Field label={t('path')}>
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
      <div className="library-actions">
        <Button data-testid="library-import" onClick={() => open('import')}>
          {running === 'import' ? t('importRunning') : t('importAction')}
        </Button>
        <Button data-testid="library-backup" onClick={() => open('backup')}>
          {running === 'backup' ? t('backupRunning') : t('backupAction')}
        </Button>
        <Button data-testid="library-move" onClick={() => open('move')}>
          {running === 'move' ? t('moveRunning') : t('moveAction')}
        </Button>
      </div>
      <p className="section-hint">{ts('version', { version: info.version })}</p>
    </section>
  );
}
