import { MODE_RULES } from '../../../../shared/capabilities';
import { COLOR_PALETTE_PRESETS, MODELS, MODEL_IDS, isModelId } from '../../../../shared/models';
import { Field, FieldSet } from '../../components/Field';
import { Select } from '../../components/Select';
import { Switch } from '../../components/Switch';
import { useLocaleStore, useT } from '../../lib/i18n';
import { referenceStrings } from './reference-strings';
import { studioStrings } from './strings';
import { formModeOf } from './studio-form';
import { useStudioStore } from './studio-store';

/** The mode table's row for the form as it stands. */
function useModeRule() {
  const isSequential = useStudioStore((s) => s.isSequential);
  const references = useStudioStore((s) => s.references);
  return MODE_RULES[formModeOf({ isSequential, references })];
}

export function ModelField({ error }: { error: string | undefined }) {
  const t = useT(studioStrings);
  const locale = useLocaleStore((s) => s.locale);
  const model = useStudioStore((s) => s.model);
  const setModel = useStudioStore((s) => s.setModel);
  return (
    <Field label={t('model')} error={error} className="model-field">
      {(control) => (
        <Select
          {...control}
          data-testid="model"
          value={model}
          options={MODEL_IDS.map((id) => ({ value: id, label: MODELS[id].label[locale] }))}
          onValueChange={(value) => {
            if (isModelId(value)) setModel(value);
          }}
        />
      )}
    </Field>
  );
}

export function ModeSwitches() {
  const t = useT(studioStrings);
  const tr = useT(referenceStrings);
  const rule = useModeRule();
  const isSequential = useStudioStore((s) => s.isSequential);
  const thinkingMode = useStudioStore((s) => s.thinkingMode);
  const watermark = useStudioStore((s) => s.watermark);
  const setSequential = useStudioStore((s) => s.setSequential);
  const setThinkingMode = useStudioStore((s) => s.setThinkingMode);
  const setWatermark = useStudioStore((s) => s.setWatermark);
  return (
    <FieldSet legend={t('options')} className="switches">
      <Switch
        label={t('sequential')}
        description={t('sequentialHint')}
        isOn={isSequential}
        onChange={setSequential}
        testId="sequential"
      />
      <Switch
        label={t('thinking')}
        description={t('thinkingHint')}
        // Shown as it will be sent: off wherever upstream ignores it.
        isOn={thinkingMode && rule.hasThinking}
        onChange={setThinkingMode}
        disabledReason={rule.hasThinking ? undefined : tr('thinkingOff')}
        testId="thinking"
      />
      <Switch
        label={t('watermark')}
        description={t('watermarkHint')}
        isOn={watermark}
        onChange={setWatermark}
        testId="watermark"
      />
    </FieldSet>
  );
}

export function PaletteField({ error }: { error: string | undefined }) {
  const t = useT(studioStrings);
  const palette = useStudioStore((s) => s.colorPalette);
  const isSequential = !useModeRule().allowsPalette;
  const setPalette = useStudioStore((s) => s.setColorPalette);
  return (
    <Field
      label={t('palette')}
      error={error}
      hint={isSequential ? t('singleOnly') : t('paletteHint')}
      className={isSequential ? 'palette-field is-disabled' : 'palette-field'}
    >
      {(control) => (
        <>
          <input
            {...control}
            type="text"
            className="input"
            data-testid="palette"
            value={palette}
            disabled={isSequential}
            title={isSequential ? t('singleOnly') : undefined}
            placeholder={t('palettePlaceholder')}
            onChange={(e) => setPalette(e.target.value)}
          />
          <div className="chips" role="group" aria-label={t('palettePresets')}>
            {COLOR_PALETTE_PRESETS.map((preset) => (
              <button
                key={preset}
                type="button"
                className="chip"
                lang="zh-CN"
                aria-pressed={palette.trim() === preset}
                disabled={isSequential}
                onClick={() => setPalette(palette.trim() === preset ? '' : preset)}
              >
                {preset}
              </button>
            ))}
          </div>
        </>
      )}
    </Field>
  );
}

export function DeliveryField() {
  const t = useT(studioStrings);
  const mode = useStudioStore((s) => s.mode);
  const setMode = useStudioStore((s) => s.setMode);
  return (
    <FieldSet legend={t('delivery')} hint={t(mode === 'async' ? 'asyncHint' : 'syncHint')} className="delivery">
      <div className="segmented" data-testid="delivery">
        {(['async', 'sync'] as const).map((value) => (
          <label key={value} className="segment">
            <input
              type="radio"
              name="delivery"
              value={value}
              checked={mode === value}
              data-testid={`delivery-${value}`}
              onChange={() => setMode(value)}
            />
            <span>{t(value)}</span>
          </label>
        ))}
      </div>
    </FieldSet>
  );
}
