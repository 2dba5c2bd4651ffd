import { useState } from 'react';
import type { Preset } from '../../../../shared/prompts/preset';
import { MODELS, isModelId } from '../../../../shared/models';
import { Button } from '../../components/Button';
import { useLocaleStore, useT } from '../../lib/i18n';
import { applyPresetToStudio, deletePreset, presetFromStudio, savePreset } from './prompt-actions';
import { usePromptLibrary } from './prompt-library-store';
import { NameForm } from './NameForm';
import { promptStrings } from './strings';

// Style presets: fragments around the prompt, a palette and options, applied in one click.

type T = ReturnType<typeof useT<typeof promptStrings>>;

function summary(preset: Preset, t: T, locale: 'en' | 'zh-CN'): string {
  const o = preset.options;
  const bits: string[] = [];
  if (o.model) bits.push(isModelId(o.model) ? MODELS[o.model].label[locale] : o.model);
  if (o.size) bits.push(o.size);
  if (o.n !== undefined) bits.push(t('images', { n: o.n }));
  if (o.thinkingMode !== undefined) bits.push(o.thinkingMode ? t('thinkingOn') : t('thinkingOff'));
  if (preset.palette.length > 0) bits.push(t('colors', { n: preset.palette.length }));
  return bits.join(' · ');
}

function PresetForm({ onDone }: { onDone: () => void }) {
  const t = useT(promptStrings);
  const [prefix, setPrefix] = useState('');
  const [suffix, setSuffix] = useState('');
  const [hasOptions, setOptions] = useState(true);
  const [hasPalette, setPalette] = useState(true);
  const save = async (name: string): Promise<void> => {
    const body = presetFromStudio({ prefix, suffix }, { options: hasOptions, palette: hasPalette });
    if (await savePreset(name, body)) onDone();
  };
  return (
    <NameForm testId="preset-name" onSave={save} onCancel={onDone}>
      <label className="prompt-field">
        <span className="field-label">{t('prefix')}</span>
        <input
          className="input"
          data-testid="preset-prefix"
          value={prefix}
          onChange={(e) => setPrefix(e.target.value)}
        />
      </label>
      <label className="prompt-field">
        <span className="field-label">{t('suffix')}</span>
        <input
          className="input"
          data-testid="preset-suffix"
          value={suffix}
          onChange={(e) => setSuffix(e.target.value)}
        />
      </label>
      <label className="prompt-check">
        <input type="checkbox" checked={hasOptions} onChange={(e) => setOptions(e.target.checked)} />
        <span>{t('keepOptions')}</span>
      </label>
      <label className="prompt-check">
        <input type="checkbox" checked={hasPalette} onChange={(e) => setPalette(e.target.checked)} />
        <span>{t('keepPalette')}</span>
      </label>
    </NameForm>
  );
}

export function PresetsTab({ search }: { search: string }) {
  const t = useT(promptStrings);
  const locale = useLocaleStore((s) => s.locale);
  const presets = usePromptLibrary((s) => s.presets);
  const [isEditing, setEditing] = useState(false);
  const folded = search.normalize('NFKC').toLowerCase().trim();
  const shown = presets.filter(
    (p) => !folded || `${p.name}\n${p.prefix}\n${p.suffix}`.normalize('NFKC').toLowerCase().includes(folded),
  );
  return (
    <div className="prompt-tab" data-testid="prompt-presets">
      <p className="prompt-meta">{t('presetIntro')}</p>
      {isEditing ? (
        <PresetForm onDone={() => setEditing(false)} />
      ) : (
        <div>
          <Button size="sm" data-testid="preset-new" onClick={() => setEditing(true)}>
            {t('newPreset')}
          </Button>
        </div>
      )}
      {shown.length === 0 && <p className="prompt-empty">{presets.length ? t('noMatch') : t('noPresets')}</p>}
      <ul className="prompt-list">
        {shown.map((preset) => (
          <li key={preset.id} className="prompt-item" data-testid="preset-item">
            <h3 className="prompt-name">{preset.name}</h3>
            {(preset.prefix || preset.suffix) && (
              <p className="prompt-text">
                {preset.prefix && <span>{preset.prefix} … </span>}
                {!preset.prefix && <span>… </span>}
                {preset.suffix}
              </p>
            )}
            {summary(preset, t, locale) && <p className="prompt-meta">{summary(preset, t, locale)}</p>}
            <div className="prompt-item-actions">
              <Button
                size="sm"
                variant="primary"
                title={t('applyHint')}
                data-testid="preset-apply"
                onClick={() => applyPresetToStudio(preset)}
              >
                {t('apply')}
              </Button>
              <Button
                size="sm"
                variant="ghost"
                className="btn-danger-text"
                aria-label={t('deleteNamed', { name: preset.name })}
                onClick={() => void deletePreset(preset.name)}
              >
                {t('delete')}
              </Button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
