import type { GenerationView, InvokeInput, InvokeMethod, InvokeOutput, ProfileView } from '../../../../shared/contract';
import type { GenerationInputView } from '../../../../shared/inputs-contract';
import { call } from '../../lib/wan';

// Issue 10's `inputs.*` / `palettes.*` methods and the profile kind fields, as the renderer uses
// them (kept as one module so the studio's imports stay put).

export type InputsMethod = Extract<InvokeMethod, `inputs.${string}` | `palettes.${string}`>;
export type InputsInput<M extends InputsMethod> = InvokeInput<M>;
export type InputsOutput<M extends InputsMethod> = InvokeOutput<M>;

export function callInputs<M extends InputsMethod>(method: M, input: InputsInput<M>): Promise<InputsOutput<M>> {
  return call(method, input);
}

/** A profile with its kind, region and gateway styles. */
export type KindedProfileView = ProfileView;
/** What the settings form sends. */
export type KindedProfileSave = InvokeInput<'profiles.save'>;

/** The references a generation used, in order. */
export function inputsOf(view: GenerationView | null | undefined): GenerationInputView[] {
  return view?.inputs ? [...view.inputs].sort((a, b) => a.index - b.index) : [];
}
