import { markFirstScreenDrawn } from '../../app/first-screen';

// A cold start at #gallery is done when a screenful of tiles has its thumbnail (or its "file
// missing"); the app's dialogs and other screens load after that (app/lazy-screens.tsx).

/** About one screenful on a laptop (the gallery bench's figure counts the same 12). */
const FIRST_TILES = 12;
let settled = 0;

/** A tile's image has loaded or failed. */
export function noteTileSettled(): void {
  settled++;
  if (settled === FIRST_TILES) markFirstScreenDrawn();
}
