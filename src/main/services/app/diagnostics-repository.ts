import { SqlRepository } from '../library/statement-cache';

// The library's numbers for a diagnostics report: counts and recent failures, nothing personal
// unless asked (prompts are read only to remove them from log lines, or when included).

export type RecentFailure = {
  id: string;
  createdAt: number;
  status: string;
  model: string;
  size: string;
  n: number;
  prompt: string;
  errorCode: string | null;
  errorMessage: string | null;
  errorDetail: string | null;
};

export type LibraryCounts = {
  schema: number;
  generations: Record<string, number>;
  images: number;
  trashed: number;
  bytes: number;
  exports: Record<string, number>;
};

export class DiagnosticsRepository extends SqlRepository {
  counts(): LibraryCounts {
    const byStatus = (table: 'generations' | 'exports'): Record<string, number> =>
      Object.fromEntries(
        (
          this.stmt(`SELECT status, COUNT(*) AS count FROM ${table} GROUP BY status ORDER BY status`).all() as Array<{
            status: string;
            count: number;
          }>
        ).map((row) => [row.status, row.count]),
      );
    const images = this.stmt(
      'SELECT COUNT(*) AS total, COALESCE(SUM(deleted_at IS NOT NULL), 0) AS trashed, COALESCE(SUM(bytes), 0) AS bytes FROM images',
    ).get() as { total: number; trashed: number; bytes: number };
    return {
      schema: this.db.pragma('user_version', { simple: true }) as number,
      generations: byStatus('generations'),
      images: images.total - images.trashed,
      trashed: images.trashed,
      bytes: images.bytes,
      exports: byStatus('exports'),
    };
  }

  recentFailures(limit: number): RecentFailure[] {
    return this.stmt(
      `SELECT id, created_at AS createdAt, status, model, size, n, prompt, error_code AS errorCode,
              error_message AS errorMessage, error_detail AS errorDetail
       FROM generations WHERE status IN ('failed', 'interrupted') ORDER BY seq DESC LIMIT ?`,
    ).all(limit) as RecentFailure[];
  }

  /** The newest prompts and revised prompts, to take out of log lines shared with others. */
  recentPrompts(limit: number): string[] {
    const rows = this.stmt('SELECT prompt, revised_prompts AS revised FROM generations ORDER BY seq DESC LIMIT ?').all(
      limit,
    ) as Array<{ prompt: string; revised: string }>;
    const prompts = new Set<string>();
    for (const row of rows) {
      prompts.add(row.prompt);
      try {
        for (const revised of JSON.parse(row.revised) as unknown[])
          if (typeof revised === 'string') prompts.add(revised);
      } catch {
        // A damaged column only means fewer prompts to remove.
      }
    }
    return [...prompts];
  }
}
