import { useState } from 'react';
import type { GenerationView, ImageView } from '../../../../shared/contract';
import { otherModel, planTwin, twinSizes } from '../../../../shared/compare/twin-request';
import { isModelId } from '../../../../shared/models';
import { Button } from '../../components/Button';
import { Select } from '../../components/Select';
import { useT } from '../../lib/i18n';
import { compareStrings } from './compare-strings';
import './versions.css';
import { BLOCK_KEYS, makeTwin, sourceOfView } from './twin-actions';

// The detail view's A/B row: one click makes a twin with the same seed and one change; the
// comparison opens when it lands. A twin the rules would refuse is not offered: a sentence says why.

export function TwinActions({ item, view }: { item: ImageView; view: GenerationView | null }) {
  const t = useT(compareStrings);
  const [size, setSize] = useState<string>('');
  if (!view || !isModelId(view.generation.model) || item.deletedAt !== null) return null;
  const source = sourceOfView(view);
  const thinking = planTwin(source, 'thinking');
  const model = planTwin(source, 'model');
  const other = otherModel(view.generation.model);
  const sizes = twinSizes(source, view.generation.model).filter((s) => s !== view.generation.size);
  const chosen = sizes.includes(size) ? size : (sizes[0] ?? '');
  const notes = [thinking, model]
    .filter((p) => !p.ok)
    .map((p) => (p.ok ? '' : t(BLOCK_KEYS[p.block])))
    .filter((text, i, all) => all.indexOf(text) === i);
  const movedSize = model.ok && model.change.size ? model.change.size : null;

  return (
    <section className="detail-section twin-actions" aria-labelledby="twin-actions-title" data-testid="twin-actions">
      <h3 id="twin-actions-title" className="detail-heading">
        {t('twins')}
      </h3>
      <div className="twin-row">
        {thinking.ok && (
          <Button size="sm" data-testid="twin-thinking" onClick={() => void makeTwin(item, view, 'thinking')}>
            {thinking.change.thinkingMode ? t('twinThinkingOn') : t('twinThinkingOff')}
          </Button>
        )}
        {model.ok && (
          <Button size="sm" data-testid="twin-model" onClick={() => void makeTwin(item, view, 'model')}>
            {t('twinModel', { model: other })}
          </Button>
        )}
      </div>
      {movedSize && <p className="twin-note">{t('twinSizeNote', { model: other, size: movedSize })}</p>}
      {sizes.length > 0 && (
        <div className="twin-row">
          <label className="visually-hidden" htmlFor="twin-size">
            {t('twinSizeLabel')}
          </label>
          <Select
            id="twin-size"
            className="twin-size"
            data-testid="twin-size-select"
            value={chosen}
            options={sizes.map((s) => ({ value: s, label: s }))}
            onValueChange={setSize}
          />
          <Button size="sm" data-testid="twin-size" onClick={() => void makeTwin(item, view, 'size', chosen)}>
            {t('twinSize')}
          </Button>
        </div>
      )}
      {notes.map((note) => (
        <p key={note} className="twin-note">
          {note}
        </p>
      ))}
    </section>
  );
}
