import { create } from 'zustand';
import { REFERENCE_LIMITS } from '../../../../shared/capabilities';
import { describeError } from '../../../../shared/errors';
import type { InputView } from '../../../../shared/inputs-contract';
import { toErrorValue } from '../../app/app-store';
import { useNavigationStore } from '../../app/navigation-store';
import { showToast } from '../../components/toast-store';
import { translate, useLocaleStore } from '../../lib/i18n';
import { call } from '../../lib/wan';
import { referenceStrings } from './reference-strings';
import { roomLeft } from './references-model';
import { useStudioStore } from './studio-store';

// Adding references: files (picked, dropped, pasted) go through `inputs.add`, library images
// through `inputs.fromImage`. Refusals stay on screen under the strip, each naming its image,
// until dismissed or the next add; notes about re-encoding stay on the thumbnail.

type AddState = {
  pending: number;
  /** Sentences naming an image and why it was not used. */
  refusals: string[];
  dismiss: () => void;
};

export const useReferenceAdds = create<AddState>((set) => ({
  pending: 0,
  refusals: [],
  dismiss: () => set({ refusals: [] }),
}));

const say = (key: keyof typeof referenceStrings, params?: Record<string, string | number>): string =>
  translate(referenceStrings, key, params);

/** Names main already put in its sentence are not repeated. */
function refusal(name: string, error: unknown): string {
  const reason = describeError(toErrorValue(error), useLocaleStore.getState().locale);
  return reason.includes(name) ? reason : say('refused', { name, reason });
}

const EXTENSIONS = /\.(png|jpe?g|webp|bmp)$/i;
export function isAcceptedFile(file: { name: string; type: string }): boolean {
  const subtype = file.type.startsWith('image/') ? file.type.slice(6).replace('jpg', 'jpeg') : '';
  return REFERENCE_LIMITS.formats.includes(subtype) || (file.type === '' && EXTENSIONS.test(file.name));
}

/** Base64 of a file's bytes, in chunks so a 40 MB file does not blow the argument limit. */
export async function base64Of(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

type Source = { name: string; load: () => Promise<InputView> };

async function addSources(sources: readonly Source[], refusals: string[]): Promise<void> {
  const room = roomLeft(useStudioStore.getState().references);
  const accepted = sources.slice(0, room);
  for (const left of sources.slice(room))
    refusals.push(
      say('refused', { name: left.name, reason: say('tooMany', { max: REFERENCE_LIMITS.maxImages, name: left.name }) }),
    );
  useReferenceAdds.setState((s) => ({ pending: s.pending + accepted.length, refusals }));
  // One at a time, in order, so the strip's order is the order the person chose.
  const added: InputView[] = [];
  for (const source of accepted) {
    try {
      added.push(await source.load());
    } catch (error) {
      refusals.push(refusal(source.name, error));
    } finally {
      useReferenceAdds.setState((s) => ({ pending: s.pending - 1 }));
    }
  }
  const outcome = useStudioStore.getState().addReferences(added);
  for (const dup of outcome.duplicates) refusals.push(say('alreadyThere', { name: dup.sha256.slice(0, 8) }));
  for (const over of outcome.overflow)
    refusals.push(say('tooMany', { max: REFERENCE_LIMITS.maxImages, name: over.sha256.slice(0, 8) }));
  useReferenceAdds.setState({ refusals: [...refusals] });
  const count = added.length - outcome.duplicates.length - outcome.overflow.length;
  if (count > 0) showToast('success', say('added', { n: count }));
}

/** Picked, dropped or pasted files, in the order given. */
export async function addFiles(files: readonly File[]): Promise<void> {
  const refusals: string[] = [];
  const usable = files.filter((file) => {
    if (isAcceptedFile(file)) return true;
    refusals.push(say('refused', { name: file.name, reason: say('notImage') }));
    return false;
  });
  await addSources(
    usable.map((file) => ({
      name: file.name,
      load: async () => call('inputs.add', { name: file.name, dataBase64: await base64Of(file) }),
    })),
    refusals,
  );
}

/** Library images ("Use as reference", a tile dropped on the studio). */
export async function addLibraryImages(imageIds: readonly string[], names?: readonly string[]): Promise<void> {
  await addSources(
    imageIds.map((imageId, i) => ({
      name: names?.[i] ?? imageId,
      load: () => call('inputs.fromImage', { imageId }),
    })),
    [],
  );
}

/** From the gallery: add, then show the studio so the person sees where they went. */
export function sendToStudioAsReferences(imageIds: readonly string[], names?: readonly string[]): void {
  useNavigationStore.getState().setView('studio');
  void addLibraryImages(imageIds, names);
}
