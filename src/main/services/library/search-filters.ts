import type { Database } from 'better-sqlite3';
import { parseSearch, type SearchFilter } from '../../../shared/search-syntax';
import { foldText } from './search-plan';

// How the search box's filters (src/shared/search-syntax.ts) become SQL. Main reads them from the
// search text itself, so every path that carries a `GalleryQuery` — the gallery, its counts,
// "select all" exports, the CLI's `list` and `export --search` — applies them alike. Filters the
// parser could not read are left out here; the gallery shows them as error chips and the CLI
// refuses them before it gets this far.

export type Clauses = { clauses: string[]; params: unknown[] };

/**
 * An image filter's clauses; isDriving: they name a rare filter's few generations (IN), see
 * imageFilter; isWalk: they name `dt` (image_tag_generations, migration 17) and `i`, and the list
 * walks the rarest tag's entries by their generation's date.
 */
export type ImageFilterClauses = Clauses & { isDriving: boolean; isWalk?: boolean };

/** The search text split: the free text for the prompt search, and the filters that apply. */
export function readSearch(search: string | undefined): { text: string; filters: SearchFilter[] } {
  const parsed = parseSearch(search ?? '');
  return { text: parsed.text, filters: parsed.filters.map((f) => f.filter) };
}

/** Conditions on the generation (aliased `g`): seed, model, size, image set, batch. */
export function generationClauses(filters: readonly SearchFilter[]): Clauses {
  const clauses: string[] = [];
  const params: unknown[] = [];
  for (const f of filters) {
    if (f.key === 'seed') {
      clauses.push('g.seed = ?');
      params.push(f.seed);
    } else if (f.key === 'model') {
      clauses.push('g.model = ?');
      params.push(f.model);
    } else if (f.key === 'size') {
      clauses.push(`g.size IN (${f.sizes.map(() => '?').join(', ')})`);
      params.push(...f.sizes);
    } else if (f.key === 'batch') {
      clauses.push('g.batch_id = ?');
      params.push(f.batchId);
    } else if (f.key === 'set') {
      // Imported plain images have no isSequential: they are not set members.
      clauses.push(`coalesce(json_extract(g.parameters, '$.isSequential'), 0) ${f.isSet ? '= 1' : '= 0'}`);
    }
  }
  return { clauses, params };
}

/** Conditions on the image (aliased `i`) other than tags: favourites. */
export function favoriteClauses(filters: readonly SearchFilter[]): string[] {
  return filters.flatMap((f) => (f.key === 'fav' ? [f.isFavorite ? 'i.is_favorite = 1' : 'i.is_favorite = 0'] : []));
}

export function typedTags(filters: readonly SearchFilter[]): string[] {
  return [...new Set(filters.flatMap((f) => (f.key === 'tag' ? [f.name] : [])))];
}

/**
 * The ids of the tags a typed `tag:` means. Names are unique ignoring ASCII case (COLLATE NOCASE);
 * a typed name also matches across full- and half-width forms, so `tag:ＡＢＣ` finds "abc". The tags
 * table holds one row per distinct tag, so reading it through wan_fold stays cheap.
 */
export function tagIdsFor(db: Database, name: string): number[] {
  const rows = db
    .prepare('SELECT id FROM tags WHERE name = ? OR wan_fold(name) = ?')
    .all(name, foldText(name)) as Array<{
    id: number;
  }>;
  return rows.map((r) => r.id);
}

/**
 * Whether a filter matching `matches` of `live` images is rare enough to drive a page. Driving
 * reads and sorts every match (about 6 µs each); probing walks about 100 × live / matches
 * generations (about 1.5 µs each): they cost the same near matches = 5 × √live (7,900 of 2.5 M).
 */
export function isRareFilter(matches: number, live: number): boolean {
  return matches <= Math.max(1000, 5 * Math.sqrt(live));
}

/**
 * `tag:` and `fav:` for a list of generations (aliased `g`, walked newest first): a generation
 * is listed when one of its live images matches every one. A rare filter drives: its few images
 * are read through their index and their generations kept (IN). A common one is probed per
 * generation as the walk goes (EXISTS on images_generation), which stops at the page's limit:
 * driving a favourite filter read 150,000 images of a million-generation library first (100+ ms),
 * while probing a rare tag would walk every generation looking for its few.
 */
export function imageFilter(
  db: Database,
  filters: readonly SearchFilter[],
  options: { canWalk?: boolean } = {},
): ImageFilterClauses {
  const favorite = favoriteClauses(filters);
  const tags = typedTags(filters).map((name) => tagIdsFor(db, name));
  if (favorite.length === 0 && tags.length === 0) return { clauses: [], params: [], isDriving: false };
  const counts = liveCounts(db);
  const tagCounts = tags.map((ids) => taggedCount(db, ids));
  const estimates = [
    ...tagCounts,
    ...filters.flatMap((f) => (f.key === 'fav' && f.isFavorite ? [counts.favorites] : [])),
  ];
  // A tag no image has (or favourites when there are none): nothing can match, and saying so as a
  // constant lets SQLite skip the walk (a text search beside it walked every match: 200 ms).
  if (estimates.some((n) => n === 0)) return { clauses: ['0'], params: [], isDriving: false };
  const isRare = estimates.length > 0 && isRareFilter(Math.min(...estimates), counts.live);
  // The rarest filter a tag, and nothing else driving (a text search does, through its index; a
  // seed or a batch through theirs): the list walks that tag's entries in image_tag_generations
  // newest generation first and stops at the page, each entry's image checked as it goes (live,
  // favourite, other tags) and its generation (model, short terms). Walking only tagged entries,
  // it reads fewer rows than walking every generation unless the tag is on most of them: a tag
  // on 2 % of 2.5 M images with a short term beside it took 19 ms the other way, 12 by the tag.
  const rarest = tagCounts.length > 0 ? tagCounts.indexOf(Math.min(...tagCounts)) : -1;
  const isTagRarest = rarest >= 0 && tagCounts[rarest] === Math.min(...estimates);
  const hasIndexedFilter = filters.some((f) => f.key === 'seed' || f.key === 'batch');
  const isWalkable = isRare || (!hasIndexedFilter && tagCounts[rarest]! * 4 <= counts.live);
  if (options.canWalk && isTagRarest && isWalkable) {
    const others = tags.filter((_, k) => k !== rarest);
    return {
      clauses: [
        `dt.tag_id IN (${marks(tags[rarest]!)})`,
        'i.deleted_at IS NULL',
        ...favorite,
        ...others.map(
          (ids) =>
            `(SELECT 1 FROM image_tags it WHERE it.image_id = i.id AND it.tag_id IN (${marks(ids)}) LIMIT 1) = 1`,
        ),
      ],
      params: [...tags[rarest]!, ...others.flat()],
      isDriving: true,
      isWalk: true,
    };
  }
  // Driving, a tag is a set to read from image_tags_tag; probing, a lookup on image_tags' key.
  const tagClause = (ids: readonly number[]): string =>
    isRare
      ? `i.id IN (SELECT it.image_id FROM image_tags it WHERE it.tag_id IN (${marks(ids)}))`
      : `(SELECT 1 FROM image_tags it WHERE it.image_id = i.id AND it.tag_id IN (${marks(ids)}) LIMIT 1) = 1`;
  const conditions = ['i.deleted_at IS NULL', ...favorite, ...tags.map(tagClause)];
  const params = tags.flat();
  // Driving, each match's generation comes from images_live_id (migration 15), not from a seek
  // into its table row: 20 ms of 40 for a rare tag's 2,700 images of 2.5 M.
  const clause = isRare
    ? `g.id IN (SELECT i.generation_id FROM images i ${tags.length > 0 ? 'INDEXED BY images_live_id' : ''} WHERE ${conditions.join(' AND ')})`
    : `EXISTS (SELECT 1 FROM images i WHERE i.generation_id = g.id AND ${conditions.join(' AND ')})`;
  return { clauses: [clause], params, isDriving: isRare };
}

/**
 * Whether a text search matches so many generations that a page of images is found sooner by
 * walking images newest first than by reading and sorting all of the matches' images. Counting
 * stops at the threshold, so a common term costs a few thousand index steps here, not all of them.
 */
export function isCommonMatch(db: Database, fts: { table: string; match: string }): boolean {
  const threshold = Math.max(500, Math.ceil(3 * Math.sqrt(liveCounts(db).live)));
  const row = db
    .prepare(
      `SELECT count(*) AS n FROM (SELECT rowid FROM ${fts.table} WHERE ${fts.table} MATCH ? ORDER BY rowid DESC LIMIT ?)`,
    )
    .get(fts.match, threshold + 1) as { n: number };
  return row.n > threshold;
}

function taggedCount(db: Database, ids: readonly number[]): number {
  if (ids.length === 0) return 0;
  const row = db.prepare(`SELECT count(*) AS n FROM image_tags WHERE tag_id IN (${marks(ids)})`).get(...ids) as {
    n: number;
  };
  return row.n;
}

/** Live images and live favourites, from the counters migration 13 keeps. */
function liveCounts(db: Database): { live: number; favorites: number } {
  const row = db
    .prepare('SELECT sum(n) AS live, sum(n * is_favorite) AS favorites FROM image_counts WHERE is_trash = 0')
    .get() as { live: number | null; favorites: number | null };
  return { live: row.live ?? 0, favorites: row.favorites ?? 0 };
}

/** `?, ?, ?` for a list, or a value no id has for an empty one (a tag nobody carries matches nothing). */
export function marks(ids: readonly number[]): string {
  return ids.length > 0 ? ids.map(() => '?').join(', ') : 'NULL';
}
