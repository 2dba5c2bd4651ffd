import { describe, expect, it } from 'vitest';
import { shortcutFor, type KeyContext } from '../../../src/renderer/src/app/shortcuts';
import { favoriteUndo, tagsUndo } from '../../../src/renderer/src/features/gallery/undo-stack';
import type { ImageView } from '../../../src/shared/contract';
import { makeImage } from './gallery-fake-library';

const before = (...items: ImageView[]): Map<string, ImageView> => new Map(items.map((i) => [i.id, i]));

describe('undo entries', () => {
  it('favourite: puts back only the images the change changed', () => {
    const a = makeImage(1, { isFavorite: false });
    const b = makeImage(2, { isFavorite: true });
    expect(favoriteUndo(before(a, b), true)).toEqual({
      kind: 'favorite',
      restore: [{ imageIds: [a.id], isFavorite: false }],
    });
    expect(favoriteUndo(before(b), true)).toBeNull();
    // Unknown before-state (an image not loaded): no entry, rather than a wrong one.
    expect(favoriteUndo(null, true)).toBeNull();
  });

  it('tags: removes what each image gained and adds back what it lost, ignoring case', () => {
    const a = makeImage(1, { tags: ['Draft'] });
    const b = makeImage(2, { tags: ['夏天', 'draft'] });
    const c = makeImage(3, { tags: [] });
    const entry = tagsUndo(before(a, b, c), ['夏天'], ['DRAFT']);
    expect(entry).toEqual({
      kind: 'tags',
      restore: [
        { imageIds: [a.id], add: ['Draft'], remove: ['夏天'] },
        { imageIds: [b.id], add: ['draft'], remove: [] },
        { imageIds: [c.id], add: [], remove: ['夏天'] },
      ],
    });
    expect(tagsUndo(before(c), [], ['draft'])).toBeNull();
  });
});

describe('app-wide keys', () => {
  const gallery: KeyContext = { view: 'gallery', isTyping: false, isDialogOpen: false, isDetailOpen: false };
  const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...mods,
  });

  it('Ctrl/Cmd+Z undoes in the gallery and its detail view, never while typing', () => {
    expect(shortcutFor(key('z', { ctrlKey: true }), gallery)).toBe('undo');
    expect(shortcutFor(key('Z', { metaKey: true }), gallery)).toBe('undo');
    expect(shortcutFor(key('z', { ctrlKey: true }), { ...gallery, isDialogOpen: true, isDetailOpen: true })).toBe(
      'undo',
    );
    expect(shortcutFor(key('z', { ctrlKey: true }), { ...gallery, isTyping: true })).toBeNull();
    expect(shortcutFor(key('z', { ctrlKey: true }), { ...gallery, isDialogOpen: true })).toBeNull();
    expect(shortcutFor(key('z', { ctrlKey: true, shiftKey: true }), gallery)).toBeNull();
    expect(shortcutFor(key('z', { ctrlKey: true }), { ...gallery, view: 'studio' })).toBeNull();
  });

  it('"/" and Ctrl/Cmd+F focus the gallery search; "?" opens the overview', () => {
    expect(shortcutFor(key('/'), gallery)).toBe('focusSearch');
    expect(shortcutFor(key('f', { ctrlKey: true }), gallery)).toBe('focusSearch');
    expect(shortcutFor(key('f', { ctrlKey: true }), { ...gallery, isTyping: true })).toBe('focusSearch');
    expect(shortcutFor(key('/'), { ...gallery, isTyping: true })).toBeNull();
    expect(shortcutFor(key('f', { ctrlKey: true }), { ...gallery, view: 'studio' })).toBeNull();
    expect(shortcutFor(key('?', { shiftKey: true }), { ...gallery, view: 'settings' })).toBe('showShortcuts');
    expect(shortcutFor(key('?', { shiftKey: true }), { ...gallery, isTyping: true })).toBeNull();
    expect(shortcutFor(key('?', { shiftKey: true }), { ...gallery, isDialogOpen: true })).toBeNull();
  });
});
