import { resolveMediaFile } from '../library/library-files';

// A gallery tile asks for thumbs/…/<id>.webp and never for the original: when that file is missing
// (never made, failed, deleted), it is made first in the worker pool's line while the request
// waits, and the tile shows its placeholder until then. Both the Electron protocol handler and
// browser mode's /media/ route answer through this.

/** Makes the thumbnail a `thumbs/…` path names; answers where it is now, or undefined. */
export type MakeTileThumbnail = (thumbRelPath: string) => Promise<string | undefined>;

export async function resolveTileFile(
  home: string,
  rel: string,
  makeThumbnail?: MakeTileThumbnail,
): Promise<string | undefined> {
  const found = await resolveMediaFile(home, rel);
  if (found !== undefined || !makeThumbnail || !rel.startsWith('thumbs/')) return found;
  const made = await makeThumbnail(rel);
  return made === undefined ? undefined : await resolveMediaFile(home, made);
}
