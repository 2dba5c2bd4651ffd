import type { WanApi } from '../../../../shared/contract';
import { callWith } from '../../lib/wan';

// Settings → Logs: what the two buttons ask of main. The text arrives already scrubbed of keys
// (and of prompts unless asked): main builds it where the keys are.

export type LogsFolderAnswer = { isOpened: boolean; folder: string | null };

export function openLogsFolder(api: WanApi): Promise<LogsFolderAnswer> {
  return callWith(api, 'app.openLogsFolder', undefined);
}

export async function loadDiagnostics(api: WanApi, isPromptIncluded: boolean): Promise<string> {
  const { text } = await callWith(api, 'app.diagnostics', { isPromptIncluded });
  return text;
}

/** Resolves with null when copied, else why not (no permission, no focus, an old browser). */
export async function copyText(text: string): Promise<string | null> {
  try {
    await navigator.clipboard.writeText(text);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
