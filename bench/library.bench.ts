import type { Database, Statement } from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openLibrary } from '../src/main/services/library/library';
import { LibraryRepository } from '../src/main/services/library/library-repository';
import { writeSyntheticLibrary } from '../test/fixtures/synthetic-library';
import {
  FILTER_P95_TARGET_MS,
  load,
  ms,
  runCounts,
  runFilters,
  runMigration,
  runOpen,
  runPages,
  summary,
  timed,
  verdict,
} from './library-scale.bench';

// Library queries on a synthetic library (100,000 generations by default; `--scale N`, or an
// existing library with `--home DIR`): full-text search here, and filters, pages, counts, opening
// and the last migration in library-scale.bench.ts. Figures only: this never fails, it says
// whether each target was met.

const DEFAULT_GENERATIONS = 100_000;
const RUNS_PER_QUERY = 5;
const PAGE_LIMIT = 100;

type QueryClass = 'zh 1-2 chars' | 'zh 3+ chars' | 'english' | 'multi-term' | 'no match';

// Issue 13: terms of 3+ characters within 5 ms; 1-2 character Chinese terms (and the filters)
// within 20 ms. A class mixing both is held to the looser target.
const CLASS_TARGET_MS: Record<QueryClass, number> = {
  'zh 1-2 chars': FILTER_P95_TARGET_MS,
  'zh 3+ chars': 5,
  english: 5,
  'multi-term': FILTER_P95_TARGET_MS,
  'no match': FILTER_P95_TARGET_MS,
};

// prettier-ignore
const QUERIES: Record<QueryClass, readonly string[]> = {
  'zh 1-2 chars': ['花店', '小猫', '雪山', '熊猫', '油画', '逆光', '金鱼', '城堡', '星空', '竹林', '龙', '兔子'],
  'zh 3+ chars': ['江南水乡', '水彩风格', '赛博朋克城市', '宇航员', '电影感', '吉卜力风格', '丁达尔效应', '水墨山水',
    '蒸汽朋克飞艇', '月光下的屋顶', '国潮插画', '光影自然'],
  english: ['watercolor', 'lighthouse', 'astronaut', 'cinematic', 'fox', 'dragon', 'moonlight', 'neon', 'Cyberpunk'],
  'multi-term': ['小猫 水彩', '花店 油画', '江南水乡 水墨画', '宇航员 星空', 'golden hour', 'cat watercolor',
    '熊猫 竹林 水墨', '雪山 金色时刻', '龙 电影感'],
  'no match': ['恐龙', '独角兽', '宇宙飞船', 'unicorn', '小猫 恐龙', 'xyzzy'],
};

/** The SQL and parameters the repository runs for a search, captured so its plan can be shown. */
function capturedQuery(db: Database, search: string): { sql: string; params: unknown[] } | undefined {
  let captured: { sql: string; params: unknown[] } | undefined;
  const spyStatement = (sql: string, statement: Statement): Statement =>
    new Proxy(statement, {
      get(target, prop) {
        if (prop === 'all')
          return (...params: unknown[]) => {
            captured = { sql, params };
            return target.all(...params);
          };
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  const spyDb = new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => spyStatement(sql, target.prepare(sql));
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  new LibraryRepository(spyDb).listGenerations({ search, limit: PAGE_LIMIT });
  return captured;
}

function explain(db: Database, search: string): string {
  const query = capturedQuery(db, search);
  if (!query) return '(no query captured)';
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as Array<{ detail: string }>;
  return `${plan.map((row) => row.detail).join(' | ')}\n      SQL: ${query.sql.replace(/\s+/g, ' ')}`;
}

export type LibraryBenchOptions = { generations?: number; home?: string };

export async function run(options: LibraryBenchOptions = {}): Promise<void> {
  // An existing library (made by bench/make-library.ts) is used as it is, migrated if older.
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'wan-bench-library-'));
  try {
    if (!options.home) {
      const made = writeSyntheticLibrary(home, { generations: options.generations ?? DEFAULT_GENERATIONS });
      const rate = Math.round(made.generations / (made.ms / 1000)).toLocaleString('en');
      console.log(
        `synthetic library: ${made.generations.toLocaleString('en')} generations, ${made.images.toLocaleString('en')} images, written in ${(made.ms / 1000).toFixed(1)} s (${rate} generations/s; ${load()})`,
      );
    }
    const opened = timed(() => openLibrary(home));
    const library = opened.value;
    try {
      const counted = library.db
        .prepare(
          'SELECT (SELECT count(*) FROM generations) AS generations, (SELECT sum(n) FROM image_counts) AS images',
        )
        .get() as { generations: number; images: number };
      console.log(
        `library: ${counted.generations.toLocaleString('en')} generations, ${counted.images.toLocaleString('en')} images; opened (and migrated if older) in ${ms(opened.ms)}`,
      );
      runSearch(library.db, library.repo);
      runFilters(library);
      runPages(library);
      await runCounts(library);
    } finally {
      library.close();
    }
    await runOpen(home);
    runMigration(home);
  } finally {
    if (!options.home) rmSync(home, { recursive: true, force: true });
  }
}

function runSearch(db: Database, repo: LibraryRepository): void {
  const all = Object.entries(QUERIES).flatMap(([kind, list]) => list.map((q) => ({ kind: kind as QueryClass, q })));
  const samples = new Map<string, number[]>(all.map(({ q }) => [q, []]));
  const cpu = new Map<string, number[]>(all.map(({ q }) => [q, []]));
  const hits = new Map<string, number>();
  for (const { q } of all) hits.set(q, repo.listGenerations({ search: q, limit: PAGE_LIMIT }).length); // warm-up
  // Round-robin, so every query sees the same cache state on average.
  for (let round = 0; round < RUNS_PER_QUERY; round++)
    for (const { q } of all) {
      const took = timed(() => repo.listGenerations({ search: q, limit: PAGE_LIMIT }));
      samples.get(q)!.push(took.ms);
      cpu.get(q)!.push(took.cpuMs);
    }

  console.log(
    `\nsearch: ${all.length} queries x ${RUNS_PER_QUERY} runs, listGenerations({ search, limit: 100 }) (${load()})`,
  );
  const slowClasses: QueryClass[] = [];
  for (const kind of Object.keys(QUERIES) as QueryClass[]) {
    const s = summary(all.filter((e) => e.kind === kind).flatMap(({ q }) => samples.get(q)!));
    const c = summary(all.filter((e) => e.kind === kind).flatMap(({ q }) => cpu.get(q)!));
    const target = CLASS_TARGET_MS[kind];
    if (s.p95 > target) slowClasses.push(kind);
    console.log(
      `  ${kind.padEnd(16)} ${s.line}  cpu p95 ${ms(c.p95)}   target p95 <= ${target} ms: ${verdict(s.p95 <= target)}`,
    );
  }
  const byMedian = all
    .map(({ kind, q }) => ({ kind, q, median: summary(samples.get(q)!).p50 }))
    .sort((a, b) => b.median - a.median);
  console.log('  slowest queries (median, hits):');
  for (const { kind, q, median } of byMedian.slice(0, 8))
    console.log(`    ${ms(median).padStart(10)}  ${String(hits.get(q)).padStart(3)} hits  "${q}"  [${kind}]`);
  if (slowClasses.length === 0) return;

  console.log('  why (EXPLAIN QUERY PLAN of the slowest query in each slow class):');
  for (const kind of slowClasses) {
    const worst = byMedian.find((e) => e.kind === kind)!;
    console.log(`    [${kind}] "${worst.q}" ${ms(worst.median)}: ${explain(db, worst.q)}`);
  }
  console.log(
    '    "USE TEMP B-TREE FOR ORDER BY" = every FTS match is fetched and sorted before LIMIT applies;\n' +
      '    "SCAN g USING INDEX generations_created" with LIKE = rows are read newest-first until 100 match (all of them when few do).',
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
