import { Icon, type IconProps } from '../../components/icons';
import { useT } from '../../lib/i18n';
import { galleryStore, useGalleryStore } from '../gallery/gallery-store';
import { compareStrings } from './compare-strings';

// The gallery toolbar's "Stack versions": on (the default), a rerun, vary or A/B twin stays under
// its original's tile, which carries the count; off, every version has its own tile.

const StackIcon = (p: IconProps) => (
  <Icon {...p}>
    <rect x="4" y="8" width="12" height="12" rx="2" />
    <path d="M8 4h10a2 2 0 012 2v10" />
  </Icon>
);

export function StackToggle() {
  const t = useT(compareStrings);
  const isStacked = useGalleryStore((s) => s.filters.isStacked);
  return (
    <button
      type="button"
      className="gallery-toggle is-icon"
      data-testid="gallery-stack"
      aria-pressed={isStacked}
      aria-label={t('stackVersions')}
      title={t('stackVersionsHint')}
      onClick={() => galleryStore.getState().setFilters({ isStacked: !isStacked })}
    >
      <StackIcon size={15} />
    </button>
  );
}
