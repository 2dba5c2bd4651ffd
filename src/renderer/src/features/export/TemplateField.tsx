import { useId, useRef } from 'react';
import type { ExportSelection } from '../../../../shared/contract';
import { templateProblem, type TemplateCheck } from '../../../../shared/export-names';
import { DEFAULT_TEMPLATE } from '../../../../shared/export-types';
import { useLocaleStore, useT } from '../../lib/i18n';
import { insertToken, type ExportForm } from './export-form';
import { useExportPreview } from './use-export-preview';
import { exportStrings } from './strings';

// The file-name template: a text field, token chips that insert at the caret, the problem with
// the template in words, and the paths the first selected images will really get.

const TOKENS = [
  { token: '{date}', label: 'tokenDate' },
  { token: '{time}', label: 'tokenTime' },
  { token: '{prompt:24}', label: 'tokenPrompt' },
  { token: '{seed}', label: 'tokenSeed' },
  { token: '{index}', label: 'tokenIndex' },
  { token: '{model}', label: 'tokenModel' },
  { token: '{size}', label: 'tokenSize' },
  { token: '{id}', label: 'tokenId' },
] as const satisfies readonly { token: string; label: keyof typeof exportStrings }[];

type TemplateFieldProps = {
  form: ExportForm;
  problem: Exclude<TemplateCheck, { ok: true }> | null;
  /** What is exported: main plans the preview's names for exactly this. */
  selection: ExportSelection;
  onChange: (template: string) => void;
};

export function TemplateField({ form, problem, selection, onChange }: TemplateFieldProps) {
  const t = useT(exportStrings);
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const preview = useExportPreview(form, selection);
  const paths = problem ? null : (preview?.paths ?? null);
  const count = preview?.total ?? 0;
  const locale = useLocaleStore((s) => s.locale);
  // The same sentence the CLI prints for this template (shared/export-names.ts).
  const error = problem ? (templateProblem(problem, locale) ?? undefined) : undefined;

  const insert = (token: string): void => {
    const input = inputRef.current;
    const start = input?.selectionStart ?? form.template.length;
    const end = input?.selectionEnd ?? start;
    const next = insertToken(form.template, token, start, end);
    onChange(next.template);
    // After React has put the new text in, the caret goes just past the token.
    requestAnimationFrame(() => {
      input?.focus();
      input?.setSelectionRange(next.caret, next.caret);
    });
  };

  return (
    <div className="field export-template" data-testid="export-template-field">
      <div className="field-head">
        <label className="field-label" htmlFor={id}>
          {t('template')}
        </label>
        <button
          type="button"
          className="link-button"
          data-testid="export-template-reset"
          disabled={form.template === DEFAULT_TEMPLATE}
          onClick={() => onChange(DEFAULT_TEMPLATE)}
        >
          {t('resetTemplate')}
        </button>
      </div>
      <input
        id={id}
        ref={inputRef}
        className="input mono"
        data-testid="export-template"
        value={form.template}
        maxLength={300}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-problem ${id}-hint`}
        onChange={(e) => onChange(e.target.value)}
      />
      <div className="chips export-tokens" role="group" aria-label={t('tokens')}>
        {TOKENS.map(({ token, label }) => (
          <button
            key={token}
            type="button"
            className="chip"
            data-testid="export-token"
            title={t('insertToken', { token })}
            onClick={() => insert(token)}
          >
            <span className="mono">{token}</span> {t(label)}
          </button>
        ))}
      </div>
      {error ? (
        <p id={`${id}-problem`} className="field-error" role="alert" data-testid="export-template-error">
          {error}
        </p>
      ) : (
        <p id={`${id}-hint`} className="field-hint">
          {t('templateHint')}
        </p>
      )}
      {paths !== null && (
        <div className="export-preview" aria-live="polite">
          <h3 className="export-preview-title">{t('preview')}</h3>
          {paths.length === 0 ? (
            <p className="field-hint">{t('previewNone')}</p>
          ) : (
            <ul className="export-preview-list" data-testid="export-preview">
              {paths.map((path, i) => (
                <li key={i} className="mono" title={path}>
                  {path}
                </li>
              ))}
              {count > paths.length && (
                <li className="export-preview-more">{t('previewMore', { n: count - paths.length })}</li>
              )}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
