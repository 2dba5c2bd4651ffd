import { describe, expect, it } from 'vitest';
import { normalizeTaskStatus } from '../../src/main/services/providers/task-status';

describe('task status normalisation', () => {
  it.each(['queued', 'PENDING', 'Submitted', 'processing', 'RUNNING', 'in_progress'])('%s is running', (s) => {
    expect(normalizeTaskStatus(s, false)).toEqual({ state: 'running', isUnrecognized: false });
  });
  it.each(['completed', 'SUCCEEDED', 'success'])('%s is done', (s) => {
    expect(normalizeTaskStatus(s, false).state).toBe('done');
  });
  it.each(['failed', 'FAILURE', 'canceled', 'Cancelled', 'expired'])('%s is failed', (s) => {
    expect(normalizeTaskStatus(s, false).state).toBe('failed');
  });
  it('treats UNKNOWN as its own state, to fail after a grace period', () => {
    expect(normalizeTaskStatus('UNKNOWN', false).state).toBe('unknown');
  });
  it('treats a body with data[] as finished, with or without a status', () => {
    expect(normalizeTaskStatus(undefined, true).state).toBe('done');
    expect(normalizeTaskStatus('processing', true).state).toBe('done');
  });
  it('keeps polling on a word it does not know, and flags it for the log', () => {
    expect(normalizeTaskStatus('warming_up', false)).toEqual({ state: 'running', isUnrecognized: true });
    expect(normalizeTaskStatus(undefined, false)).toEqual({ state: 'running', isUnrecognized: true });
  });
});
