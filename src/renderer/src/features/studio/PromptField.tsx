import type { KeyboardEvent } from 'react';
import { PROMPT_MAX_CHARS, countChars } from '../../../../shared/models';
import { Field } from '../../components/Field';
import { useT } from '../../lib/i18n';
import { studioStrings } from './strings';
import { useStudioStore } from './studio-store';

/** Ctrl/Cmd+Enter is handled by the studio around it, so it works from every field. */
export function PromptField({ error }: { error: string | undefined }) {
  const t = useT(studioStrings);
  const prompt = useStudioStore((s) => s.prompt);
  const setPrompt = useStudioStore((s) => s.setPrompt);
  const recallPrompt = useStudioStore((s) => s.recallPrompt);
  const count = countChars(prompt);
  const isOver = count > PROMPT_MAX_CHARS;

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const el = e.currentTarget;
    const isCollapsed = el.selectionStart === el.selectionEnd;
    // Only at the very start (↑) or end (↓), so arrow keys still move between lines inside a prompt.
    const direction =
      e.key === 'ArrowUp' && isCollapsed && el.selectionStart === 0
        ? 'older'
        : e.key === 'ArrowDown' && isCollapsed && el.selectionEnd === el.value.length
          ? 'newer'
          : null;
    if (direction && recallPrompt(direction)) {
      e.preventDefault();
      // Put the caret where the next press of the same key continues the walk.
      requestAnimationFrame(() => {
        const end = direction === 'older' ? 0 : el.value.length;
        el.setSelectionRange(end, end);
      });
    }
  };

  return (
    <Field
      label={t('prompt')}
      error={error}
      hint={t('promptHint')}
      className="prompt-field"
      aside={
        <span
          className={isOver ? 'char-count is-over' : 'char-count'}
          data-testid="prompt-count"
          aria-live={isOver ? 'polite' : 'off'}
        >
          {t('charCount', { count, max: PROMPT_MAX_CHARS })}
        </span>
      }
    >
      {(control) => (
        <textarea
          {...control}
          className="prompt-input"
          data-testid="prompt"
          rows={6}
          value={prompt}
          placeholder={t('promptPlaceholder')}
          spellCheck={false}
          onChange={(e) => setPrompt(e.target.value)}
          onKeyDown={onKeyDown}
        />
      )}
    </Field>
  );
}
