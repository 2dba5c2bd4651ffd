// The first screen says when its first content is on screen (the gallery: its first screenful of
// thumbnails), so the code that loads after it (dialogs, other screens) does not compete with it.

let settle: () => void = () => {};

/** Resolves once the first screen has drawn its first content. */
export const firstScreenDrawn = new Promise<void>((resolve) => (settle = resolve));

export function markFirstScreenDrawn(): void {
  settle();
}
