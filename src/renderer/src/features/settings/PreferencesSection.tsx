import type { Settings } from '../../../../shared/contract';
import { describeError } from '../../../../shared/errors';
import { MODELS, MODEL_IDS, isModelId, sizesFor } from '../../../../shared/models';
import { toErrorValue, useAppStore } from '../../app/app-store';
import { Field } from '../../components/Field';
import { Select } from '../../components/Select';
import { showToast } from '../../components/toast-store';
import { useLocaleStore, useT } from '../../lib/i18n';
import { settingsStrings } from './strings';

const CONCURRENCY_CHOICES = [1, 2, 3, 4, 5] as const;

function useUpdate(): (patch: Partial<Settings>) => void {
  const updateSettings = useAppStore((s) => s.updateSettings);
  return (patch) => {
    updateSettings(patch).catch((err: unknown) =>
      showToast('error', describeError(toErrorValue(err), useLocaleStore.getState().locale)),
    );
  };
}

export function GenerationDefaultsSection({ settings }: { settings: Settings }) {
  const t = useT(settingsStrings);
  const locale = useLocaleStore((s) => s.locale);
  const update = useUpdate();
  const sizes = sizesFor(settings.defaultModel, false);
  return (
    <section className="settings-section" aria-labelledby="generation-title" data-testid="settings-generation">
      <header className="section-head">
        <div>
          <h2 id="generation-title" className="section-title">
            {t('generation')}
          </h2>
          <p className="section-hint">{t('defaultsHint')}</p>
        </div>
      </header>
      <div className="settings-grid">
        <Field label={t('defaultModel')}>
          {(control) => (
            <Select
              {...control}
              data-testid="settings-default-model"
              value={settings.defaultModel}
              options={MODEL_IDS.map((id) => ({ value: id, label: MODELS[id].label[locale] }))}
              onValueChange={(value) => {
                if (!isModelId(value)) return;
                // Keep the default size valid for the new model (a 4K default cannot stay on the 2K model).
                const isSizeOffered = sizesFor(value, false).some((s) => s.id === settings.defaultSize);
                update({ defaultModel: value, ...(isSizeOffered ? {} : { defaultSize: MODELS[value].defaultSize }) });
              }}
            />
          )}
        </Field>
        <Field label={t('defaultSize')}>
          {(control) => (
            <Select
              {...control}
              data-testid="settings-default-size"
              value={settings.defaultSize}
              options={sizes.map((s) => ({ value: s.id, label: `${s.ratio} · ${s.tier} · ${s.width}×${s.height}` }))}
              onValueChange={(value) => update({ defaultSize: value })}
            />
          )}
        </Field>
        <Field label={t('concurrency')} hint={t('concurrencyHint')}>
          {(control) => (
            <Select
              {...control}
              data-testid="settings-concurrency"
              value={String(settings.concurrency)}
              options={CONCURRENCY_CHOICES.map((n) => ({ value: String(n), label: String(n) }))}
              onValueChange={(value) => update({ concurrency: Number(value) })}
            />
          )}
        </Field>
        <Field label={t('queueTimeout')} hint={t('queueTimeoutHint')}>
          {(control) => (
            <Select
              {...control}
              data-testid="settings-queue-timeout"
              value={String(settings.queueTimeoutMinutes)}
              options={queueTimeoutChoices(settings.queueTimeoutMinutes).map((n) => ({
                value: String(n),
                label: t('minutes', { count: n }),
              }))}
              onValueChange={(value) => update({ queueTimeoutMinutes: Number(value) })}
            />
          )}
        </Field>
      </div>
    </section>
  );
}

export function AppearanceSection({ settings }: { settings: Settings }) {
  const t = useT(settingsStrings);
  const update = useUpdate();
  return (
    <section className="settings-section" aria-labelledby="appearance-title" data-testid="settings-appearance">
      <header className="section-head">
        <h2 id="appearance-title" className="section-title">
          {t('appearance')}
        </h2>
      </header>
      <div className="settings-grid">
        <Field label={t('language')}>
          {(control) => (
            <Select
              {...control}
              data-testid="settings-language"
              value={settings.language}
              options={[
                { value: 'system', label: t('languageSystem') },
                // Each language names itself, so a person can find theirs whatever is showing.
                { value: 'zh-CN', label: '简体中文' },
                { value: 'en', label: 'English' },
              ]}
              onValueChange={(value) => {
                if (value === 'system' || value === 'zh-CN' || value === 'en') update({ language: value });
              }}
            />
          )}
        </Field>
        <Field label={t('theme')}>
          {(control) => (
            <Select
              {...control}
              data-testid="settings-theme"
              value={settings.theme}
              options={[
                { value: 'system', label: t('themeSystem') },
                { value: 'light', label: t('themeLight') },
                { value: 'dark', label: t('themeDark') },
              ]}
              onValueChange={(value) => {
                if (value === 'system' || value === 'light' || value === 'dark') update({ theme: value });
              }}
            />
          )}
        </Field>
      </div>
    </section>
  );
}

/** Common waits, plus whatever is saved (the CLI or an older choice may have set another). */
function queueTimeoutChoices(current: number): number[] {
  return [...new Set([5, 15, 30, 60, 120, 240, current])].sort((a, b) => a - b);
}
