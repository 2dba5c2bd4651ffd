// Gateways spell task states many ways (wan-api.md, "Async tasks"); the rest of the app only
// ever sees these four.
export type NormalizedTaskState = 'running' | 'done' | 'failed' | 'unknown';

const RUNNING = new Set(['queued', 'pending', 'submitted', 'processing', 'running', 'in_progress']);
const DONE = new Set(['completed', 'succeeded', 'success']);
const FAILED = new Set(['failed', 'failure', 'canceled', 'cancelled', 'expired']);

export type StatusReading = {
  state: NormalizedTaskState;
  /** True when the status word was none we know: still treated as running, but worth a log line. */
  isUnrecognized: boolean;
};

export function normalizeTaskStatus(status: string | undefined | null, hasData: boolean): StatusReading {
  // A body with data[] is a finished task whatever its status says (or without one).
  if (hasData) return { state: 'done', isUnrecognized: false };
  const word = (status ?? '').trim().toLowerCase();
  if (DONE.has(word)) return { state: 'done', isUnrecognized: false };
  if (FAILED.has(word)) return { state: 'failed', isUnrecognized: false };
  if (RUNNING.has(word)) return { state: 'running', isUnrecognized: false };
  if (word === 'unknown') return { state: 'unknown', isUnrecognized: false };
  return { state: 'running', isUnrecognized: true };
}
