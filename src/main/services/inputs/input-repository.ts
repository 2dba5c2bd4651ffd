import type { Box, PaletteEntry } from '../../../shared/capabilities';
import { SqlRepository } from '../library/statement-cache';

// The SQL of reference images (content-addressed inputs, and which generation used which, in
// order, with its boxes) and of saved palettes. Bound parameters only.

export type InputRecord = {
  sha256: string;
  /** Relative to the library folder: `inputs/<2 hex>/<sha256>.<ext>`. */
  path: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  note: string | null;
  createdAt: number;
};

/** A reference as a generation used it: its place (0-based), the stored input, its boxes. */
export type GenerationInput = InputRecord & { index: number; boxes: Box[] };
export type ReferenceRow = { sha256: string; boxes: Box[] };
export type SavedPaletteRecord = { id: string; name: string; entries: PaletteEntry[]; createdAt: number };

type InputRow = {
  sha256: string;
  path: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  note: string | null;
  created_at: number;
};

const toInput = (row: InputRow): InputRecord => ({
  sha256: row.sha256,
  path: row.path,
  mime: row.mime,
  width: row.width,
  height: row.height,
  bytes: row.bytes,
  note: row.note,
  createdAt: row.created_at,
});

export class InputRepository extends SqlRepository {
  /** Records a stored file; the same bytes again keep the first record (and its note). */
  insertInput(input: InputRecord): InputRecord {
    this.stmt(
      `INSERT INTO inputs (sha256, path, mime, width, height, bytes, note, created_at)
       VALUES (@sha256, @path, @mime, @width, @height, @bytes, @note, @createdAt)
       ON CONFLICT (sha256) DO NOTHING`,
    ).run(input);
    return this.getInput(input.sha256)!;
  }

  getInput(sha256: string): InputRecord | undefined {
    const row = this.stmt('SELECT * FROM inputs WHERE sha256 = ?').get(sha256) as InputRow | undefined;
    return row ? toInput(row) : undefined;
  }

  /** Writes a generation's references in order; call inside the transaction that inserts it. */
  setGenerationInputs(generationId: string, references: readonly ReferenceRow[]): void {
    const insert = this.stmt('INSERT INTO generation_inputs (generation_id, idx, sha256, boxes) VALUES (?, ?, ?, ?)');
    this.stmt('DELETE FROM generation_inputs WHERE generation_id = ?').run(generationId);
    references.forEach((ref, i) => insert.run(generationId, i, ref.sha256, JSON.stringify(ref.boxes)));
  }

  /** The references a generation was made with, in order (what rerun and retry send again). */
  referencesOf(generationId: string): ReferenceRow[] {
    return this.inputsOf(generationId).map(({ sha256, boxes }) => ({ sha256, boxes }));
  }

  inputsOf(generationId: string): GenerationInput[] {
    const rows = this.stmt(
      `SELECT i.*, gi.idx AS idx, gi.boxes AS boxes FROM generation_inputs gi
       JOIN inputs i ON i.sha256 = gi.sha256 WHERE gi.generation_id = ? ORDER BY gi.idx`,
    ).all(generationId) as Array<InputRow & { idx: number; boxes: string }>;
    return rows.map((row) => ({ ...toInput(row), index: row.idx, boxes: JSON.parse(row.boxes) as Box[] }));
  }

  /** Every stored input's file: what a backup or move copies besides the images. */
  inputFiles(): Array<{ sha256: string; path: string; bytes: number }> {
    return this.stmt('SELECT sha256, path, bytes FROM inputs ORDER BY path').all() as Array<{
      sha256: string;
      path: string;
      bytes: number;
    }>;
  }

  /** The inputs the generations of these images use (asked before the trash is emptied). */
  inputsOfImages(imageIds: readonly string[] | undefined): string[] {
    const sql = `SELECT DISTINCT gi.sha256 FROM generation_inputs gi JOIN images im ON im.generation_id = gi.generation_id
       WHERE im.deleted_at IS NOT NULL${imageIds ? ' AND im.id = ?' : ''}`;
    if (!imageIds) return (this.stmt(sql).all() as Array<{ sha256: string }>).map((r) => r.sha256);
    const found = new Set<string>();
    for (const id of new Set(imageIds))
      for (const row of this.stmt(sql).all(id) as Array<{ sha256: string }>) found.add(row.sha256);
    return [...found];
  }

  /**
   * Forgets those of `sha256s` no generation uses any more; returns their files for the caller
   * to remove after the commit. Inputs still used by any generation are kept.
   */
  dropUnused(sha256s: readonly string[]): string[] {
    const drop = this.stmt(
      `DELETE FROM inputs WHERE sha256 = ?
       AND NOT EXISTS (SELECT 1 FROM generation_inputs WHERE sha256 = inputs.sha256) RETURNING path`,
    );
    return this.db.transaction(() =>
      sha256s.flatMap((sha) => (drop.all(sha) as Array<{ path: string }>).map((r) => r.path)),
    )();
  }

  listPalettes(): SavedPaletteRecord[] {
    const rows = this.stmt('SELECT * FROM palettes ORDER BY created_at DESC, id').all() as Array<{
      id: string;
      name: string;
      entries: string;
      created_at: number;
    }>;
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      entries: JSON.parse(r.entries) as PaletteEntry[],
      createdAt: r.created_at,
    }));
  }

  savePalette(palette: SavedPaletteRecord): SavedPaletteRecord {
    this.stmt(
      `INSERT INTO palettes (id, name, entries, created_at) VALUES (@id, @name, @entries, @createdAt)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, entries = excluded.entries`,
    ).run({ ...palette, entries: JSON.stringify(palette.entries) });
    return this.listPalettes().find((p) => p.id === palette.id)!;
  }

  deletePalette(id: string): boolean {
    return this.stmt('DELETE FROM palettes WHERE id = ?').run(id).changes > 0;
  }
}
