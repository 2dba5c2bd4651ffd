import { useMemo } from 'react';
import { diffCounts, diffPrompts } from '../../../../shared/prompt-diff';
import { Button } from '../../components/Button';
import { useT } from '../../lib/i18n';
import { useNavigationStore } from '../../app/navigation-store';
import { useStudioStore } from '../studio/studio-store';
import { detailStrings } from './detail-strings';
import { galleryStore } from './gallery-store';

// The model's rewrite of the prompt, and what it changed, word by word. Changes are marked by
// underline and strike-through (and words for screen readers), not by colour alone.

/** Puts the revised text in the studio as the next prompt, keeping the rest of the form. */
export function sendRevisedToStudio(text: string): void {
  useStudioStore.getState().setPrompt(text);
  galleryStore.getState().close();
  useNavigationStore.getState().setView('studio');
}

export function RevisedPrompt({ prompt, revised }: { prompt: string; revised: string }) {
  const t = useT(detailStrings);
  const parts = useMemo(() => diffPrompts(prompt, revised), [prompt, revised]);
  const counts = diffCounts(parts);
  return (
    <div className="detail-revised">
      <h4 className="detail-subheading">{t('revisedPrompt')}</h4>
      <p data-testid="detail-revised-prompt">{revised}</p>
      <details className="detail-diff" open>
        <summary data-testid="detail-diff-summary">
          {t('diffSummary', { added: counts.added, removed: counts.removed })}
        </summary>
        <p className="detail-diff-text" data-testid="detail-revised-diff">
          {parts.map((part, i) =>
            part.kind === 'same' ? (
              <span key={i}>{part.text}</span>
            ) : part.kind === 'added' ? (
              <ins key={i}>
                <span className="visually-hidden">{t('diffAdded')}</span>
                {part.text}
                <span className="visually-hidden">{t('diffEnd')}</span>
              </ins>
            ) : (
              <del key={i}>
                <span className="visually-hidden">{t('diffRemoved')}</span>
                {part.text}
                <span className="visually-hidden">{t('diffEnd')}</span>
              </del>
            ),
          )}
        </p>
      </details>
      <Button size="sm" data-testid="detail-use-revised" onClick={() => sendRevisedToStudio(revised)}>
        {t('useRevised')}
      </Button>
    </div>
  );
}
