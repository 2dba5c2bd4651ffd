import type { Database } from 'better-sqlite3';
import { parseSearch, type SearchFilter } from '../../../shared/search-syntax';
import { foldText } from './search-plan';

// How the search box's filters (src/shared/search-syntax.ts) become SQL. Main reads them from the
// search text itself, so every path that carries a `GalleryQuery` — the gallery, its counts,
// "select all" exports, the CLI's `list` and `export --search` — applies them alike. Filters the
// parser could not read are left out here; the gallery shows them as error chips and the CLI
// refuses them before it gets this far.

export type Clauses = { clauses: string[]; params: unknown[] };

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

/** `?, ?, ?` for a list, or a value no id has for an empty one (a tag nobody carries matches nothing). */
export function marks(ids: readonly number[]): string {
  return ids.length > 0 ? ids.map(() => '?').join(', ') : 'NULL';
}
