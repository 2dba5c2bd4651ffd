import { useEffect } from 'react';
import type { PromptHistoryItem } from '../../../../shared/prompts/prompt-contract';
import { Button } from '../../components/Button';
import { useLocaleStore, useT } from '../../lib/i18n';
import { loadHistory, sendPromptToStudio, sendPromptWithSettings, sendToBatch } from './prompt-actions';
import { usePromptLibrary } from './prompt-library-store';
import { promptStrings } from './strings';

// Every prompt ever sent, newest use first, searchable; each with a few of its images.

const SEARCH_DELAY_MS = 200;

function HistoryItem({ item }: { item: PromptHistoryItem }) {
  const t = useT(promptStrings);
  const locale = useLocaleStore((s) => s.locale);
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(item.lastUsedAt);
  return (
    <li className="prompt-item" data-testid="prompt-history-item">
      {item.thumbnails.length > 0 && (
        <div className="prompt-thumbs" role="group" aria-label={t('thumbnailsOf')}>
          {item.thumbnails.map((thumb) => (
            <img key={thumb.imageId} src={thumb.url} alt="" loading="lazy" />
          ))}
        </div>
      )}
      <p className="prompt-text">{item.prompt}</p>
      <div className="prompt-meta">
        <span data-testid="prompt-uses">{t('uses', { n: item.uses })}</span>
        <span>{t('lastUsed', { when })}</span>
      </div>
      <div className="prompt-item-actions">
        <Button
          size="sm"
          variant="primary"
          title={t('loadHint')}
          data-testid="prompt-history-use"
          onClick={() => sendPromptToStudio(item.prompt)}
        >
          {t('load')}
        </Button>
        <Button
          size="sm"
          variant="ghost"
          title={t('loadWithSettingsHint')}
          data-testid="prompt-history-use-settings"
          onClick={() => void sendPromptWithSettings(item.lastGenerationId)}
        >
          {t('loadWithSettings')}
        </Button>
        <Button
          size="sm"
          variant="ghost"
          title={t('useInBatchHint')}
          data-testid="prompt-history-batch"
          onClick={() => sendToBatch(item.prompt)}
        >
          {t('useInBatch')}
        </Button>
      </div>
    </li>
  );
}

/** `text`: the dialog's search box, queried after a short pause in typing. */
export function HistoryTab({ text }: { text: string }) {
  const t = useT(promptStrings);
  const search = usePromptLibrary((s) => s.search);
  const items = usePromptLibrary((s) => s.history);
  const nextCursor = usePromptLibrary((s) => s.nextCursor);
  const isLoading = usePromptLibrary((s) => s.isLoading);
  const error = usePromptLibrary((s) => s.error);

  // Typing waits a moment so each key press does not become a query.
  useEffect(() => {
    const timer = setTimeout(() => void loadHistory(text), text === search ? 0 : SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
    // Only the typed text starts a search; `search` follows it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);

  return (
    <div className="prompt-tab" data-testid="prompt-history">
      {error && (
        <p className="prompt-error" role="alert">
          {t('loadFailed', { reason: error })}
        </p>
      )}
      {items.length === 0 && !isLoading && !error && (
        <p className="prompt-empty">{search.trim() ? t('noMatch') : t('noHistory')}</p>
      )}
      <ul className="prompt-list">
        {items.map((item) => (
          <HistoryItem key={item.prompt} item={item} />
        ))}
      </ul>
      {isLoading && <p className="prompt-empty">{t('loading')}</p>}
      {nextCursor && !isLoading && (
        <Button
          size="sm"
          variant="ghost"
          data-testid="prompt-history-more"
          onClick={() => void loadHistory(search, true)}
        >
          {t('more')}
        </Button>
      )}
    </div>
  );
}
