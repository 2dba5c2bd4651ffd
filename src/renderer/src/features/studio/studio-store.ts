import { create } from 'zustand';
import type { PaletteEntry } from '../../../../shared/capabilities';
import type { GenerationInputView, InputView } from '../../../../shared/inputs-contract';
import type { GenerationRecord } from '../../../../shared/library-types';
import type { ModelId } from '../../../../shared/models';
import { useNavigationStore } from '../../app/navigation-store';
import type { EditBox } from './box-geometry';
import { appendReferences, moveItem, removeAt, type AddOutcome } from './references-model';
import { EMPTY_RECALL, remember, stepRecall, type PromptRecall, type RecallDirection } from './prompt-history';
import {
  DEFAULT_FORM,
  formFromRecord,
  randomSeed,
  setEntryOf,
  withDefaults,
  withModel,
  withReferences,
  withSequential,
  type GenerationMode,
  type SetEntry,
  type StudioForm,
} from './studio-form';

// The studio's form and prompt history. Pure TS (no React, no window) so it tests in Node; the
// rules between fields live in studio-form.ts.

export type StudioState = StudioForm & {
  recall: PromptRecall;
  /** Settings' defaults are applied once, and never over a form the person already touched. */
  isTouched: boolean;
  isSubmitting: boolean;
  /** The count before image sets raised it, restored when they are switched off again. */
  setEntry: SetEntry | null;

  setPrompt: (prompt: string) => void;
  setModel: (model: ModelId) => void;
  setSize: (size: string) => void;
  setN: (n: number) => void;
  setSeedText: (text: string) => void;
  rollSeed: (random?: () => number) => void;
  setSeedLocked: (isLocked: boolean) => void;
  setSequential: (isSequential: boolean) => void;
  setThinkingMode: (isOn: boolean) => void;
  setColorPalette: (palette: string) => void;
  setWatermark: (isOn: boolean) => void;
  /** Appends stored inputs as references (in order); says which were already there or did not fit. */
  addReferences: (inputs: readonly InputView[]) => AddOutcome;
  removeReference: (index: number) => void;
  moveReference: (from: number, to: number) => void;
  setBoxes: (index: number, boxes: EditBox[]) => void;
  setPalette: (palette: PaletteEntry[]) => void;
  setMode: (mode: GenerationMode) => void;
  /** Returns whether the prompt changed (so the key press can be swallowed). */
  recallPrompt: (direction: RecallDirection) => boolean;
  setHistory: (prompts: readonly string[]) => void;
  rememberPrompt: (prompt: string) => void;
  applyDefaults: (defaults: { defaultModel: string; defaultSize: string }) => void;
  loadFromRecord: (record: GenerationRecord, inputs?: readonly GenerationInputView[]) => void;
  setSubmitting: (isSubmitting: boolean) => void;
};

export function formOf(state: StudioForm): StudioForm {
  const { prompt, model, size, n, seedText, isSeedLocked, isSequential, thinkingMode, colorPalette } = state;
  const { references, palette, watermark, mode } = state;
  return {
    prompt,
    model,
    size,
    n,
    seedText,
    isSeedLocked,
    isSequential,
    thinkingMode,
    colorPalette,
    references,
    palette,
    watermark,
    mode,
  };
}

export const useStudioStore = create<StudioState>((set, get) => {
  const edit = (patch: Partial<StudioState>): void => set({ ...patch, isTouched: true });
  return {
    ...DEFAULT_FORM,
    recall: EMPTY_RECALL,
    isTouched: false,
    isSubmitting: false,
    setEntry: null,

    // Typing makes the text a fresh draft: ↑ starts again from the newest prompt.
    setPrompt: (prompt) => edit({ prompt, recall: { ...get().recall, index: -1 } }),
    setModel: (model) => edit(withModel(formOf(get()), model)),
    setSize: (size) => edit({ size }),
    setN: (n) => edit({ n }),
    // Typing a seed means "use this one", so it locks; clearing it goes back to random.
    setSeedText: (seedText) => edit({ seedText, isSeedLocked: seedText.trim() !== '' }),
    rollSeed: (random) => edit({ seedText: String(randomSeed(random)), isSeedLocked: true }),
    setSeedLocked: (isSeedLocked) => edit({ isSeedLocked }),
    setSequential: (isSequential) => {
      const before = formOf(get());
      const after = withSequential(before, isSequential, get().setEntry);
      edit({ ...after, setEntry: isSequential ? (setEntryOf(before, after) ?? get().setEntry) : null });
    },
    setThinkingMode: (thinkingMode) => edit({ thinkingMode }),
    setColorPalette: (colorPalette) => edit({ colorPalette }),
    setWatermark: (watermark) => edit({ watermark }),
    setMode: (mode) => edit({ mode }),
    addReferences: (inputs) => {
      const outcome = appendReferences(get().references, inputs);
      if (outcome.references.length !== get().references.length)
        edit(withReferences(formOf(get()), outcome.references));
      return outcome;
    },
    removeReference: (index) => edit(withReferences(formOf(get()), removeAt(get().references, index))),
    moveReference: (from, to) => edit({ references: moveItem(get().references, from, to) }),
    setBoxes: (index, boxes) =>
      edit({ references: get().references.map((r, i) => (i === index ? { input: r.input, boxes } : r)) }),
    setPalette: (palette) => edit({ palette }),

    recallPrompt: (direction) => {
      const step = stepRecall(get().recall, get().prompt, direction);
      if (!step) return false;
      set({ recall: step.recall, prompt: step.prompt });
      return true;
    },
    setHistory: (prompts) => set({ recall: { ...get().recall, history: [...prompts], index: -1 } }),
    rememberPrompt: (prompt) =>
      set({ recall: { history: remember(get().recall.history, prompt), index: -1, draft: '' } }),

    applyDefaults: (defaults) => {
      if (get().isTouched) return;
      set({ ...withDefaults(formOf(get()), defaults), isTouched: true });
    },
    loadFromRecord: (record, inputs) =>
      set({
        ...formFromRecord(record, inputs),
        recall: { ...get().recall, index: -1 },
        isTouched: true,
        setEntry: null,
      }),
    setSubmitting: (isSubmitting) => set({ isSubmitting }),
  };
});

/** "Edit in studio": fills the form from a record (and its references) and switches to the Studio view. */
export function loadIntoStudio(record: GenerationRecord, inputs: readonly GenerationInputView[] = []): void {
  useStudioStore.getState().loadFromRecord(record, inputs);
  useNavigationStore.getState().setView('studio');
}
