import { useMemo } from 'react';
import type { AspectRatio, SizeTier } from '../../../../shared/models';
import { FieldSet } from '../../components/Field';
import { useT } from '../../lib/i18n';
import { studioStrings } from './strings';
import { sizeGroupsFor, type SizeBlock } from './studio-form';
import { useStudioStore } from './studio-store';

const TIERS: readonly SizeTier[] = ['4K', '2K', '1K'];

/** A small outline of the ratio, so the shape reads at a glance. */
function RatioGlyph({ ratio }: { ratio: AspectRatio }) {
  const [w, h] = ratio.split(':').map(Number) as [number, number];
  const scale = 14 / Math.max(w, h);
  return (
    <span className="ratio-glyph" aria-hidden="true">
      <span style={{ width: `${Math.round(w * scale)}px`, height: `${Math.round(h * scale)}px` }} />
    </span>
  );
}

export function SizePicker({ error }: { error: string | undefined }) {
  const t = useT(studioStrings);
  const model = useStudioStore((s) => s.model);
  const isSequential = useStudioStore((s) => s.isSequential);
  const hasReferences = useStudioStore((s) => s.references.length > 0);
  const size = useStudioStore((s) => s.size);
  const setSize = useStudioStore((s) => s.setSize);
  const groups = useMemo(() => sizeGroupsFor(model, isSequential, hasReferences), [model, isSequential, hasReferences]);

  const reasonFor = (block: SizeBlock): string =>
    t(block === 'model' ? 'sizeBlockModel' : block === 'sequential' ? 'sizeBlockSequential' : 'sizeBlockReferences');
  const blocks = new Set(groups.flatMap((g) => g.choices.map((c) => c.block)).filter((b) => b !== null));

  return (
    <FieldSet
      legend={t('size')}
      error={error}
      className="size-picker"
      testId="size-picker"
      hint={blocks.size > 0 ? [...blocks].map(reasonFor).join(' ') : undefined}
    >
      <div className="size-groups">
        {groups.map((group) => (
          <div key={group.ratio} className="size-group" role="group" aria-label={group.ratio}>
            <div className="size-ratio">
              <RatioGlyph ratio={group.ratio} />
              <span>{group.ratio}</span>
            </div>
            {TIERS.map((tier) => {
              const choice = group.choices.find((c) => c.tier === tier);
              if (!choice) return <span key={tier} className="size-slot" aria-hidden="true" />;
              const reason = choice.block ? reasonFor(choice.block) : undefined;
              return (
                <label
                  key={choice.id}
                  className={['size-chip', choice.block ? 'is-disabled' : ''].join(' ')}
                  title={reason ?? `${choice.ratio} · ${choice.tier} · ${choice.width}×${choice.height}`}
                >
                  <input
                    type="radio"
                    name="size"
                    value={choice.id}
                    checked={size === choice.id}
                    disabled={choice.block !== null}
                    data-testid={`size-${choice.id}`}
                    onChange={() => setSize(choice.id)}
                  />
                  <span className="size-tier" data-tier={choice.tier}>
                    {choice.tier}
                  </span>
                  <span className="size-res">
                    {choice.width}×{choice.height}
                  </span>
                  {reason && <span className="visually-hidden">{reason}</span>}
                </label>
              );
            })}
          </div>
        ))}
      </div>
    </FieldSet>
  );
}
