import { defaultPrice, roundMoney, type Price } from '../../../shared/batch/pricing';
import type { PriceView, UsageQuery, UsageReport, UsageRow } from '../../../shared/batch/batch-types';
import { SqlRepository } from '../library/statement-cache';
import { dayKey, localDaySql, monthKey, offsetPieces, weekKey } from './local-days';

// The cost and usage ledger: prices per provider (its API root) and model, and what every
// generation was billed — from usage where the provider reports it, else the results received
// (job-engine.ts sets billed_images). A create cut off in flight may have been billed too: it is
// counted apart as "possibly billed", at its n (the most upstream could have made).

// "Possibly billed" — sent and then lost sight of: a create killed in flight (`interrupted`), or one
// whose answer never came (a timeout, a reset, a 5xx) and that left no task or results behind —
// is worked out per generation by the usage_ledger triggers (migrations.ts, step 12).

/** How each grouping names its rows, from a local day number (local-days.ts). */
const KEY_OF: Record<Exclude<UsageQuery['by'], 'model'>, (dayNumber: number) => string> = {
  day: dayKey,
  // The Monday of the week.
  week: weekKey,
  month: monthKey,
};

type Group = {
  key: string;
  base_url: string;
  model: string;
  generations: number;
  images: number;
  billed: number;
  possibly: number;
};

export class LedgerRepository extends SqlRepository {
  /** The price used for a model at a provider: the person's, else the built-in default. */
  priceOf(baseUrl: string, model: string): Price {
    const row = this.stmt('SELECT per_image, currency FROM prices WHERE base_url = ? AND model = ?').get(
      baseUrl,
      model,
    ) as { per_image: number; currency: string } | undefined;
    return row ? { perImage: row.per_image, currency: row.currency, source: 'custom' } : defaultPrice(baseUrl, model);
  }

  /** Prices for each provider and model asked about, custom or default. */
  prices(baseUrls: readonly string[], models: readonly string[]): PriceView[] {
    const custom = this.stmt('SELECT base_url FROM prices').all() as Array<{ base_url: string }>;
    const all = [...new Set([...baseUrls, ...custom.map((r) => r.base_url)])];
    return all.flatMap((baseUrl) => models.map((model) => ({ baseUrl, model, ...this.priceOf(baseUrl, model) })));
  }

  /**
   * Sets a model's price at a provider. A provider bills in one currency: a different one given
   * here is applied to the provider's other custom prices too, so its totals always add up.
   */
  setPrice(baseUrl: string, model: string, perImage: number, currency: string, now: number): void {
    this.db.transaction(() => {
      this.stmt(
        `INSERT INTO prices (base_url, model, per_image, currency, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (base_url, model) DO UPDATE SET per_image = excluded.per_image, currency = excluded.currency,
           updated_at = excluded.updated_at`,
      ).run(baseUrl, model, perImage, currency, now);
      this.stmt('UPDATE prices SET currency = ?, updated_at = ? WHERE base_url = ? AND currency != ?').run(
        currency,
        now,
        baseUrl,
        currency,
      );
    })();
  }

  /** Back to the built-in default. */
  clearPrice(baseUrl: string, model: string): boolean {
    return this.stmt('DELETE FROM prices WHERE base_url = ? AND model = ?').run(baseUrl, model).changes > 0;
  }

  /** Images, billed and possibly billed images, and their cost, per day, week, month or model. */
  usage(query: UsageQuery): UsageReport {
    const since = query.since ?? null;
    const groups = this.groups(query.by, since ?? 0);
    const rows = new Map<string, UsageRow>();
    // Per model from the same groups: the Usage screen's second chart costs no second scan.
    const models = query.withModels && query.by !== 'model' ? new Map<string, UsageRow>() : undefined;
    const total = emptyRow('total');
    for (const group of groups) {
      const price = this.priceOf(group.base_url, group.model);
      const targets = [rowOf(rows, group.key), total];
      if (models) targets.push(rowOf(models, group.model));
      for (const target of targets) {
        target.generations += group.generations;
        target.images += group.images;
        target.billedImages += group.billed;
        target.possiblyBilledImages += group.possibly;
        add(target.cost, price.currency, group.billed * price.perImage);
        add(target.possibleCost, price.currency, group.possibly * price.perImage);
      }
    }
    return {
      by: query.by,
      since,
      rows: sortedRows(rows),
      total,
      ...(query.withModels ? { models: models ? sortedRows(models) : sortedRows(rows) } : {}),
    };
  }

  /** The ledger's sums per provider, model and key (a model, or a local day, week or month). */
  private groups(by: UsageQuery['by'], since: number): Group[] {
    // usage_ledger (migration 12) holds each generation's sums, kept by triggers.
    const sums = `base_url, model, count(*) AS generations, sum(images) AS images, sum(billed) AS billed,
         sum(possibly) AS possibly
       FROM usage_ledger
       WHERE created_at >= ? AND is_sent = 1`;
    if (by === 'model')
      return this.stmt(`SELECT model AS key, ${sums} GROUP BY key, base_url, model`).all(since) as Group[];
    const span = this.stmt(
      'SELECT min(created_at) AS first, max(created_at) AS last FROM usage_ledger WHERE created_at >= ? AND is_sent = 1',
    ).get(since) as { first: number | null; last: number | null };
    if (span.first === null || span.last === null) return [];
    // The SQL carries the zone's offsets over this span, so it is prepared each time, not cached.
    const day = localDaySql('created_at', offsetPieces(span.first, span.last));
    const rows = this.db.prepare(`SELECT ${day} AS day, ${sums} GROUP BY day, base_url, model`).all(since) as Array<
      Omit<Group, 'key'> & { day: number }
    >;
    const keyOf = KEY_OF[by];
    return rows.map(({ day: dayNumber, ...rest }) => ({ key: keyOf(dayNumber), ...rest }));
  }
}

function rowOf(rows: Map<string, UsageRow>, key: string): UsageRow {
  let row = rows.get(key);
  if (!row) rows.set(key, (row = emptyRow(key)));
  return row;
}

function sortedRows(rows: Map<string, UsageRow>): UsageRow[] {
  return [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function emptyRow(key: string): UsageRow {
  return { key, generations: 0, images: 0, billedImages: 0, possiblyBilledImages: 0, cost: {}, possibleCost: {} };
}

function add(sums: Record<string, number>, currency: string, amount: number): void {
  sums[currency] = roundMoney((sums[currency] ?? 0) + amount);
}
