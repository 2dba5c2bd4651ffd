import type { GenerationView, InvokeInput, ProfileView } from '../../../../shared/contract';
import type { GenerationInputView } from '../../../../shared/inputs-contract';

// The profile kind fields and a generation's references, as the studio uses them (its
// `inputs.*` / `palettes.*` calls go through `call` like every other method).

/** A profile with its kind, region and gateway styles. */
export type KindedProfileView = ProfileView;
/** What the settings form sends. */
export type KindedProfileSave = InvokeInput<'profiles.save'>;

/** The references a generation used, in order. */
export function inputsOf(view: GenerationView | null | undefined): GenerationInputView[] {
  return view?.inputs ? [...view.inputs].sort((a, b) => a.index - b.index) : [];
}
