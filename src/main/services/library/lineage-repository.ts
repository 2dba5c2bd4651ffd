import { SqlRepository } from './statement-cache';

// Versions stay together (issue 12): reruns, varies and A/B twins point at their original through
// generations.rerun_of (indexed: generations_rerun_of). Every read here walks that index from a
// handful of ids — a page of the gallery, one detail view — never the whole library.

/** How deep a chain of versions of versions is followed; deeper ones are simply not listed. */
export const MAX_LINEAGE_DEPTH = 32;

/** A generation counts as a version while it has an image out of the trash. */
const HAS_LIVE_IMAGE = 'EXISTS (SELECT 1 FROM images li WHERE li.generation_id = t.id AND li.deleted_at IS NULL)';

export type LineageNode = { id: string; rerunOf: string | null; depth: number };

export class LineageRepository extends SqlRepository {
  /** The first original up the chain (the generation itself when it is no rerun). */
  rootOf(generationId: string): string {
    const up = this.stmt('SELECT rerun_of FROM generations WHERE id = ?');
    let id = generationId;
    for (let step = 0; step < MAX_LINEAGE_DEPTH; step++) {
      const row = up.get(id) as { rerun_of: string | null } | undefined;
      if (!row?.rerun_of) break;
      id = row.rerun_of;
    }
    return id;
  }

  /** The root, then every version under it in the order they were made (seq), up to `limit`. */
  tree(rootId: string, limit: number): LineageNode[] {
    const sql = `WITH RECURSIVE t(id, depth) AS (
        SELECT ?, 0
        UNION ALL SELECT g.id, t.depth + 1 FROM generations g JOIN t ON g.rerun_of = t.id WHERE t.depth < ?
      )
      SELECT g.id, g.rerun_of, t.depth FROM t JOIN generations g ON g.id = t.id
      ORDER BY t.depth = 0 DESC, g.seq LIMIT ?`;
    const rows = this.stmt(sql).all(rootId, MAX_LINEAGE_DEPTH, limit) as Array<{
      id: string;
      rerun_of: string | null;
      depth: number;
    }>;
    return rows.map((r) => ({ id: r.id, rerunOf: r.rerun_of, depth: r.depth }));
  }

  /**
   * How many versions (with an image out of the trash) sit under each of the given generations,
   * all levels down; only those with any are in the map. Meant for one gallery page at a time.
   */
  versionCounts(generationIds: readonly string[]): Map<string, number> {
    if (generationIds.length === 0) return new Map();
    const sql = `WITH RECURSIVE t(root, id, depth) AS (
        SELECT value, value, 0 FROM json_each(?)
        UNION ALL SELECT t.root, g.id, t.depth + 1 FROM generations g JOIN t ON g.rerun_of = t.id WHERE t.depth < ?
      )
      SELECT root, count(*) AS n FROM t WHERE t.depth > 0 AND ${HAS_LIVE_IMAGE} GROUP BY root`;
    const rows = this.stmt(sql).all(JSON.stringify([...new Set(generationIds)]), MAX_LINEAGE_DEPTH) as Array<{
      root: string;
      n: number;
    }>;
    return new Map(rows.map((r) => [r.root, r.n]));
  }
}
