import { IconButton } from '../../components/Button';
import { Field } from '../../components/Field';
import { DiceIcon, LockIcon, UnlockIcon } from '../../components/icons';
import { useT } from '../../lib/i18n';
import { studioStrings } from './strings';
import { maxNFor } from './studio-form';
import { useStudioStore } from './studio-store';

export function CountField({ error }: { error: string | undefined }) {
  const t = useT(studioStrings);
  const n = useStudioStore((s) => s.n);
  const model = useStudioStore((s) => s.model);
  const isSequential = useStudioStore((s) => s.isSequential);
  const hasReferences = useStudioStore((s) => s.references.length > 0);
  const setN = useStudioStore((s) => s.setN);
  // The mode table's range (text, edit, set, edit-set), capped by the model.
  const max = maxNFor(model, isSequential, hasReferences);
  const isNumber = Number.isFinite(n);
  return (
    <Field
      label={t('count')}
      error={error}
      hint={t(isSequential ? 'countHintSequential' : 'countHint', { max })}
      className="count-field"
    >
      {(control) => (
        <div className="stepper">
          <IconButton
            variant="secondary"
            label={t('fewer')}
            icon={<span aria-hidden="true">−</span>}
            disabled={!isNumber || n <= 1}
            onClick={() => setN(Math.max(1, Math.min(max, n - 1)))}
          />
          <input
            {...control}
            type="number"
            inputMode="numeric"
            className="input stepper-input"
            data-testid="count"
            min={1}
            max={max}
            step={1}
            value={isNumber ? n : ''}
            onChange={(e) => setN(e.target.value === '' ? Number.NaN : Number(e.target.value))}
          />
          <IconButton
            variant="secondary"
            label={t('more')}
            icon={<span aria-hidden="true">+</span>}
            disabled={isNumber && n >= max}
            onClick={() => setN(isNumber ? Math.max(1, Math.min(max, n + 1)) : 1)}
          />
        </div>
      )}
    </Field>
  );
}

export function SeedField({ error }: { error: string | undefined }) {
  const t = useT(studioStrings);
  const seedText = useStudioStore((s) => s.seedText);
  const isLocked = useStudioStore((s) => s.isSeedLocked);
  const setSeedText = useStudioStore((s) => s.setSeedText);
  const rollSeed = useStudioStore((s) => s.rollSeed);
  const setSeedLocked = useStudioStore((s) => s.setSeedLocked);
  return (
    <Field
      label={t('seed')}
      error={error}
      hint={t(isLocked ? 'seedHintLocked' : 'seedHintUnlocked')}
      className="seed-field"
    >
      {(control) => (
        <div className={isLocked ? 'seed-row' : 'seed-row is-unlocked'}>
          <input
            {...control}
            type="text"
            inputMode="numeric"
            className="input seed-input"
            data-testid="seed"
            data-locked={isLocked ? 'true' : 'false'}
            autoComplete="off"
            value={seedText}
            placeholder={t('seedRandom')}
            onChange={(e) => setSeedText(e.target.value)}
          />
          <IconButton
            variant="secondary"
            label={t('rollSeed')}
            icon={<DiceIcon />}
            data-testid="seed-dice"
            onClick={() => rollSeed()}
          />
          <IconButton
            variant="secondary"
            label={t(isLocked ? 'unlockSeed' : 'lockSeed')}
            icon={isLocked ? <LockIcon /> : <UnlockIcon />}
            isPressed={isLocked}
            data-testid="seed-lock"
            onClick={() => setSeedLocked(!isLocked)}
          />
        </div>
      )}
    </Field>
  );
}
