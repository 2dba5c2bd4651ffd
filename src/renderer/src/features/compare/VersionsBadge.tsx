import type { ImageView } from '../../../../shared/contract';
import { useT } from '../../lib/i18n';
import { compareStrings } from './compare-strings';
import { toggleVersionsOf, useGridVersions } from './grid-versions-store';

/** A stacked tile's version count: a button that lays the versions out under the tile's row. */
export function VersionsBadge({ item, index, versions }: { item: ImageView; index: number; versions: number }) {
  const t = useT(compareStrings);
  const isExpanded = useGridVersions((s) => s.expanded?.generationId === item.generationId);
  return (
    <button
      type="button"
      className="gallery-versions"
      data-testid="gallery-versions"
      // Reached by V on the tile; one tab stop per grid stays the tile's.
      tabIndex={-1}
      aria-expanded={isExpanded}
      title={isExpanded ? t('hideVersions') : t('showVersions', { n: versions })}
      onClick={() => toggleVersionsOf(item, index)}
    >
      {/* Named by what it shows (the count) and then what it does, so voice control finds it. */}
      <span aria-hidden="true">⧉ </span>
      {versions}
      <span className="visually-hidden">
        {' '}
        {t('versionsAction', { action: isExpanded ? t('hideVersions') : t('showVersions', { n: versions }) })}
      </span>
    </button>
  );
}
