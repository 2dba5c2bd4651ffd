import type { UsageReport, UsageRow } from '../shared/batch/batch-types';
import { LedgerRepository } from '../main/services/batch/ledger-repository';
import { UsageError, toText, type CommandSpec } from './cli-command';

// `wan-studio usage`: the cost and usage ledger per day, week, month or model. See README "Usage".

const say = (text: string): void => void process.stdout.write(`${text}\n`);

/** `YYYY-MM-DD` is local midnight (as the ledger's days are); anything else is read as an ISO time. */
export function parseSince(text: string): number {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const time = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])).getTime() : Date.parse(text);
  if (!Number.isFinite(time)) throw new UsageError(`--since takes a date such as 2026-01-31, not "${text}".`);
  return time;
}

const money = (sums: Record<string, number>): string =>
  Object.entries(sums)
    .map(([currency, amount]) => `${amount.toFixed(amount > 0 && amount < 1 ? 3 : 2)} ${currency}`)
    .join(' + ') || '0';

function table(report: UsageReport): string[] {
  const head = [report.by, 'generations', 'images', 'billed', 'possibly', 'cost'];
  const line = (r: UsageRow): string[] => [
    r.key,
    String(r.generations),
    String(r.images),
    String(r.billedImages),
    String(r.possiblyBilledImages),
    money(r.cost),
  ];
  const cells = [head, ...report.rows.map(line), line(report.total)];
  const widths = head.map((_, c) => Math.max(...cells.map((row) => row[c]!.length)));
  return cells.map((row) =>
    row
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd(),
  );
}

export const USAGE_COMMAND: Record<string, CommandSpec> = {
  usage: {
    options: { since: { type: 'string' }, by: { type: 'string' } },
    usage: ['usage [--since DATE] [--by day|week|month|model]   images, billed and possibly billed, cost'],
    run: async (positionals, v, ctx) => {
      if (positionals.length > 0) throw new UsageError('usage takes no arguments.');
      const by = toText(v.by, '--by') ?? 'day';
      if (by !== 'day' && by !== 'week' && by !== 'month' && by !== 'model')
        throw new UsageError('--by is day, week, month or model.');
      const sinceText = toText(v.since, '--since');
      const since = sinceText === undefined ? undefined : parseSince(sinceText);
      const report = new LedgerRepository(ctx.library.db).usage({ by, ...(since !== undefined ? { since } : {}) });
      if (v.json === true) {
        const out = { ...report, since: report.since === null ? null : new Date(report.since).toISOString() };
        say(JSON.stringify({ usage: out }));
      } else {
        for (const row of table(report)) say(row);
        if (report.total.possiblyBilledImages > 0)
          say(
            `possibly billed: creates cut off in flight, at most ${report.total.possiblyBilledImages} images (${money(report.total.possibleCost)}); never resent on their own.`,
          );
      }
      return 0;
    },
  },
};
