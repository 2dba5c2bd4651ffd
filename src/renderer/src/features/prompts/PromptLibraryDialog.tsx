import { useEffect, useState } from 'react';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { useT } from '../../lib/i18n';
import { HistoryTab } from './HistoryTab';
import { PresetsTab } from './PresetsTab';
import { loadSaved } from './prompt-actions';
import { usePromptLibrary, type LibraryTab } from './prompt-library-store';
import { SavedTab } from './SavedTab';
import { promptStrings } from './strings';
import './prompts.css';

// The prompt library, opened from the studio: history, saved prompts and templates, style presets.
// One search box serves all three (history asks main; the saved lists are filtered here).

const TABS: readonly LibraryTab[] = ['history', 'saved', 'presets'];

export function PromptLibraryButton() {
  const t = useT(promptStrings);
  const open = usePromptLibrary((s) => s.open);
  return (
    <Button size="sm" variant="ghost" data-testid="prompt-library-open" onClick={() => open()}>
      {t('open')}
    </Button>
  );
}

export function PromptLibraryDialog() {
  const t = useT(promptStrings);
  const isOpen = usePromptLibrary((s) => s.isOpen);
  const tab = usePromptLibrary((s) => s.tab);
  const setTab = usePromptLibrary((s) => s.setTab);
  const close = usePromptLibrary((s) => s.close);
  const [search, setSearch] = useState('');
  useEffect(() => {
    if (isOpen) void loadSaved();
  }, [isOpen]);
  return (
    <Dialog
      isOpen={isOpen}
      title={t('title')}
      onClose={close}
      testId="prompt-library"
      className="prompt-library-dialog"
      footer={
        <Button variant="secondary" data-testid="prompt-library-close" onClick={close}>
          {t('close')}
        </Button>
      }
    >
      <div className="prompt-head">
        <div className="segmented" role="radiogroup" aria-label={t('tabs')}>
          {TABS.map((value) => (
            <label key={value} className="segment">
              <input
                type="radio"
                name="prompt-library-tab"
                value={value}
                checked={tab === value}
                data-testid={`prompt-tab-${value}`}
                onChange={() => setTab(value)}
              />
              <span>{t(value)}</span>
            </label>
          ))}
        </div>
        <input
          type="search"
          className="input prompt-search"
          aria-label={t('search')}
          placeholder={t('searchPlaceholder')}
          data-testid="prompt-search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      {isOpen && tab === 'history' && <HistoryTab text={search} />}
      {isOpen && tab === 'saved' && <SavedTab search={search} />}
      {isOpen && tab === 'presets' && <PresetsTab search={search} />}
    </Dialog>
  );
}
