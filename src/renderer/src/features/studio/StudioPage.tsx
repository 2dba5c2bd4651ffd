import { useMemo, useState, type ClipboardEvent, type DragEvent, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../app/app-store';
import { Button } from '../../components/Button';
import { useBatchStore } from '../batch/batch-store';
import { batchStrings } from '../batch/strings';
import { useLocaleStore, useT } from '../../lib/i18n';
import { PromptLibraryButton, PromptLibraryDialog } from '../prompts/PromptLibraryDialog';
import { GenerateBar, useGenerateBlock } from './GenerateBar';
import { imageIdsOf, isFileDrag, isImageDrag } from './image-drag';
import { ModeNote } from './ModeNote';
import { CountField, SeedField } from './NumberFields';
import { DeliveryField, ModeSwitches, ModelField, PaletteField } from './OptionFields';
import { PaletteEditor } from './PaletteEditor';
import { PromptField } from './PromptField';
import { referenceStrings } from './reference-strings';
import { ReferenceStrip } from './ReferenceStrip';
import { addFiles, addLibraryImages } from './references-actions';
import { SizePicker } from './SizePicker';
import { generate } from './studio-actions';
import { validateForm } from './studio-form';
import { formOf, useStudioStore } from './studio-store';
import { studioStrings } from './strings';
import './studio.css';
import './references.css';
import './palette.css';

export function StudioPage() {
  const t = useT(studioStrings);
  const tb = useT(batchStrings);
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

  // Files and library images dropped anywhere on the studio become references; a reorder inside
  // the strip is handled there and never reaches this.
  const [isDropping, setIsDropping] = useState(false);
  const tr = useT(referenceStrings);
  const onDragOver = (e: DragEvent<HTMLElement>): void => {
    if (!isFileDrag(e.dataTransfer) && !isImageDrag(e.dataTransfer)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setIsDropping(true);
  };
  const onDrop = (e: DragEvent<HTMLElement>): void => {
    setIsDropping(false);
    if (isImageDrag(e.dataTransfer)) {
      e.preventDefault();
      void addLibraryImages(imageIdsOf(e.dataTransfer));
    } else if (isFileDrag(e.dataTransfer)) {
      e.preventDefault();
      void addFiles([...e.dataTransfer.files]);
    }
  };
  // Only pasted images are taken; pasted text goes on into the prompt as usual.
  const onPaste = (e: ClipboardEvent<HTMLElement>): void => {
    const files = [...e.clipboardData.files].filter((f) => f.type.startsWith('image/'));
    if (files.length === 0) return;
    e.preventDefault();
    void addFiles(files.map((f, i) => (f.name ? f : new File([f], `pasted-${i + 1}.png`, { type: f.type }))));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLElement>): void => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <>
      <section
        className={isDropping ? 'studio is-dropping' : 'studio'}
        aria-labelledby="studio-title"
        data-testid="studio"
        onKeyDown={onKeyDown}
        onDragOver={onDragOver}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setIsDropping(false);
        }}
        onDrop={onDrop}
        onPaste={onPaste}
      >
        <header className="page-head">
          <h1 id="studio-title" className="page-title">
            {t('title')}
          </h1>
          <div className="page-head-actions">
            <PromptLibraryButton />
            <Button size="sm" data-testid="open-batch" onClick={() => useBatchStore.getState().open()}>
              {tb('open')}
            </Button>
          </div>
        </header>
        <div className="studio-scroll">
          <PromptField error={promptError} />
          <ReferenceStrip error={errors.references ?? errors.boxes} />
          <ModeNote />
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
          <PaletteEditor error={errors.palette} />
        </div>
        {isDropping && (
          <div className="studio-drop" aria-hidden="true">
            {tr('dropHere')}
          </div>
        )}
        <GenerateBar invalidReason={invalidReason} block={block} onGenerate={submit} />
      </section>
      {/* Outside the studio section, so its drop, paste and Ctrl+Enter handlers stay out of the dialog. */}
      <PromptLibraryDialog />
    </>
  );
}
