import { useEffect, useState } from 'react';
import { PALETTE_LIMITS } from '../../../../shared/capabilities';
import { Button } from '../../components/Button';
import { CloseIcon } from '../../components/icons';
import { useT } from '../../lib/i18n';
import { deleteSavedPalette, loadSavedPalettes, savePalette, usePaletteStore } from './palette-actions';
import { referenceStrings } from './reference-strings';
import { useStudioStore } from './studio-store';

// Saved, named palettes: one click applies one, × deletes it, "Save as…" names the current one.

export function SavedPalettes({ isDisabled }: { isDisabled: boolean }) {
  const t = useT(referenceStrings);
  const saved = usePaletteStore((s) => s.saved);
  const loadError = usePaletteStore((s) => s.loadError);
  const palette = useStudioStore((s) => s.palette);
  const setPalette = useStudioStore((s) => s.setPalette);
  const [name, setName] = useState<string | null>(null);
  useEffect(() => void loadSavedPalettes(), []);
  const canSave = palette.length >= PALETTE_LIMITS.minColors && !isDisabled;

  const save = async (): Promise<void> => {
    if (name === null || name.trim() === '') return;
    if (await savePalette(name.trim())) setName(null);
  };

  return (
    <div className="saved-palettes" data-testid="saved-palettes">
      <div className="palette-tools">
        <span className="field-label">{t('saved')}</span>
        {name === null ? (
          <Button size="sm" variant="ghost" disabled={!canSave} data-testid="palette-save" onClick={() => setName('')}>
            {t('savePalette')}
          </Button>
        ) : (
          <form
            className="palette-save-form"
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <input
              className="input"
              aria-label={t('paletteName')}
              placeholder={t('paletteName')}
              data-testid="palette-name"
              value={name}
              maxLength={80}
              autoFocus
              onChange={(e) => setName(e.target.value)}
              onKeyDown={(e) => e.key === 'Escape' && (e.preventDefault(), setName(null))}
            />
            <Button size="sm" type="submit" variant="primary" disabled={name.trim() === ''}>
              {t('saveAction')}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setName(null)}>
              {t('cancel')}
            </Button>
          </form>
        )}
      </div>
      {loadError ? (
        <p className="field-hint">{loadError}</p>
      ) : saved.length === 0 ? (
        <p className="field-hint">{t('savedNone')}</p>
      ) : (
        <ul className="saved-palette-list">
          {saved.map((p) => (
            <li key={p.id} className="saved-palette">
              <button
                type="button"
                className="saved-palette-apply"
                aria-label={t('applySaved', { name: p.name })}
                data-testid="saved-palette"
                disabled={isDisabled}
                onClick={() => setPalette(p.entries.map((e) => ({ hex: e.hex, ratio: e.ratio })))}
              >
                <span className="saved-palette-stripes" aria-hidden="true">
                  {p.entries.map((e, i) => (
                    <span key={i} style={{ flexGrow: e.ratio, background: e.hex }} />
                  ))}
                </span>
                <span className="saved-palette-name">{p.name}</span>
              </button>
              <button
                type="button"
                className="reference-icon"
                aria-label={t('deleteSaved', { name: p.name })}
                title={t('deleteSaved', { name: p.name })}
                onClick={() => void deleteSavedPalette(p.id)}
              >
                <CloseIcon size={12} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
