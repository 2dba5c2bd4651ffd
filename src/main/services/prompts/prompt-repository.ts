import { foldText, searchTerms } from '../library/search-plan';
import { SqlRepository } from '../library/statement-cache';

// The prompt history: the `prompts` summary table (migration 11, kept by triggers on
// generations), newest use first, with a few images of each prompt.

export type PromptRow = {
  id: number;
  text: string;
  uses: number;
  last_used_at: number;
  last_generation_id: string;
};

export type PromptThumbRow = { id: string; path: string; thumb_path: string | null; created_at: number };

const THUMBS_PER_PROMPT = 4;

const encodeCursor = (row: PromptRow): string => `${row.last_used_at}:${row.id}`;

function decodeCursor(cursor: string | undefined): { at: number; id: number } | null {
  const match = /^(\d+):(\d+)$/.exec(cursor ?? '');
  return match ? { at: Number(match[1]), id: Number(match[2]) } : null;
}

export class PromptRepository extends SqlRepository {
  /** One page of prompts; every search term must be a substring of the folded text. */
  history(input: { search?: string; cursor?: string; limit: number }): {
    rows: PromptRow[];
    nextCursor: string | null;
  } {
    const where: string[] = [];
    const params: (string | number)[] = [];
    for (const term of searchTerms(input.search ?? '')) {
      where.push('instr(folded, ?) > 0');
      params.push(foldText(term));
    }
    const after = decodeCursor(input.cursor);
    if (after) {
      where.push('(last_used_at < ? OR (last_used_at = ? AND id < ?))');
      params.push(after.at, after.at, after.id);
    }
    const sql = `SELECT id, text, uses, last_used_at, last_generation_id FROM prompts
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY last_used_at DESC, id DESC LIMIT ?`;
    const rows = this.stmt(sql).all(...params, input.limit + 1) as PromptRow[];
    const hasMore = rows.length > input.limit;
    const page = hasMore ? rows.slice(0, input.limit) : rows;
    return { rows: page, nextCursor: hasMore ? encodeCursor(page.at(-1)!) : null };
  }

  /** The newest live images made with exactly this prompt (through generations_prompt). */
  thumbnails(prompt: string, limit = THUMBS_PER_PROMPT): PromptThumbRow[] {
    return this.stmt(
      `SELECT i.id, i.path, i.thumb_path, i.created_at FROM generations g
       JOIN images i ON i.generation_id = g.id AND i.deleted_at IS NULL
       WHERE g.prompt = ? ORDER BY g.created_at DESC, i.idx LIMIT ?`,
    ).all(prompt, limit) as PromptThumbRow[];
  }
}
