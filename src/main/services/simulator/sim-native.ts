import { randomInt, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SEED_MAX } from '../../../shared/models';
import { parsePromptDirectives, type Fault, type FaultTarget } from './faults';
import { readBody, sendJson, sendNativeError, summarizeDataUris, type ErrorSender } from './sim-http';
import { validateNative } from './sim-native-validate';
import type { SimImage, SimState, SimTask } from './sim-state';
import { isRejection } from './sim-validate';

// Alibaba's native API (wan-api-native-and-edits.md part A) on the simulator:
// `POST /api/v1/services/aigc/multimodal-generation/generation` (sync),
// `POST /api/v1/services/aigc/image-generation/generation` with `X-DashScope-Async: enable`,
// `GET /api/v1/tasks/{id}`.

export type SimRouteContext = {
  state: SimState;
  urlFor: (image: SimImage) => string;
  applyFaults: (
    req: IncomingMessage,
    res: ServerResponse,
    target: FaultTarget,
    scope: string,
    promptFaults: Fault[],
    send: ErrorSender,
  ) => Promise<boolean>;
};

/** 9 images of 20 MB, base64: the largest body upstream takes. */
export const EDIT_BODY_LIMIT = 256 << 20;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `"2026-03-31 19:57:58.840"`, upstream's time format. */
function timeText(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined;
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** The text of the one message, for directives (before the body is validated). */
export function nativeText(body: unknown): string {
  const content = (body as { input?: { messages?: Array<{ content?: unknown }> } } | null)?.input?.messages?.[0]
    ?.content;
  if (!Array.isArray(content)) return '';
  const text = (content as Array<{ text?: unknown }>).find((c) => typeof c?.text === 'string')?.text;
  return typeof text === 'string' ? text : '';
}

/** `output.choices` in either layout, and `usage` with the real size and the billed count. */
export function nativeResult(task: SimTask, urlFor: (image: SimImage) => string): Record<string, unknown> {
  const images = task.images ?? [];
  const item = (image: SimImage): Record<string, unknown> => ({ image: urlFor(image), type: 'image' });
  const choice = (content: Array<Record<string, unknown>>): Record<string, unknown> => ({
    finish_reason: 'stop',
    message: { role: 'assistant', content },
  });
  const choices =
    task.directives.task.layout === 'one-choice' ? [choice(images.map(item))] : images.map((i) => choice([item(i)]));
  const first = images[0]?.spec;
  return {
    choices,
    usage: {
      image_count: images.length,
      input_tokens: 0,
      output_tokens: 2 * images.length,
      size: first ? `${first.width}*${first.height}` : undefined,
      total_tokens: 2 * images.length,
    },
  };
}

export function createNativeRoutes(ctx: SimRouteContext) {
  const { state } = ctx;

  async function create(req: IncomingMessage, res: ServerResponse, route: string, isAsync: boolean): Promise<void> {
    state.stats.creates++;
    const asyncHeader = req.headers['x-dashscope-async'] as string | undefined;
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req, EDIT_BODY_LIMIT));
    } catch {
      return sendNativeError(res, 400, 'InvalidParameter', 'The request body is not valid JSON.');
    }
    state.record({
      route,
      contentType: req.headers['content-type'] ?? '',
      ...(asyncHeader ? { asyncHeader } : {}),
      json: summarizeDataUris(body),
    });
    const prompt = nativeText(body);
    const directives = parsePromptDirectives(prompt);
    if (await ctx.applyFaults(req, res, 'create', `create:${prompt}`, directives.faults, sendNativeError)) return;
    if (isAsync && asyncHeader !== 'enable')
      return sendNativeError(res, 403, 'AccessDenied', 'current user api does not support synchronous calls');
    const parsed = await validateNative(body, () => randomInt(0, SEED_MAX));
    if (isRejection(parsed)) return sendNativeError(res, parsed.status, parsed.code, parsed.message);
    const limit = state.admit();
    if (limit) return sendNativeError(res, 429, 'Throttling.RateQuota', limit, {}, { 'retry-after': '1' });
    state.stats.accepted++;
    const task = state.addTask({ ...parsed, isAsync }, directives);
    const requestId = randomUUID();
    if (isAsync && !directives.task.isAnsweredSync)
      return sendJson(res, 200, { request_id: requestId, output: { task_id: task.id, task_status: 'PENDING' } });
    if (!directives.task.isAnsweredSync) await sleep(task.durationMs);
    state.finish(task);
    if (task.failure) return sendNativeError(res, task.failure.httpStatus, task.failure.code, task.failure.message);
    const { choices, usage } = nativeResult(task, ctx.urlFor);
    sendJson(res, 200, { output: { choices, finished: true }, usage, request_id: requestId });
  }

  async function poll(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    state.stats.polls++;
    const requestId = randomUUID();
    const task = state.tasks.get(id);
    // Upstream answers an id it does not know (or no longer keeps) with UNKNOWN, not a 404.
    if (!task) return sendJson(res, 200, { request_id: requestId, output: { task_id: id, task_status: 'UNKNOWN' } });
    if (await ctx.applyFaults(req, res, 'poll', `poll:${id}`, task.directives.faults, sendNativeError)) return;
    const view = state.view(task);
    const times = { submit_time: timeText(task.createdAt), scheduled_time: timeText(task.createdAt + 30) };
    const output = (status: string, extra: Record<string, unknown> = {}): void =>
      sendJson(res, 200, { request_id: requestId, output: { task_id: id, task_status: status, ...times, ...extra } });
    if (view.kind === 'done') {
      const { choices, usage } = nativeResult(task, ctx.urlFor);
      return sendJson(res, 200, {
        request_id: requestId,
        output: {
          task_id: id,
          task_status: 'SUCCEEDED',
          ...times,
          end_time: timeText(task.finishedAt),
          finished: true,
          choices,
        },
        usage,
      });
    }
    if (view.kind === 'failed')
      return output('FAILED', {
        code: view.failure.code,
        message: view.failure.message,
        end_time: timeText(task.finishedAt),
      });
    if (view.status === 'unknown') return output('UNKNOWN');
    return output(view.status === 'queued' ? 'PENDING' : 'RUNNING');
  }

  /** True when the path is a native route (answered, or refused as unknown there). */
  return async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const name = `${req.method} ${path}`;
    if (req.method === 'POST' && path === '/api/v1/services/aigc/multimodal-generation/generation')
      return create(req, res, name, false);
    if (req.method === 'POST' && path === '/api/v1/services/aigc/image-generation/generation')
      return create(req, res, name, true);
    const task = /^\/api\/v1\/tasks\/([\w-]+)$/.exec(path);
    if (req.method === 'GET' && task) return poll(req, res, task[1]!);
    sendNativeError(res, 404, 'NotFound', `No route ${name}.`);
  };
}
