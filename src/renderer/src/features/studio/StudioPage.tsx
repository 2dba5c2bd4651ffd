import { useMemo, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../app/app-store';
import { useLocaleStore, useT } from '../../lib/i18n';
import { GenerateBar, useGenerateBlock } from './GenerateBar';
import { CountField, SeedField } from './NumberFields';
import { DeliveryField, ModeSwitches, ModelField, PaletteField } from './OptionFields';
import { PromptField } from './PromptField';
import { SizePicker } from './SizePicker';
import { generate } from './studio-actions';
import { validateForm } from './studio-form';
import { formOf, useStudioStore } from './studio-store';
import { studioStrings } from './strings';
import './studio.css';

export function StudioPage() {
  const t = useT(studioStrings);
  const locale = useLocaleStore((s) => s.locale);
  const form = useStudioStore(useShallow(formOf));
  const activeProfileId = useAppStore((s) => s.settings?.activeProfileId);
  const block = useGenerateBlock();
  const validation = useMemo(() => validateForm(form, locale), [form, locale]);
  const errors = validation.ok ? {} : validation.fieldErrors;
  // An empty prompt is the normal starting state, not a mistake: say so only after typing.
  const promptError = form.prompt === '' ? undefined : errors.prompt;
  const invalidReason = validation.ok ? null : form.prompt === '' && errors.prompt ? errors.prompt : t('blockInvalid');

  const submit = (): void => {
    if (!validation.ok || block !== null) return;
    void generate(locale, activeProfileId ?? undefined);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLElement>): void => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <section className="studio" aria-labelledby="studio-title" data-testid="studio" onKeyDown={onKeyDown}>
      <header className="page-head">
        <h1 id="studio-title" className="page-title">
          {t('title')}
        </h1>
      </header>
      <div className="studio-scroll">
        <PromptField error={promptError} />
        <div className="studio-grid">
          <ModelField error={errors.model} />
          <DeliveryField />
        </div>
        <SizePicker error={errors.size} />
        <div className="studio-grid">
          <CountField error={errors.n} />
          <SeedField error={errors.seed} />
        </div>
        <ModeSwitches />
        <PaletteField error={errors.colorPalette} />
      </div>
      <GenerateBar invalidReason={invalidReason} block={block} onGenerate={submit} />
    </section>
  );
}
