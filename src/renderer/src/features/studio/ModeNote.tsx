import { MODE_RULES } from '../../../../shared/capabilities';
import { useT } from '../../lib/i18n';
import { referenceStrings } from './reference-strings';
import { formModeOf, maxNFor } from './studio-form';
import { useStudioStore } from './studio-store';

// One line naming the mode the form is in (MODE_RULES) and its image range; each control that the
// mode switches off says why beside itself.

const MODE_KEYS = { text: 'modeText', edit: 'modeEdit', set: 'modeSet', 'edit-set': 'modeEditSet' } as const;

export function ModeNote() {
  const t = useT(referenceStrings);
  const isSequential = useStudioStore((s) => s.isSequential);
  const references = useStudioStore((s) => s.references);
  const model = useStudioStore((s) => s.model);
  const mode = formModeOf({ isSequential, references });
  const max = maxNFor(model, isSequential, references.length > 0);
  const parts = [t(MODE_KEYS[mode], { n: references.length }), t('nRange', { min: MODE_RULES[mode].n.min, max })];
  return (
    <p className="mode-note" data-testid="mode-note" data-mode={mode} aria-live="polite">
      {parts.join(' · ')}
    </p>
  );
}
