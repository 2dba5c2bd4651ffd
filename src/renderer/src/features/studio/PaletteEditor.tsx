import { useState, type KeyboardEvent } from 'react';
import { MODE_RULES, PALETTE_LIMITS, type PaletteEntry } from '../../../../shared/capabilities';
import { Button } from '../../components/Button';
import { FieldSet } from '../../components/Field';
import { CloseIcon, PlusIcon } from '../../components/icons';
import { useT } from '../../lib/i18n';
import { paletteFromSource, usePaletteStore } from './palette-actions';
import {
  addColor,
  defaultPalette,
  evenRatios,
  nextColor,
  normalizeHex,
  paletteSum,
  removeColor,
  setHex,
  setRatio,
} from './palette-model';
import { referenceStrings } from './reference-strings';
import { SavedPalettes } from './SavedPalettes';
import { formModeOf } from './studio-form';
import { useStudioStore } from './studio-store';

// The exact palette: 3–10 colours, each with a colour picker, a hex field and its share in
// percent. Shares always sum to 100.00: editing one rebalances the others (palette-model.ts).
// Text fields keep what is being typed and apply it on Enter or leaving the field.

type RowProps = {
  entry: PaletteEntry;
  index: number;
  count: number;
  isDisabled: boolean;
  onChange: (next: (entries: readonly PaletteEntry[]) => PaletteEntry[]) => void;
};

function ColorRow({ entry, index, count, isDisabled, onChange }: RowProps) {
  const t = useT(referenceStrings);
  const k = index + 1;
  // A draft while typing (null: show the saved value), so a half-typed value is neither lost nor applied.
  const [hexDraft, setHexDraft] = useState<string | null>(null);
  const [ratioDraft, setRatioDraft] = useState<string | null>(null);
  const hexText = hexDraft ?? entry.hex;
  const ratioText = ratioDraft ?? entry.ratio.toFixed(2);
  const hexValid = normalizeHex(hexText) !== undefined;

  const applyHex = (): void => {
    const hex = normalizeHex(hexText);
    if (hex) onChange((all) => setHex(all, index, hex));
    setHexDraft(null);
  };
  const applyRatio = (): void => {
    const ratio = Number(ratioText);
    if (ratioText.trim() !== '' && Number.isFinite(ratio)) onChange((all) => setRatio(all, index, ratio));
    setRatioDraft(null);
  };
  const onEnter = (apply: () => void) => (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      apply();
    }
  };

  return (
    <li className="palette-row" data-testid="palette-row">
      <input
        type="color"
        className="palette-swatch"
        aria-label={t('colorN', { k })}
        value={entry.hex.toLowerCase()}
        disabled={isDisabled}
        onChange={(e) => onChange((all) => setHex(all, index, e.target.value.toUpperCase()))}
      />
      <input
        className="input mono palette-hex"
        aria-label={t('hexN', { k })}
        aria-invalid={hexValid ? undefined : true}
        data-testid="palette-hex"
        value={hexText}
        maxLength={7}
        spellCheck={false}
        disabled={isDisabled}
        onChange={(e) => setHexDraft(e.target.value)}
        onBlur={applyHex}
        onKeyDown={onEnter(applyHex)}
      />
      <span className="palette-bar" aria-hidden="true">
        <span className="palette-bar-fill" style={{ width: `${entry.ratio}%`, background: entry.hex }} />
      </span>
      <input
        className="input palette-ratio"
        type="number"
        inputMode="decimal"
        min={0.01}
        max={100}
        step={0.01}
        aria-label={t('ratioN', { k })}
        data-testid="palette-ratio"
        value={ratioText}
        disabled={isDisabled}
        onChange={(e) => setRatioDraft(e.target.value)}
        onBlur={applyRatio}
        onKeyDown={onEnter(applyRatio)}
      />
      <span className="palette-percent" aria-hidden="true">
        %
      </span>
      <button
        type="button"
        className="reference-icon"
        aria-label={t('removeColor', { k })}
        title={t('removeColor', { k })}
        disabled={isDisabled || count <= PALETTE_LIMITS.minColors}
        data-testid="palette-remove"
        onClick={() => onChange((all) => removeColor(all, index))}
      >
        <CloseIcon size={12} />
      </button>
    </li>
  );
}

export function PaletteEditor({ error }: { error: string | undefined }) {
  const t = useT(referenceStrings);
  const palette = useStudioStore((s) => s.palette);
  const references = useStudioStore((s) => s.references);
  const isSequential = useStudioStore((s) => s.isSequential);
  const setPalette = useStudioStore((s) => s.setPalette);
  const isExtracting = usePaletteStore((s) => s.isExtracting);
  const extractError = usePaletteStore((s) => s.extractError);
  const isOff = !MODE_RULES[formModeOf({ isSequential, references })].allowsPalette;
  const change = (next: (entries: readonly PaletteEntry[]) => PaletteEntry[]): void =>
    setPalette(next(useStudioStore.getState().palette));
  const sum = paletteSum(palette);

  return (
    <FieldSet
      legend={t('exactPalette')}
      hint={isOff ? t('paletteOff') : t('exactPaletteHint')}
      error={error}
      className={isOff ? 'palette-editor is-disabled' : 'palette-editor'}
      testId="palette-editor"
    >
      {palette.length > 0 ? (
        <>
          <ol className="palette-rows">
            {palette.map((entry, index) => (
              <ColorRow
                key={index}
                entry={entry}
                index={index}
                count={palette.length}
                isDisabled={isOff}
                onChange={change}
              />
            ))}
          </ol>
          <div className="palette-tools">
            <Button
              size="sm"
              icon={<PlusIcon size={14} />}
              data-testid="palette-add"
              disabled={isOff || palette.length >= PALETTE_LIMITS.maxColors}
              onClick={() => change((all) => addColor(all, nextColor(all)))}
            >
              {t('addColor')}
            </Button>
            <Button size="sm" variant="ghost" disabled={isOff} onClick={() => change(evenRatios)}>
              {t('evenOut')}
            </Button>
            <Button size="sm" variant="ghost" data-testid="palette-clear" onClick={() => setPalette([])}>
              {t('clearPalette')}
            </Button>
            <span
              className={sum === 100 ? 'palette-sum' : 'palette-sum is-off'}
              data-testid="palette-sum"
              aria-live="polite"
            >
              {t('sum', { sum: sum.toFixed(2) })}
            </span>
          </div>
        </>
      ) : (
        <div className="palette-tools">
          <Button size="sm" data-testid="palette-start" disabled={isOff} onClick={() => setPalette(defaultPalette())}>
            {t('usePalette')}
          </Button>
        </div>
      )}
      <div className="palette-tools" role="group" aria-label={t('fromImage')}>
        <span className="field-hint">{t('fromImage')}:</span>
        {references.map((r, i) => (
          <Button
            key={r.input.sha256}
            size="sm"
            variant="ghost"
            data-testid="palette-from-reference"
            disabled={isOff || isExtracting}
            onClick={() => void paletteFromSource({ kind: 'input', sha256: r.input.sha256 })}
          >
            {t('fromReference', { n: i + 1 })}
          </Button>
        ))}
        <span className="field-hint">{isExtracting ? t('extracting') : t('fromImageHint')}</span>
      </div>
      {extractError && (
        <p className="field-error" role="alert">
          {extractError}
        </p>
      )}
      <SavedPalettes isDisabled={isOff} />
    </FieldSet>
  );
}
