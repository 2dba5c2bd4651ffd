import { parseTemplate } from '../../../../shared/batch/template';
import { describeError } from '../../../../shared/errors';
import { applyPreset, type Preset, type PresetBody } from '../../../../shared/prompts/preset';
import { isModelId } from '../../../../shared/models';
import { useNavigationStore } from '../../app/navigation-store';
import { showToast } from '../../components/toast-store';
import { translate, useLocaleStore } from '../../lib/i18n';
import { call } from '../../lib/wan';
import { toErrorValue } from '../gallery/gallery-loader';
import { useBatchStore } from '../batch/batch-store';
import { inputsOf } from '../studio/inputs-api';
import { formOf, loadIntoStudio, useStudioStore } from '../studio/studio-store';
import { usePromptLibrary } from './prompt-library-store';
import { promptStrings } from './strings';

// What the prompt library does: loads its lists, puts a prompt (or a preset) in the studio,
// saves and deletes. Failures end in a toast; nothing here throws to React.

const PAGE = 30;
const say = (key: keyof typeof promptStrings, params?: Record<string, string | number>): string =>
  translate(promptStrings, key, params);
const reason = (error: unknown): string => describeError(toErrorValue(error), useLocaleStore.getState().locale);
const fail = (error: unknown): void => void showToast('error', say('failed', { reason: reason(error) }));

let historyRequest = 0;

/** The first page for a search (or the next page with `isMore`); a newer request wins over an older one. */
export async function loadHistory(search: string, isMore = false): Promise<void> {
  const store = usePromptLibrary;
  const request = ++historyRequest;
  const cursor = isMore ? (store.getState().nextCursor ?? undefined) : undefined;
  store.setState({ search, isLoading: true, error: null, ...(isMore ? {} : { history: [], nextCursor: null }) });
  try {
    const trimmed = search.trim();
    const page = await call('prompts.history', { search: trimmed || undefined, cursor, limit: PAGE });
    if (request !== historyRequest) return;
    store.setState((s) => ({
      history: isMore ? [...s.history, ...page.items] : page.items,
      nextCursor: page.nextCursor,
      isLoading: false,
    }));
  } catch (error) {
    if (request === historyRequest) store.setState({ isLoading: false, error: reason(error) });
  }
}

export async function loadSaved(): Promise<void> {
  try {
    const [templates, presets] = await Promise.all([
      call('templates.list', undefined),
      call('presets.list', undefined),
    ]);
    usePromptLibrary.setState({ templates, presets });
  } catch (error) {
    fail(error);
  }
}

function toStudio(): void {
  usePromptLibrary.getState().close();
  useNavigationStore.getState().setView('studio');
}

/** The text alone, the rest of the form kept. */
export function sendPromptToStudio(prompt: string): void {
  useStudioStore.getState().setPrompt(prompt);
  toStudio();
}

/** Does the text vary ({a|b} choices or {name}s), so a batch should take it as a template? */
function isTemplateText(text: string): boolean {
  try {
    return parseTemplate(text).some((part) => part.kind !== 'text');
  } catch {
    // Unbalanced braces: a template with a mistake, which the batch panel points out.
    return true;
  }
}

/**
 * "Use in batch": a template (saved by `name`, or history text with choices) becomes the batch's
 * template source; a plain prompt becomes the studio's prompt, made with several seeds.
 */
export function sendToBatch(text: string, savedName?: string): void {
  usePromptLibrary.getState().close();
  const batch = useBatchStore.getState();
  if (isTemplateText(text)) {
    batch.openWith(
      savedName !== undefined
        ? { kind: 'template', savedTemplate: savedName, seeds: 1 }
        : { kind: 'template', savedTemplate: '', templateText: text, seeds: 1 },
    );
    return;
  }
  useStudioStore.getState().setPrompt(text);
  batch.openWith({ kind: 'prompt', seeds: 4 });
}

/** The prompt with the settings (and references) of the generation that last used it. */
export async function sendPromptWithSettings(generationId: string): Promise<void> {
  try {
    const view = await call('generation.get', { generationId });
    usePromptLibrary.getState().close();
    loadIntoStudio(view.generation, inputsOf(view));
  } catch (error) {
    fail(error);
  }
}

/** Saves or deletes a library entry, says so, and reloads the saved lists; false when it failed. */
async function changeSaved(
  change: () => Promise<{ name: string }>,
  message: 'savedToast' | 'deletedToast',
): Promise<boolean> {
  try {
    const { name } = await change();
    showToast(message === 'savedToast' ? 'success' : 'info', say(message, { name }));
    await loadSaved();
    return true;
  } catch (error) {
    fail(error);
    return false;
  }
}

export function saveTemplate(name: string, body: string): Promise<boolean> {
  return changeSaved(() => call('templates.save', { name, kind: 'template', body }), 'savedToast');
}

export async function deleteTemplate(name: string): Promise<void> {
  await changeSaved(() => call('templates.delete', { name }).then(() => ({ name })), 'deletedToast');
}

/** A preset from the studio's current form: the fragments typed, plus its options and palette if asked. */
export function presetFromStudio(
  fragments: { prefix: string; suffix: string },
  include: { options: boolean; palette: boolean },
): PresetBody {
  const form = formOf(useStudioStore.getState());
  return {
    ...fragments,
    palette: include.palette ? form.palette : [],
    options: include.options
      ? {
          model: form.model,
          size: form.size,
          n: form.n,
          thinkingMode: form.thinkingMode,
          watermark: form.watermark,
          ...(form.colorPalette ? { colorPalette: form.colorPalette } : {}),
        }
      : {},
  };
}

export function savePreset(name: string, body: PresetBody): Promise<boolean> {
  return changeSaved(() => call('presets.save', { name, ...body }), 'savedToast');
}

export async function deletePreset(name: string): Promise<void> {
  await changeSaved(() => call('presets.delete', { name }).then(() => ({ name })), 'deletedToast');
}

/** One click: the preset's fragments around the studio's prompt, its options and palette over the form. */
export function applyPresetToStudio(preset: Preset): void {
  const studio = useStudioStore.getState();
  const form = formOf(studio);
  const next = applyPreset(
    { prompt: form.prompt, model: form.model, size: form.size, n: form.n, thinkingMode: form.thinkingMode },
    preset,
  );
  // Model first: changing it resets the size to one the model offers, which the preset may then set.
  if (next.model && isModelId(next.model) && next.model !== form.model) studio.setModel(next.model);
  const o = preset.options;
  if (o.size) useStudioStore.getState().setSize(o.size);
  if (o.n !== undefined) useStudioStore.getState().setN(o.n);
  if (o.thinkingMode !== undefined) useStudioStore.getState().setThinkingMode(o.thinkingMode);
  if (o.watermark !== undefined) useStudioStore.getState().setWatermark(o.watermark);
  if (o.colorPalette !== undefined) useStudioStore.getState().setColorPalette(o.colorPalette);
  if (preset.palette.length > 0) useStudioStore.getState().setPalette(preset.palette.map((e) => ({ ...e })));
  useStudioStore.getState().setPrompt(next.prompt);
  showToast('success', say('appliedToast', { name: preset.name }));
  toStudio();
}
