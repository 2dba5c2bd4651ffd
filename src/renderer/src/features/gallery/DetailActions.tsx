import type { GenerationView, ImageView } from '../../../../shared/contract';
import type { GenerationRecord } from '../../../../shared/library-types';
import { isImported, rerunBlockOf, type RerunBlock } from '../../../../shared/rerun-rule';
import { useAppStore } from '../../app/app-store';
import { Button } from '../../components/Button';
import { useT } from '../../lib/i18n';
import { takePaletteFromImage } from '../studio/palette-actions';
import { inputsOf } from '../studio/inputs-api';
import { copyImage, copyText, editInStudio, rerun, showInFolder } from './detail-actions';
import { detailStrings } from './detail-strings';
import { restoreImages, toggleFavorite, trashImages, referenceImages } from './gallery-actions';
import {
  CopyIcon,
  EditIcon,
  FolderIcon,
  RerunIcon,
  RestoreIcon,
  ShuffleIcon,
  StarIcon,
  TrashIcon,
} from './gallery-icons';

// What can be done with the image shown. Rerun and Vary only where a request can be rebuilt
// (the same rule main refuses by); otherwise one sentence says why they are missing.

type T = ReturnType<typeof useT<typeof detailStrings>>;

function noRerunSentence(t: T, block: RerunBlock, item: ImageView, record: GenerationRecord | null): string {
  if (block === 'no_prompt') return t('noRerunPrompt');
  if (record === null || isImported(record)) return t('noRerunImported');
  return t('noRerunModel', { model: item.model });
}

export function DetailActions({ item, view }: { item: ImageView; view: GenerationView | null }) {
  const t = useT(detailStrings);
  const isElectron = useAppStore((s) => s.info?.host === 'electron');
  const record = view?.generation ?? null;
  const prompt = record?.prompt ?? item.prompt;
  const isTrashed = item.deletedAt !== null;
  // The image's own model and prompt are enough to tell, before the record has loaded.
  const block = rerunBlockOf(record ?? { model: item.model, prompt: item.prompt });
  return (
    <section className="detail-section detail-actions" aria-label={t('actions')}>
      {block && (
        <p className="detail-no-rerun" data-testid="detail-no-rerun" data-reason={block}>
          {noRerunSentence(t, block, item, record)}
        </p>
      )}
      <div className="detail-actions-primary">
        {!block && (
          <>
            <Button
              variant="primary"
              size="sm"
              icon={<RerunIcon size={14} />}
              data-testid="detail-rerun"
              title={t('rerunHint')}
              disabled={isTrashed}
              onClick={() => void rerun(item.generationId, false)}
            >
              {t('rerun')}
            </Button>
            <Button
              size="sm"
              icon={<ShuffleIcon size={14} />}
              data-testid="detail-vary"
              title={t('varyHint')}
              disabled={isTrashed}
              onClick={() => void rerun(item.generationId, true)}
            >
              {t('vary')}
            </Button>
          </>
        )}
        <Button
          size="sm"
          icon={<EditIcon size={14} />}
          data-testid="detail-edit"
          disabled={!record}
          onClick={() => record && editInStudio(record, inputsOf(view))}
        >
          {t('edit')}
        </Button>
        <Button
          size="sm"
          data-testid="detail-use-reference"
          title={t('useAsReferenceHint')}
          disabled={isTrashed}
          onClick={() => referenceImages([item.id])}
        >
          {t('useAsReference')}
        </Button>
        <Button
          size="sm"
          variant="ghost"
          data-testid="detail-take-palette"
          title={t('takePaletteHint')}
          onClick={() => void takePaletteFromImage(item.id)}
        >
          {t('takePalette')}
        </Button>
      </div>
      <div className="detail-actions-secondary">
        {isTrashed ? (
          <Button
            size="sm"
            icon={<RestoreIcon size={14} />}
            data-testid="detail-restore"
            onClick={() => void restoreImages([item])}
          >
            {t('restore')}
          </Button>
        ) : (
          <>
            <Button
              variant="ghost"
              size="sm"
              icon={<StarIcon size={14} isFilled={item.isFavorite} />}
              data-testid="detail-favorite"
              aria-pressed={item.isFavorite}
              className={item.isFavorite ? 'is-favorite' : undefined}
              onClick={() => void toggleFavorite(item)}
            >
              {item.isFavorite ? t('unfavorite') : t('favorite')}
            </Button>
            <Button
              variant="ghost"
              size="sm"
              icon={<TrashIcon size={14} />}
              className="btn-danger-text"
              data-testid="detail-delete"
              onClick={() => void trashImages([item])}
            >
              {t('delete')}
            </Button>
          </>
        )}
        <Button
          variant="ghost"
          size="sm"
          icon={<CopyIcon size={14} />}
          data-testid="detail-copy-prompt"
          onClick={() => void copyText(prompt, 'promptCopied')}
        >
          {t('copyPrompt')}
        </Button>
        <Button
          variant="ghost"
          size="sm"
          icon={<CopyIcon size={14} />}
          data-testid="detail-copy-image"
          onClick={() => void copyImage(item.url)}
        >
          {t('copyImage')}
        </Button>
        <Button
          variant="ghost"
          size="sm"
          icon={<FolderIcon size={14} />}
          data-testid="detail-show-in-folder"
          disabled={!isElectron}
          title={isElectron ? t('showInFolder') : t('showInFolderBrowser')}
          aria-describedby={isElectron ? undefined : 'detail-folder-reason'}
          onClick={() => void showInFolder(item.id)}
        >
          {t('showInFolder')}
        </Button>
        {!isElectron && (
          <span id="detail-folder-reason" className="visually-hidden">
            {t('showInFolderBrowser')}
          </span>
        )}
      </div>
    </section>
  );
}
