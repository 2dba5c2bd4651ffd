import { useEffect } from 'react';
import { create } from 'zustand';
import { undoLast } from '../features/gallery/undo-stack';
import { useNavigationStore, type View } from './navigation-store';

// The app-wide keys: Ctrl/Cmd+Z (undo the last trash, tag or favourite change), "/" and
// Ctrl/Cmd+F (the gallery's search), "?" (the shortcut overview). Keys that belong to one place
// (the grid's arrows, the detail view's zoom) stay with that place. None of these act while a
// person types in a field: there, Ctrl+Z undoes typing and "/" and "?" are characters. Ctrl+F
// outside the gallery is left alone: the studio and settings have nothing to search.

export type ShortcutAction = 'undo' | 'focusSearch' | 'showShortcuts';

export type KeyContext = {
  view: View;
  isTyping: boolean;
  /** A modal dialog is open; `isDetailOpen` says whether it is the gallery's detail view. */
  isDialogOpen: boolean;
  isDetailOpen: boolean;
};

type KeyLike = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

export function shortcutFor(event: KeyLike, context: KeyContext): ShortcutAction | null {
  const isCommand = (event.ctrlKey || event.metaKey) && !event.altKey;
  const key = event.key.toLowerCase();
  const isGallery = context.view === 'gallery';
  if (isCommand && !event.shiftKey && key === 'z')
    return isGallery && !context.isTyping && (!context.isDialogOpen || context.isDetailOpen) ? 'undo' : null;
  if (isCommand && !event.shiftKey && key === 'f') return isGallery && !context.isDialogOpen ? 'focusSearch' : null;
  if (event.ctrlKey || event.metaKey || event.altKey || context.isTyping || context.isDialogOpen) return null;
  if (key === '/' && isGallery) return 'focusSearch';
  if (key === '?') return 'showShortcuts';
  return null;
}

export const useShortcutsDialog = create<{ isOpen: boolean }>(() => ({ isOpen: false }));

function contextOf(event: KeyboardEvent): KeyContext {
  const target = event.target instanceof Element ? event.target : null;
  const dialog = document.querySelector('dialog[open]');
  return {
    view: useNavigationStore.getState().view,
    isTyping: target?.closest('input, textarea, select, [contenteditable="true"]') != null,
    isDialogOpen: dialog !== null,
    isDetailOpen: dialog?.classList.contains('detail-dialog') === true,
  };
}

// A "/" pressed just after opening the gallery can come before the gallery's code has loaded
// (each screen is its own chunk): the search box takes the focus when it mounts.
let isSearchFocusPending = false;

export function focusGallerySearch(): void {
  const input = document.querySelector<HTMLInputElement>('[data-testid="gallery-search"]');
  isSearchFocusPending = input === null;
  input?.focus();
  input?.select();
}

/** The gallery's search box has mounted: true (once) when a "/" or Ctrl/Cmd+F came before it. */
export function takePendingSearchFocus(): boolean {
  const isPending = isSearchFocusPending && useNavigationStore.getState().view === 'gallery';
  isSearchFocusPending = false;
  return isPending;
}

function onKeyDown(event: KeyboardEvent): void {
  if (event.defaultPrevented || event.isComposing) return;
  const action = shortcutFor(event, contextOf(event));
  if (!action) return;
  event.preventDefault();
  if (action === 'undo') void undoLast();
  else if (action === 'focusSearch') focusGallerySearch();
  else useShortcutsDialog.setState({ isOpen: true });
}

export function useGlobalShortcuts(): void {
  useEffect(() => {
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
