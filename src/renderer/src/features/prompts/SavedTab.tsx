import { useState } from 'react';
import type { SavedTemplate } from '../../../../shared/batch/batch-types';
import { parseTemplate, templateNames } from '../../../../shared/batch/template';
import { Button } from '../../components/Button';
import { useT } from '../../lib/i18n';
import { useStudioStore } from '../studio/studio-store';
import { deleteTemplate, saveTemplate, sendPromptToStudio, sendToBatch } from './prompt-actions';
import { usePromptLibrary } from './prompt-library-store';
import { promptStrings } from './strings';
import { NameForm } from './NameForm';

// Saved prompts and templates (the `templates` table): a template's {name} variables and the
// number of {a|b} combinations are shown; lists (values for {name}) are listed but not inserted.

type T = ReturnType<typeof useT<typeof promptStrings>>;

function describe(template: SavedTemplate, t: T): string | null {
  if (template.kind === 'list')
    return t('list', { n: template.body.split(/\r\n|\r|\n/).filter((l) => l.trim()).length });
  try {
    const parts = parseTemplate(template.body);
    const names = templateNames(parts);
    const combos = parts.reduce((n, p) => (p.kind === 'choice' ? n * p.options.length : n), 1);
    const bits = [
      ...(names.length > 0 ? [t('variables', { list: names.map((n) => `{${n}}`).join(' ') })] : []),
      ...(combos > 1 ? [t('choices', { n: combos })] : []),
    ];
    return bits.length > 0 ? bits.join(' · ') : null;
  } catch {
    return null;
  }
}

export function SavedTab({ search }: { search: string }) {
  const t = useT(promptStrings);
  const templates = usePromptLibrary((s) => s.templates);
  const prompt = useStudioStore((s) => s.prompt);
  const [isNaming, setNaming] = useState(false);
  const folded = search.normalize('NFKC').toLowerCase().trim();
  const shown = templates.filter(
    (tpl) => !folded || `${tpl.name}\n${tpl.body}`.normalize('NFKC').toLowerCase().includes(folded),
  );
  return (
    <div className="prompt-tab" data-testid="prompt-saved">
      {isNaming ? (
        <NameForm
          testId="prompt-save-name"
          onCancel={() => setNaming(false)}
          onSave={async (name) => (await saveTemplate(name, prompt.trim())) && setNaming(false)}
        />
      ) : (
        <div>
          <Button
            size="sm"
            data-testid="prompt-save-current"
            disabled={prompt.trim() === ''}
            title={prompt.trim() === '' ? t('emptyPrompt') : undefined}
            onClick={() => setNaming(true)}
          >
            {t('saveCurrent')}
          </Button>
        </div>
      )}
      {shown.length === 0 && <p className="prompt-empty">{templates.length ? t('noMatch') : t('noSaved')}</p>}
      <ul className="prompt-list">
        {shown.map((tpl) => {
          const about = describe(tpl, t);
          return (
            <li key={tpl.id} className="prompt-item" data-testid="prompt-saved-item">
              <h3 className="prompt-name">{tpl.name}</h3>
              <p className="prompt-text">{tpl.body}</p>
              {about && <p className="prompt-meta">{about}</p>}
              <div className="prompt-item-actions">
                {tpl.kind === 'template' && (
                  <Button
                    size="sm"
                    variant="primary"
                    title={t('insertHint')}
                    data-testid="prompt-saved-insert"
                    onClick={() => sendPromptToStudio(tpl.body)}
                  >
                    {t('insert')}
                  </Button>
                )}
                {tpl.kind === 'template' && (
                  <Button
                    size="sm"
                    title={t('useInBatchHint')}
                    data-testid="prompt-saved-batch"
                    onClick={() => sendToBatch(tpl.body, tpl.name)}
                  >
                    {t('useInBatch')}
                  </Button>
                )}
                <Button
                  size="sm"
                  variant="ghost"
                  className="btn-danger-text"
                  aria-label={t('deleteNamed', { name: tpl.name })}
                  onClick={() => void deleteTemplate(tpl.name)}
                >
                  {t('delete')}
                </Button>
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
