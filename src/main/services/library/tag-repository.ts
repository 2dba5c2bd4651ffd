import { WanError } from '../wan-error';
import { SqlRepository } from './statement-cache';

// Tags on images. A tag name is unique regardless of ASCII case (the column is COLLATE NOCASE):
// adding "Cat" where "cat" exists reuses "cat", so the first spelling a person typed stays.

/** Separates names in the gallery's group_concat; tag names may not contain control characters. */
export const TAG_SEPARATOR = '\u001f';

export type TagCount = { name: string; count: number };

/** Trimmed, NFC, inner whitespace collapsed; refused when empty or carrying control characters. */
export function normalizeTag(raw: string, field: 'add' | 'remove' | 'tags' = 'add'): string {
  const name = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
  // eslint-disable-next-line no-control-regex
  if (name === '' || name.length > 60 || /[\u0000-\u001f\u007f]/.test(name))
    throw new WanError('invalid_input', {
      field,
      detail: `a tag is 1–60 characters without control characters, not ${JSON.stringify(raw)}`,
      isRetryable: false,
    });
  return name;
}

/** Splits a group_concat of tag names back into a sorted list. */
export function splitTags(joined: string | null): string[] {
  return joined ? joined.split(TAG_SEPARATOR) : [];
}

export class TagRepository extends SqlRepository {
  /**
   * Adds and removes tags on existing images, in one transaction; returns how many images changed.
   * Unknown image ids are skipped. Tags no image carries any more are dropped.
   */
  tagImages(imageIds: readonly string[], add: readonly string[], remove: readonly string[], now = Date.now()): number {
    const toAdd = unique(add.map((t) => normalizeTag(t, 'add')));
    const toRemove = unique(remove.map((t) => normalizeTag(t, 'remove')));
    const createTag = this.stmt('INSERT INTO tags (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING');
    const tagId = this.stmt('SELECT id FROM tags WHERE name = ?');
    const link = this.stmt('INSERT OR IGNORE INTO image_tags (image_id, tag_id) SELECT id, ? FROM images WHERE id = ?');
    const unlink = this.stmt(
      'DELETE FROM image_tags WHERE image_id = ? AND tag_id = (SELECT id FROM tags WHERE name = ?)',
    );
    return this.db.transaction(() => {
      const addIds = toAdd.map((name) => {
        createTag.run(name, now);
        return (tagId.get(name) as { id: number }).id;
      });
      const changed = new Set<string>();
      for (const imageId of new Set(imageIds)) {
        for (const id of addIds) if (link.run(id, imageId).changes > 0) changed.add(imageId);
        for (const name of toRemove) if (unlink.run(imageId, name).changes > 0) changed.add(imageId);
      }
      if (toRemove.length > 0) this.dropUnused();
      return changed.size;
    })();
  }

  /** Tags that no image carries any more (after a removal or an emptied trash). */
  dropUnused(): void {
    this.stmt('DELETE FROM tags WHERE NOT EXISTS (SELECT 1 FROM image_tags it WHERE it.tag_id = tags.id)').run();
  }

  /**
   * Every tag some image carries, by name, counting live (not trashed) images. Two reads, each
   * from an index: every tag's images (image_tags_tag), less those in the trash (walked from
   * images_trash). Looking up each tagged image's row to ask whether it is in the trash cost a
   * random read per tagged image: 3.2 s for 308,000 tagged images of 2.5 M, against 45 ms.
   */
  counts(): TagCount[] {
    const all = this.stmt(
      `SELECT t.id AS id, t.name AS name, count(*) AS count
       FROM tags t JOIN image_tags it ON it.tag_id = t.id GROUP BY t.id ORDER BY t.name`,
    ).all() as Array<TagCount & { id: number }>;
    const trashed = this.stmt(
      `SELECT it.tag_id AS id, count(*) AS count
       FROM images i INDEXED BY images_trash CROSS JOIN image_tags it ON it.image_id = i.id
       WHERE i.deleted_at IS NOT NULL GROUP BY it.tag_id`,
    ).all() as Array<{ id: number; count: number }>;
    const inTrash = new Map(trashed.map((row) => [row.id, row.count]));
    return all.map(({ name, count, id }) => ({ name, count: count - (inTrash.get(id) ?? 0) }));
  }

  /** One image's tag names, sorted. */
  tagsOf(imageId: string): string[] {
    const row = this.stmt(
      `SELECT group_concat(t.name, char(31) ORDER BY t.name) AS names
       FROM image_tags it JOIN tags t ON t.id = it.tag_id WHERE it.image_id = ?`,
    ).get(imageId) as { names: string | null };
    return splitTags(row.names);
  }

  /** Tag names of each image of one generation (images without tags are absent). */
  tagsOfGeneration(generationId: string): Map<string, string[]> {
    const rows = this.stmt(
      `SELECT it.image_id AS imageId, group_concat(t.name, char(31) ORDER BY t.name) AS names
       FROM images i JOIN image_tags it ON it.image_id = i.id JOIN tags t ON t.id = it.tag_id
       WHERE i.generation_id = ? GROUP BY it.image_id`,
    ).all(generationId) as Array<{ imageId: string; names: string }>;
    return new Map(rows.map((r) => [r.imageId, splitTags(r.names)]));
  }
}

/** First spelling wins among names equal but for ASCII case, as the NOCASE column would see them. */
function unique(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = name.replace(/[A-Z]/g, (c) => c.toLowerCase());
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
