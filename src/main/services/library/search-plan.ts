// How a search box's text becomes SQL. Every whitespace-separated term must appear as a
// substring of the prompt or a revised prompt.
// - Terms of 3+ characters: the trigram FTS index (generations_fts).
// - Any shorter term (common in Chinese: 花店, 猫): the per-character FTS index
//   (generations_chars), each term a phrase of its characters, rechecked with LIKE because that
//   tokenizer drops punctuation ("花,店" must not match "花店").
// - Terms with no letter or digit (emoji, "!!"): LIKE alone.

export type SearchPlan = {
  /** The FTS table to drive the search, with its MATCH expression; absent when LIKE alone decides. */
  fts?: { table: 'generations_fts' | 'generations_chars'; match: string };
  /** Terms every row must also contain, checked with LIKE. */
  likeTerms: string[];
};

const quote = (text: string): string => `"${text.replace(/"/g, '""')}"`;
const isIndexable = (term: string): boolean => /[\p{L}\p{N}]/u.test(term);

/**
 * How both the index and a query are spelled before they meet: NFKC (full-width letters, digits
 * and punctuation become their usual forms — "阳光，水彩" reads as "阳光,水彩", "ＡＢＣ" as "ABC") and
 * lower case. The index stores folded text (migration 8), so either spelling finds the other.
 */
export function foldText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export function searchTerms(text: string): string[] {
  return foldText(text).trim().split(/\s+/).filter(Boolean).slice(0, 8);
}

/** Characters separated by spaces: what the per-character index stores and matches. */
export function spacedChars(text: string): string {
  return [...text].join(' ');
}

export function planSearch(text: string): SearchPlan | undefined {
  const terms = searchTerms(text);
  if (terms.length === 0) return undefined;
  const indexable = terms.filter(isIndexable);
  const unindexable = terms.filter((t) => !isIndexable(t));
  if (indexable.length === 0) return { likeTerms: terms };
  if (indexable.every((t) => [...t].length >= 3))
    return { fts: { table: 'generations_fts', match: indexable.map(quote).join(' AND ') }, likeTerms: unindexable };
  return {
    fts: { table: 'generations_chars', match: indexable.map((t) => quote(spacedChars(t))).join(' AND ') },
    likeTerms: terms,
  };
}

export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The LIKE conditions for a plan, on generations aliased `g`. */
export function likeClauses(plan: SearchPlan): { clauses: string[]; params: string[] } {
  const clauses: string[] = [];
  const params: string[] = [];
  for (const term of plan.likeTerms) {
    clauses.push("(wan_fold(g.prompt) LIKE ? ESCAPE '\\' OR wan_fold(g.revised_prompts) LIKE ? ESCAPE '\\')");
    params.push(likePattern(term), likePattern(term));
  }
  return { clauses, params };
}
