import { call } from '../../lib/wan';

// Settings → Logs: what the two buttons ask of main. The text arrives already scrubbed of keys
// (and of prompts unless asked): main builds it where the keys are.

export type LogsFolderAnswer = { isOpened: boolean; folder: string | null };

export function openLogsFolder(): Promise<LogsFolderAnswer> {
  return call('app.openLogsFolder', undefined);
}

export async function loadDiagnostics(isPromptIncluded: boolean): Promise<string> {
  const { text } = await call('app.diagnostics', { isPromptIncluded });
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
