import type { z } from 'zod';
import type { GenerationView, InvokeInput, ProfileView } from '../../../../shared/contract';
import type { ErrorValue } from '../../../../shared/errors';
import type { GenerationInputView, ProfileKindFields, inputsInvokeContract } from '../../../../shared/inputs-contract';
import { BridgeError } from '../../lib/wan';

// The one place the renderer reaches issue 10's `inputs.*` / `palettes.*` methods and the profile
// kind fields, typed from src/shared/inputs-contract.ts. They are not in `invokeContract` yet (the
// main side is being built beside this); when they land, `callInputs` becomes `call` and the casts
// below go, and nothing else in the renderer changes.

type InputsContract = typeof inputsInvokeContract;
export type InputsMethod = keyof InputsContract;
export type InputsInput<M extends InputsMethod> = z.input<InputsContract[M]['input']>;
export type InputsOutput<M extends InputsMethod> = z.output<InputsContract[M]['output']>;

type LooseResult = { ok: true; value: unknown } | { ok: false; error: ErrorValue };
type LooseApi = { invoke: (method: string, input: unknown) => Promise<LooseResult> };

export async function callInputs<M extends InputsMethod>(method: M, input: InputsInput<M>): Promise<InputsOutput<M>> {
  const api = window.wan as unknown as LooseApi;
  const result = await api.invoke(method, input);
  if (!result.ok) throw new BridgeError(result.error);
  return result.value as InputsOutput<M>;
}

/** A profile as main will describe it once the kind fields land; older mains send none of them. */
export type KindedProfileView = ProfileView & Partial<ProfileKindFields>;
/** What the settings form sends; main's zod strips the kind fields until its schema takes them. */
export type KindedProfileSave = InvokeInput<'profiles.save'> & Partial<ProfileKindFields>;

/** The references a generation used, in order; none for a view from a main without inputs. */
export function inputsOf(view: GenerationView | null | undefined): GenerationInputView[] {
  const inputs = (view as (GenerationView & { inputs?: GenerationInputView[] }) | null | undefined)?.inputs;
  return inputs ? [...inputs].sort((a, b) => a.index - b.index) : [];
}
