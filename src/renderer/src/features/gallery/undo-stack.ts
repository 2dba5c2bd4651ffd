import { create } from 'zustand';
import type { ImageView } from '../../../../shared/contract';
import { dismissToast, showToast } from '../../components/toast-store';
import { defineStrings, translate } from '../../lib/i18n';
import { reportFailure } from './gallery-errors';
import type { TrashReceipt } from './gallery-mutations';
import { galleryStore } from './gallery-store';
import { refreshTags } from './tag-store';

// Ctrl/Cmd+Z and the toasts' Undo: the last changes of trash, favourite and tags, newest last,
// each undone through the same store actions (and so the same main calls) that made it. An entry
// holds what it takes to go back exactly: a favourite or tag change records each image's state
// before it, so undoing "favourite 3 images" leaves alone the one that was a favourite already.

export type UndoEntry =
  | { kind: 'trash'; receipt: TrashReceipt }
  | { kind: 'favorite'; restore: { imageIds: string[]; isFavorite: boolean }[] }
  | { kind: 'tags'; restore: { imageIds: string[]; add: string[]; remove: string[] }[] };

type Recorded = { id: number; entry: UndoEntry; toastId: string | number | null };

type UndoState = { entries: Recorded[] };

const MAX_ENTRIES = 20;
let nextId = 1;

export const undoStrings = defineStrings({
  undo: { en: 'Undo', 'zh-CN': '撤销' },
  undone: { en: 'Undone.', 'zh-CN': '已撤销。' },
  nothingToUndo: { en: 'Nothing to undo.', 'zh-CN': '没有可撤销的操作。' },
});

export const useUndoStack = create<UndoState>(() => ({ entries: [] }));

/** The images as the gallery holds them now, or null when one is not loaded (its state is unknown). */
function snapshot(imageIds: readonly string[]): Map<string, ImageView> | null {
  const wanted = new Set(imageIds);
  const found = new Map<string, ImageView>();
  for (const item of galleryStore.getState().cache.items.values()) if (wanted.has(item.id)) found.set(item.id, item);
  return found.size === wanted.size ? found : null;
}

/** What puts the favourites back, from the state before `isFavorite` was set on them. */
export function favoriteUndo(before: Map<string, ImageView> | null, isFavorite: boolean): UndoEntry | null {
  if (!before) return null;
  const changed = [...before.values()].filter((i) => i.isFavorite !== isFavorite).map((i) => i.id);
  return changed.length > 0 ? { kind: 'favorite', restore: [{ imageIds: changed, isFavorite: !isFavorite }] } : null;
}

/** What puts the tags back: per image, remove what it gained, add back what it lost (tag names ignore case). */
export function tagsUndo(before: Map<string, ImageView> | null, add: string[], remove: string[]): UndoEntry | null {
  if (!before) return null;
  const groups = new Map<string, { imageIds: string[]; add: string[]; remove: string[] }>();
  for (const item of before.values()) {
    const has = new Map(item.tags.map((t) => [t.toLowerCase(), t]));
    const lost = remove.flatMap((t) => has.get(t.toLowerCase()) ?? []);
    const gained = add.filter(
      (t) => !has.has(t.toLowerCase()) && !lost.some((l) => l.toLowerCase() === t.toLowerCase()),
    );
    if (lost.length === 0 && gained.length === 0) continue;
    const key = JSON.stringify([lost, gained]);
    const group = groups.get(key) ?? { imageIds: [], add: lost, remove: gained };
    group.imageIds.push(item.id);
    groups.set(key, group);
  }
  return groups.size > 0 ? { kind: 'tags', restore: [...groups.values()] } : null;
}

/**
 * Remembers a change; `message` shows it in a toast with Undo. A change that cannot be undone
 * exactly (`entry` null because some images were not loaded) empties the stack instead: Ctrl+Z
 * must never skip it and undo something older behind the person's back.
 */
export function recordChange(entry: UndoEntry | null, message?: string): void {
  if (!entry) {
    if (message) showToast('success', message);
    useUndoStack.setState({ entries: [] });
    return;
  }
  const id = nextId++;
  const toastId = message
    ? showToast('success', message, {
        action: { label: translate(undoStrings, 'undo'), testId: 'toast-undo', onClick: () => void undoEntry(id) },
      })
    : null;
  useUndoStack.setState((s) => ({ entries: [...s.entries, { id, entry, toastId }].slice(-MAX_ENTRIES) }));
}

/** Takes a favourite or tag change's before-state, then makes the change and records it. */
export const beforeChange = snapshot;

/** Forgets every trash entry (their images were deleted for good). */
export function forgetTrashEntries(): void {
  useUndoStack.setState((s) => ({ entries: s.entries.filter((r) => r.entry.kind !== 'trash') }));
}

async function apply(entry: UndoEntry): Promise<void> {
  const gallery = galleryStore.getState();
  if (entry.kind === 'trash') await gallery.undoTrash(entry.receipt);
  else if (entry.kind === 'favorite')
    for (const { imageIds, isFavorite } of entry.restore) await gallery.setFavorite(imageIds, isFavorite);
  else {
    try {
      for (const { imageIds, add, remove } of entry.restore) await gallery.tag(imageIds, add, remove);
    } finally {
      refreshTags();
    }
  }
}

/** Undoes one recorded change (a toast's Undo); a failure is reported in a toast. */
export async function undoEntry(id: number): Promise<boolean> {
  const recorded = useUndoStack.getState().entries.find((r) => r.id === id);
  if (!recorded) return false;
  useUndoStack.setState((s) => ({ entries: s.entries.filter((r) => r.id !== id) }));
  if (recorded.toastId !== null) dismissToast(recorded.toastId);
  try {
    await apply(recorded.entry);
    return true;
  } catch (error) {
    reportFailure(error);
    return false;
  }
}

/** Ctrl/Cmd+Z: the newest change, with a word either way so a key press never goes unanswered. */
export async function undoLast(): Promise<void> {
  const last = useUndoStack.getState().entries.at(-1);
  if (!last) {
    showToast('info', translate(undoStrings, 'nothingToUndo'));
    return;
  }
  if (await undoEntry(last.id)) showToast('info', translate(undoStrings, 'undone'));
}
