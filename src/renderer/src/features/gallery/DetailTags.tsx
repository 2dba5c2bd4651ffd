import type { ImageView } from '../../../../shared/contract';
import { useT } from '../../lib/i18n';
import { reportFailure } from './gallery-actions';
import { galleryStore } from './gallery-store';
import { selectionStrings } from './selection-strings';
import { refreshTags } from './tag-store';
import { TagChip, TagInput } from './TagInput';
import { beforeChange, recordChange, tagsUndo } from './undo-stack';

// The detail panel's tags: shown as chips with a remove button, added by typing (with
// suggestions from tags in use). Changes apply at once, like favourite.

async function changeTags(imageId: string, add: string[], remove: string[]): Promise<void> {
  const before = beforeChange([imageId]);
  try {
    await galleryStore.getState().tag([imageId], add, remove);
    recordChange(tagsUndo(before, add, remove));
  } catch (error) {
    reportFailure(error);
  } finally {
    refreshTags();
  }
}

export function DetailTags({ item }: { item: ImageView }) {
  const t = useT(selectionStrings);
  const isTrashed = item.deletedAt !== null;
  return (
    <section className="detail-section detail-tags" aria-labelledby="detail-tags-title" data-testid="detail-tags">
      <h3 id="detail-tags-title" className="detail-heading">
        {t('tags')}
      </h3>
      {item.tags.length > 0 ? (
        <div className="tag-list">
          {item.tags.map((name) => (
            <TagChip
              key={name}
              name={name}
              removeLabel={t('removeTag', { name })}
              onRemove={isTrashed ? undefined : () => void changeTags(item.id, [], [name])}
            />
          ))}
        </div>
      ) : (
        <p className="detail-faint">{t('noTags')}</p>
      )}
      {!isTrashed && (
        <TagInput
          key={item.id}
          existing={item.tags}
          testId="detail-tag-input"
          onAdd={(tags) => void changeTags(item.id, tags, [])}
        />
      )}
    </section>
  );
}
