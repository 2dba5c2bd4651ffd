// The X/Y plot of a batch (issue 12): its rows laid out by the values of two varying axes, the
// rest of the axes splitting it into pages. Pure, shared by the renderer's grid view and main's
// contact sheet, so both show the same layout.

export type GridRowInput = { index: number; vars: Readonly<Record<string, string>> };

export type GridPage<R extends GridRowInput> = {
  /** The other axes' values on this page (empty when only X and Y vary). */
  fixed: Array<{ axis: string; value: string }>;
  /** `cells[y][x]`: the rows at that crossing, in row order (a zipped plan may leave a cell empty). */
  cells: R[][][];
};

export type BatchGrid<R extends GridRowInput> = {
  /** The axes whose value differs between rows, in the order the plan named them. */
  axes: string[];
  x: string | null;
  y: string | null;
  /** Column headers (a single empty header when there is no X axis). */
  xValues: string[];
  yValues: string[];
  pages: GridPage<R>[];
};

/** Every axis named by some row, in first-seen order. */
function axisNames(rows: readonly GridRowInput[], preferred: readonly string[]): string[] {
  const names = [...preferred];
  for (const row of rows) for (const key of Object.keys(row.vars)) if (!names.includes(key)) names.push(key);
  return names;
}

/** The distinct values of an axis, in the order rows first show them (a missing value is ''). */
export function axisValues(rows: readonly GridRowInput[], axis: string): string[] {
  const seen = new Set<string>();
  for (const row of rows) seen.add(row.vars[axis] ?? '');
  return [...seen];
}

/** The axes along which rows differ: an axis with one value for all rows is no axis to plot. */
export function varyingAxes(rows: readonly GridRowInput[], preferred: readonly string[] = []): string[] {
  return axisNames(rows, preferred).filter((axis) => axisValues(rows, axis).length > 1);
}

/**
 * Lays rows out by `x` and `y` (default: the first two varying axes). A named axis that does not
 * vary is dropped, so a stale choice never yields an empty grid.
 */
export function buildGrid<R extends GridRowInput>(
  rows: readonly R[],
  choice: { x?: string | null; y?: string | null; preferred?: readonly string[] } = {},
): BatchGrid<R> {
  const axes = varyingAxes(rows, choice.preferred);
  const pick = (wanted: string | null | undefined, fallback: string | undefined): string | null =>
    wanted === null ? null : wanted !== undefined && axes.includes(wanted) ? wanted : (fallback ?? null);
  const x = pick(choice.x, axes[0]);
  const y = pick(
    choice.y,
    axes.find((a) => a !== x),
  );
  const yAxis = y === x ? null : y;
  const xValues = x ? axisValues(rows, x) : [''];
  const yValues = yAxis ? axisValues(rows, yAxis) : [''];
  const others = axes.filter((a) => a !== x && a !== yAxis);

  const pages = new Map<string, GridPage<R>>();
  for (const row of rows) {
    const fixed = others.map((axis) => ({ axis, value: row.vars[axis] ?? '' }));
    const key = JSON.stringify(fixed.map((f) => f.value));
    let page = pages.get(key);
    if (!page) {
      page = { fixed, cells: yValues.map(() => xValues.map(() => [])) };
      pages.set(key, page);
    }
    const col = x ? xValues.indexOf(row.vars[x] ?? '') : 0;
    const line = yAxis ? yValues.indexOf(row.vars[yAxis] ?? '') : 0;
    page.cells[line]![col]!.push(row);
  }
  return { axes, x, y: yAxis, xValues, yValues, pages: [...pages.values()] };
}

/** A page's caption: `style = ink · seed = 7`. */
export function pageLabel(page: { fixed: ReadonlyArray<{ axis: string; value: string }> }): string {
  return page.fixed.map((f) => `${f.axis} = ${f.value}`).join(' · ');
}

type PlainRow = GridRowInput & { prompt: string; seed: number; size: string; model: string };

/**
 * Rows whose plan named no varying axis (a list of prompts, a CSV of prompts only) still differ in
 * their request: the fields that differ become the axes, so the grid has headers to show.
 */
export function withRequestAxes<R extends PlainRow>(rows: readonly R[]): R[] {
  if (varyingAxes(rows).length > 0) return [...rows];
  const fields = (['prompt', 'model', 'size', 'seed'] as const).filter(
    (f) => new Set(rows.map((r) => String(r[f]))).size > 1,
  );
  if (fields.length === 0) return [...rows];
  return rows.map((r) => ({ ...r, vars: { ...Object.fromEntries(fields.map((f) => [f, String(r[f])])), ...r.vars } }));
}
