import { createHash, randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SEED_MAX } from '../../../shared/models';
import { parsePromptDirectives } from './faults';
import { readBodyBytes, sendError, sendJson, summarizeDataUris } from './sim-http';
import { EDIT_BODY_LIMIT, nativeResult, nativeText, type SimRouteContext } from './sim-native';
import { validateNative } from './sim-native-validate';
import type { ReceivedRequest, SimTask } from './sim-state';
import { isRejection, type SimRequest } from './sim-validate';

// `POST /v1/images/edits` as a new-api-family gateway carries Wan 2.7 edits
// (wan-api-native-and-edits.md B.3–B.5): JSON with `input` and `parameters` passed on to upstream
// (the OpenAI-level size/n/watermark only when there is no `parameters`), or a multipart form whose
// `image` files become data URIs, with size and every extension dropped. Answers in the OpenAI
// shape, with upstream's raw reply as `metadata`.

type EditCall = {
  native: Record<string, unknown>;
  responseFormat: unknown;
  isAsync: boolean;
  received: ReceivedRequest;
};

const MAGIC_MIME: Array<[Buffer, string]> = [
  [Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'image/png'],
  [Buffer.from([0xff, 0xd8]), 'image/jpeg'],
  [Buffer.from('RIFF'), 'image/webp'],
  [Buffer.from('BM'), 'image/bmp'],
];

/** What Go's http.DetectContentType would call the bytes (new-api names each file so). */
function detectMime(bytes: Buffer): string {
  return MAGIC_MIME.find(([magic]) => bytes.subarray(0, magic.length).equals(magic))?.[1] ?? 'application/octet-stream';
}

async function fromMultipart(req: IncomingMessage, raw: Buffer, route: string): Promise<EditCall> {
  const contentType = req.headers['content-type'] ?? '';
  const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  const fields: Record<string, string[]> = {};
  const files: NonNullable<ReceivedRequest['form']>['files'] = [];
  const images: string[] = [];
  const blobs = new Map<string, Blob[]>();
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') (fields[name] ??= []).push(value);
    else {
      const list = blobs.get(name) ?? [];
      list.push(value);
      blobs.set(name, list);
    }
  }
  // new-api: the field `image`, else `image[]`, else every field starting with `image[`.
  const picked = blobs.has('image')
    ? ['image']
    : blobs.has('image[]')
      ? ['image[]']
      : [...blobs.keys()].filter((f) => f.startsWith('image['));
  for (const [name, list] of blobs)
    for (const blob of list) {
      const bytes = Buffer.from(await blob.arrayBuffer());
      files.push({
        field: name,
        type: blob.type,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes: bytes.length,
      });
      if (picked.includes(name)) images.push(`data:${detectMime(bytes)};base64,${bytes.toString('base64')}`);
    }
  const first = (name: string): string | undefined => fields[name]?.[0];
  const n = Number(first('n') ?? '1');
  return {
    // Images first, then the text; only n and watermark reach the parameters.
    native: {
      model: first('model'),
      input: {
        messages: [{ role: 'user', content: [...images.map((image) => ({ image })), { text: first('prompt') ?? '' }] }],
      },
      parameters: { n: Number.isFinite(n) && n > 0 ? n : 1, watermark: first('watermark') === 'true' },
    },
    responseFormat: first('response_format') ?? 'url',
    isAsync: false,
    received: { route, contentType, form: { fields, files } },
  };
}

function fromJson(req: IncomingMessage, body: Record<string, unknown>, route: string): EditCall {
  const parameters =
    typeof body.parameters === 'object' && body.parameters !== null
      ? body.parameters
      : {
          ...(typeof body.size === 'string' ? { size: body.size.replace(/x/i, '*') } : {}),
          n: typeof body.n === 'number' ? body.n : 1,
          ...(body.watermark !== undefined ? { watermark: body.watermark } : {}),
        };
  return {
    native: { model: body.model, input: body.input, parameters },
    responseFormat: body.response_format ?? 'url',
    isAsync: body.async === true,
    received: { route, contentType: req.headers['content-type'] ?? '', json: summarizeDataUris(body) },
  };
}

export function createEditsRoute(ctx: SimRouteContext, openAiFinished: (task: SimTask) => Record<string, unknown>) {
  const { state } = ctx;
  return async function handleEdits(req: IncomingMessage, res: ServerResponse): Promise<void> {
    state.stats.creates++;
    const route = `${req.method} /v1/images/edits`;
    let call: EditCall;
    try {
      const raw = await readBodyBytes(req, EDIT_BODY_LIMIT);
      const isForm = /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');
      call = isForm ? await fromMultipart(req, raw, route) : fromJson(req, JSON.parse(raw.toString('utf8')), route);
    } catch {
      return sendError(res, 400, 'InvalidParameter', 'The request body is neither JSON nor a multipart form.');
    }
    state.record(call.received);
    const prompt = nativeText(call.native);
    const directives = parsePromptDirectives(prompt);
    if (await ctx.applyFaults(req, res, 'create', `create:${prompt}`, directives.faults, sendError)) return;
    // Without `input`, new-api sends `{prompt}` upstream: the wrong shape for wan2.7.
    if (!call.native.input)
      return sendError(res, 400, 'InvalidParameter', 'input.messages is required for wan2.7 edits.', {
        param: 'input',
      });
    if (call.responseFormat !== 'url' && call.responseFormat !== 'b64_json')
      return sendError(res, 400, 'InvalidParameter', 'response_format must be url or b64_json.', {
        param: 'response_format',
      });
    const parsed = await validateNative(call.native, () => randomInt(0, SEED_MAX));
    if (isRejection(parsed))
      return sendError(res, parsed.status, parsed.code, parsed.message, parsed.param ? { param: parsed.param } : {});
    const limit = state.admit();
    if (limit) return sendError(res, 429, 'Throttling.RateQuota', limit, {}, { 'retry-after': '1' });
    state.stats.accepted++;
    const request: SimRequest = { ...parsed, isAsync: call.isAsync, responseFormat: call.responseFormat };
    const task = state.addTask(request, directives);
    if (call.isAsync && !directives.task.isAnsweredSync)
      return sendJson(res, 200, { id: task.id, status: 'queued', progress: 0 });
    if (!directives.task.isAnsweredSync) await new Promise((r) => setTimeout(r, task.durationMs));
    state.finish(task);
    if (task.failure) return sendError(res, task.failure.httpStatus, task.failure.code, task.failure.message);
    const { id: _id, status: _status, progress: _progress, ...body } = openAiFinished(task);
    const { choices, usage } = nativeResult(task, ctx.urlFor);
    sendJson(res, 200, { ...body, metadata: { output: { choices, finished: true }, usage, request_id: task.id } });
  };
}
