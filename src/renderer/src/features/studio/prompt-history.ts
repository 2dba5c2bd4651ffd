// ↑/↓ recall of earlier prompts, like a shell: ↑ walks back through history, ↓ forward, and
// stepping past the newest brings back what was being typed (the draft).

export type PromptRecall = {
  /** Newest first. */
  history: readonly string[];
  /** -1 while editing the draft; otherwise the index into `history` being shown. */
  index: number;
  draft: string;
};

export const EMPTY_RECALL: PromptRecall = { history: [], index: -1, draft: '' };

export type RecallDirection = 'older' | 'newer';

/** The next prompt to show, or null when there is nowhere to go. */
export function stepRecall(
  recall: PromptRecall,
  currentPrompt: string,
  direction: RecallDirection,
): { recall: PromptRecall; prompt: string } | null {
  if (direction === 'older') {
    let next = recall.index + 1;
    // Skip an entry identical to what is already shown, so ↑ never seems to do nothing.
    while (next < recall.history.length && recall.history[next] === currentPrompt) next++;
    const prompt = recall.history[next];
    if (prompt === undefined) return null;
    const draft = recall.index === -1 ? currentPrompt : recall.draft;
    return { recall: { ...recall, index: next, draft }, prompt };
  }
  if (recall.index === -1) return null;
  const next = recall.index - 1;
  const prompt = next === -1 ? recall.draft : recall.history[next];
  if (prompt === undefined) return null;
  return { recall: { ...recall, index: next }, prompt };
}

/** Puts a just-used prompt at the front, once. */
export function remember(history: readonly string[], prompt: string, max = 200): string[] {
  const text = prompt.trim();
  if (text === '') return [...history];
  return [text, ...history.filter((p) => p !== text)].slice(0, max);
}
