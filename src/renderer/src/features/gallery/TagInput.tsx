import { useEffect, useState } from 'react';
import { useT } from '../../lib/i18n';
import { selectionStrings } from './selection-strings';
import { ensureTags, parseTags, suggestTags, useTagStore } from './tag-store';

// Typing a tag: Enter (or a comma, ASCII or Chinese) adds what is typed; suggestions from tags
// already in use sit underneath as buttons. Enter while an input method is composing belongs to
// the input method (it picks the candidate), never to us.

type TagInputProps = {
  /** Tags the image or images already carry: not suggested again. */
  existing: readonly string[];
  onAdd: (tags: string[]) => void;
  testId: string;
  autoFocus?: boolean;
};

export function TagInput({ existing, onAdd, testId, autoFocus }: TagInputProps) {
  const t = useT(selectionStrings);
  const all = useTagStore((s) => s.tags);
  const [text, setText] = useState('');
  const suggestions = suggestTags(all, text, existing, 6);

  useEffect(() => ensureTags(), []);

  const commit = (value: string): void => {
    const tags = parseTags(value).filter((tag) => !existing.includes(tag));
    setText('');
    if (tags.length > 0) onAdd(tags);
  };

  return (
    <div className="tag-input">
      <input
        className="input"
        data-testid={testId}
        aria-label={t('addTag')}
        placeholder={t('addTagPlaceholder')}
        value={text}
        maxLength={200}
        autoFocus={autoFocus}
        onChange={(e) => {
          const value = e.target.value;
          // A typed comma ends a tag, as in most tag fields.
          if (/[,，、]$/.test(value) && !(e.nativeEvent as InputEvent).isComposing) commit(value);
          else setText(value);
        }}
        onKeyDown={(e) => {
          if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
          e.preventDefault();
          commit(text);
        }}
      />
      {suggestions.length > 0 && (
        <div className="tag-suggestions" role="group" aria-label={t('tagSuggestions')}>
          {suggestions.map((name) => (
            <button key={name} type="button" className="chip" data-testid="tag-suggestion" onClick={() => commit(name)}>
              + {name}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/** A tag as a removable chip. */
export function TagChip({ name, onRemove, removeLabel }: { name: string; onRemove?: () => void; removeLabel: string }) {
  return (
    <span className="tag-chip" data-testid="tag-chip">
      <span className="tag-chip-name" title={name}>
        {name}
      </span>
      {onRemove && (
        <button
          type="button"
          className="tag-chip-remove"
          aria-label={removeLabel}
          title={removeLabel}
          onClick={onRemove}
        >
          ×
        </button>
      )}
    </span>
  );
}
