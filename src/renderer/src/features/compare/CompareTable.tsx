import type { GenerationView, ImageView } from '../../../../shared/contract';
import { diffParameters, type CompareSource, type ParamValue } from '../../../../shared/compare/param-diff';
import { useT } from '../../lib/i18n';
import { compareStrings } from './compare-strings';
import { LETTERS } from './ComparePanes';

// The parameters of the compared images, one column each. A row that differs says so in words
// ("Differs") and with a sign, not only with its colour.

type T = ReturnType<typeof useT<typeof compareStrings>>;

function sourceOf(item: ImageView, view: GenerationView): CompareSource {
  return {
    generation: view.generation,
    references: view.inputs.map((i) => i.sha256),
    width: item.width,
    height: item.height,
    index: item.index,
  };
}

function show(value: ParamValue, t: T): string {
  if (value === null || value === '') return t('none');
  if (typeof value === 'boolean') return value ? t('on') : t('off');
  return String(value);
}

export function CompareTable({
  items,
  views,
}: {
  items: readonly ImageView[];
  views: readonly (GenerationView | null)[];
}) {
  const t = useT(compareStrings);
  if (views.some((v) => v === null))
    return (
      <p className="compare-loading" role="status" aria-live="polite">
        {t('loading')}
      </p>
    );
  const rows = diffParameters(items.map((item, i) => sourceOf(item, views[i]!)));
  const differing = rows.filter((r) => r.isDifferent).map((r) => t(r.key));
  return (
    <section className="compare-params" aria-labelledby="compare-params-title" tabIndex={0}>
      <h3 id="compare-params-title" className="compare-params-title">
        {t('parameters')}
        <span className="compare-summary" data-testid="compare-summary">
          {differing.length > 0 ? t('differSummary', { keys: differing.join(', ') }) : t('noDifference')}
        </span>
      </h3>
      <table className="compare-table" data-testid="compare-table">
        <thead>
          <tr>
            <th scope="col">{t('parameter')}</th>
            {items.map((item, i) => (
              <th key={item.id} scope="col">
                {t('paneLabel', { letter: LETTERS[i]! })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.key}
              className={row.isDifferent ? 'is-different' : undefined}
              data-testid="compare-row"
              data-key={row.key}
              data-different={row.isDifferent}
            >
              <th scope="row">
                <span className="compare-row-name">{t(row.key)}</span>
                {row.isDifferent && (
                  <span className="compare-differs">
                    <span aria-hidden="true">≠ </span>
                    {t('differs')}
                  </span>
                )}
              </th>
              {row.values.map((value, i) => (
                <td key={i}>{show(value, t)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
