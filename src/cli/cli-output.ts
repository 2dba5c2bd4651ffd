import { join } from 'node:path';
import type { ErrorValue } from '../shared/errors';
import { describeError } from '../shared/errors';
import type { Locale } from '../shared/i18n-messages';
import type { GenerationRecord, GenerationWithImages } from '../shared/library-types';
import type { GenerationInput } from '../main/services/inputs/input-repository';

// The CLI's --json shapes (documented in the README) and its one-line human summaries.

/**
 * `inputs` lists the reference images in order (`index` is the 1-based place, as in --bbox N),
 * `bboxes` their boxes in the same order (one list per reference), `palette` the exact palette.
 */
export function generationJson(
  record: GenerationRecord,
  inputs: readonly GenerationInput[] = [],
  home = '',
): Record<string, unknown> {
  return {
    id: record.id,
    status: record.status,
    model: record.model,
    prompt: record.prompt,
    size: record.size,
    n: record.n,
    seed: record.seed,
    parameters: record.parameters,
    mode: record.mode,
    taskId: record.taskId,
    revisedPrompts: record.revisedPrompts,
    error: record.error ? { code: record.error.code, message: record.error.message } : null,
    rerunOf: record.rerunOf,
    inputs: inputs.map((input) => ({
      index: input.index + 1,
      sha256: input.sha256,
      width: input.width,
      height: input.height,
      path: join(home, ...input.path.split('/')),
    })),
    bboxes: inputs.map((input) => input.boxes),
    palette: record.parameters.palette ?? null,
    billedImages: record.billedImages ?? null,
    createdAt: new Date(record.createdAt).toISOString(),
    finishedAt: record.finishedAt === null ? null : new Date(record.finishedAt).toISOString(),
  };
}

export function entryJson(
  entry: GenerationWithImages,
  home: string,
  inputs: readonly GenerationInput[] = [],
): Record<string, unknown> {
  return {
    generation: generationJson(entry.generation, inputs, home),
    images: entry.images.map((image) => ({
      id: image.id,
      index: image.index,
      path: join(home, ...image.path.split('/')),
      width: image.width,
      height: image.height,
      bytes: image.bytes,
      sha256: image.sha256,
    })),
  };
}

export function errorJson(error: ErrorValue, locale: Locale): Record<string, unknown> {
  return {
    generation: null,
    images: [],
    error: { code: error.code, message: describeError(error, locale), field: error.field ?? null },
  };
}

/** One line a person can act on: the plain sentence, then upstream's own words when there are some. */
export function errorLine(error: ErrorValue | GenerationRecord['error'], locale: Locale): string {
  if (!error) return '';
  const text = 'isRetryable' in error ? describeError(error, locale) : error.message;
  // A refused folder's sentence already names the folder and the reason.
  const isWhole = 'folderProblem' in error && error.folderProblem !== undefined;
  const detail = error.detail && !isWhole ? ` (${error.detail})` : '';
  return `${text}${detail}`;
}

export function summaryLine(entry: GenerationWithImages, home: string): string {
  const g = entry.generation;
  const head = `${g.id}  ${g.status.padEnd(11)} ${g.model}  ${g.size}  n=${g.n}  seed=${g.seed}`;
  const prompt = g.prompt.length > 60 ? `${g.prompt.slice(0, 59)}…` : g.prompt;
  const files = entry.images.map((i) => `    ${join(home, ...i.path.split('/'))}`);
  return [head, `    ${prompt}`, ...files].join('\n');
}
