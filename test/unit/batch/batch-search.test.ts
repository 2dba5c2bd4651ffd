import { describe, expect, it } from 'vitest';
import { describeProblem, filterLabel, parseSearch } from '../../../src/shared/search-syntax';
import { generationClauses, readSearch } from '../../../src/main/services/library/search-filters';

// `batch:<id>`: the gallery's batch filter (issue 12), read alike by the gallery, main and the CLI.

describe('batch: search filter', () => {
  it('reads an id in English or Chinese, leaving the free text', () => {
    const parsed = parseSearch('cat batch:b_mx52abc 批量：b_2');
    expect(parsed.text).toBe('cat');
    expect(parsed.filters.map((f) => f.filter)).toEqual([
      { key: 'batch', batchId: 'b_mx52abc' },
      { key: 'batch', batchId: 'b_2' },
    ]);
    expect(filterLabel(parsed.filters[0]!)).toBe('batch: b_mx52abc');
  });

  it('refuses an empty or malformed id with a reason in both languages', () => {
    const parsed = parseSearch('batch: batch:a;drop');
    expect(parsed.problems.map((p) => p.reason)).toEqual(['empty', 'notBatch']);
    expect(describeProblem(parsed.problems[1]!, 'en')).toBe('"a;drop" is not a batch id');
    expect(describeProblem(parsed.problems[1]!, 'zh-CN')).toContain('批量');
  });

  it('becomes a condition on the generation', () => {
    expect(generationClauses(readSearch('batch:b_1').filters)).toEqual({
      clauses: ['g.batch_id = ?'],
      params: ['b_1'],
    });
  });
});
