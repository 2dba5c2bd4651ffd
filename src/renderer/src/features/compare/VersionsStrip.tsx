import { useEffect, useState } from 'react';
import type { ImageView, InvokeOutput } from '../../../../shared/contract';
import { Button } from '../../components/Button';
import { useT } from '../../lib/i18n';
import { call, onEvent } from '../../lib/wan';
import { galleryStore } from '../gallery/gallery-store';
import { compareStrings } from './compare-strings';
import './versions.css';
import { openCompare } from './compare-store';

// Versions stay together (issue 12): the detail view lists the original and every rerun, vary
// and A/B twin made from it, oldest first; each opens in the detail view, and any version can be
// compared with the original in one click.

type Lineage = InvokeOutput<'generation.lineage'>;

/** The family of a generation (original and versions), kept current as new versions land. */
export function useLineage(generationId: string): Lineage | null {
  const [lineage, setLineage] = useState<{ id: string; value: Lineage } | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let isCurrent = true;
    call('generation.lineage', { generationId }).then(
      (value) => isCurrent && setLineage({ id: generationId, value }),
      () => isCurrent && setLineage(null),
    );
    return () => {
      isCurrent = false;
    };
  }, [generationId, version]);
  const ids = lineage?.value.entries.map((e) => e.view.generation.id).join(',') ?? generationId;
  // A new version of anything in this family lands: list it.
  useEffect(
    () =>
      onEvent('generation.finished', ({ view }) => {
        const parent = view?.generation.rerunOf;
        if (parent && ids.split(',').includes(parent)) setVersion((v) => v + 1);
      }),
    [ids],
  );
  return lineage?.id === generationId ? lineage.value : null;
}

/** The picture at a set's place in a version, or its first one still out of the trash. */
export function imageOf(images: readonly ImageView[], index: number): ImageView | undefined {
  return images.find((i) => i.index === index && i.deletedAt === null) ?? images.find((i) => i.deletedAt === null);
}

export function VersionsStrip({ item }: { item: ImageView }) {
  const t = useT(compareStrings);
  const lineage = useLineage(item.generationId);
  if (!lineage || lineage.entries.length < 2) return null;
  const root = lineage.entries.find((e) => e.depth === 0);
  const rootImage = root ? imageOf(root.view.images, item.index) : undefined;
  const count = lineage.entries.length - 1;
  return (
    <section className="detail-section versions" aria-labelledby="versions-title" data-testid="versions">
      <h3 id="versions-title" className="detail-heading">
        {t('versions')}{' '}
        <span className="versions-count" data-testid="versions-count">
          {count === 1 ? t('versionOne') : t('versionCount', { n: count })}
        </span>
      </h3>
      <ol className="versions-list">
        {lineage.entries.map(({ depth, view }, k) => {
          const g = view.generation;
          const image = imageOf(view.images, item.index);
          const isCurrent = g.id === item.generationId;
          const name = depth === 0 ? t('original') : `v${k}`;
          const detail = t('versionLabel', { model: g.model, size: g.size, seed: g.seed });
          return (
            <li key={g.id} className="versions-item" style={{ paddingInlineStart: `${Math.min(depth, 4) * 12}px` }}>
              <button
                type="button"
                className="versions-button"
                data-testid="version"
                data-generation-id={g.id}
                data-depth={depth}
                aria-current={isCurrent ? 'true' : undefined}
                disabled={!image || isCurrent}
                onClick={() => image && void galleryStore.getState().reveal(image)}
              >
                {image?.thumbUrl ? (
                  <img className="versions-thumb" src={image.thumbUrl} alt="" />
                ) : (
                  <span className="versions-thumb is-empty" aria-hidden="true" />
                )}
                <span className="versions-text">
                  <strong>{name}</strong>
                  <span>{image ? detail : `${detail} · ${t('noImage')}`}</span>
                </span>
              </button>
            </li>
          );
        })}
      </ol>
      {rootImage && root?.view.generation.id !== item.generationId && (
        <Button size="sm" data-testid="versions-compare" onClick={() => openCompare([rootImage, item])}>
          {t('compareVersions')}
        </Button>
      )}
    </section>
  );
}
