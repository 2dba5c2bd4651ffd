import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MODEL_IDS, SEED_MAX } from '../../../shared/models';
import { FaultCounter, parseHeaderFault, parsePromptDirectives, type Fault, type FaultTarget } from './faults';
import { renderPng } from './png-render';
import { SimState, type SimImage, type SimTask } from './sim-state';
import { isRejection, validateCreate } from './sim-validate';
import { statsReport } from './sim-stats';
import { createEditsRoute } from './sim-edits';
import { readBody, sendError, sendJson, sendNativeError, type ErrorSender } from './sim-http';
import { createNativeRoutes } from './sim-native';

export type SimulatorOptions = {
  port?: number;
  host?: string;
  key?: string;
  /** How long result URLs stay valid (upstream: 24 h; short here so expiry is exercised). */
  urlTtlMs?: number;
  /** How long an async task takes from queued to completed, and a sync request to answer. */
  taskDurationMs?: number;
  /** Upstream's limits: 5 creates per second, 5 concurrent tasks. 0 turns a limit off. */
  createsPerSecond?: number;
  maxConcurrentTasks?: number;
  log?: (line: string) => void;
};

export type SimulatorHandle = {
  /** The API root to give clients, e.g. http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  /** The native DashScope root, e.g. http://127.0.0.1:PORT/api/v1 */
  nativeBaseUrl: string;
  origin: string;
  key: string;
  state: SimState;
  close: () => Promise<void>;
};

const DEFAULT_CODES: Record<number, string> = {
  400: 'InvalidParameter',
  401: 'InvalidApiKey',
  403: 'AccessDenied',
  404: 'ModelNotFound',
  429: 'Throttling.RateQuota',
  500: 'InternalError',
  503: 'ModelServingError',
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const key = options.key ?? `sim-${randomBytes(9).toString('base64url')}`;
  const signingKey = randomBytes(32);
  const counter = new FaultCounter();
  const state = new SimState({
    taskDurationMs: options.taskDurationMs ?? 6000,
    urlTtlMs: options.urlTtlMs ?? 120_000,
    createsPerSecond: options.createsPerSecond ?? 5,
    maxConcurrentTasks: options.maxConcurrentTasks ?? 5,
  });
  let origin = '';
  const sign = (id: string, expires: number): string =>
    createHmac('sha256', signingKey).update(`${id}.${expires}`).digest('base64url');
  const urlFor = (image: SimImage): string =>
    `${origin}/files/${image.id}.png?expires=${image.expiresAt}&sig=${sign(image.id, image.expiresAt ?? 0)}`;

  /** Applies the faults aimed at this request; true when the fault already answered it. */
  async function applyFaults(
    req: IncomingMessage,
    res: ServerResponse,
    target: FaultTarget,
    scope: string,
    promptFaults: Fault[],
    send: ErrorSender = sendError,
  ): Promise<boolean> {
    const header = parseHeaderFault(req.headers['x-sim-fault'] as string | undefined);
    const faults = [...(header ? [header] : []), ...promptFaults.filter((f) => f.on === target)];
    for (const fault of faults) {
      if (!counter.shouldFire(fault, fault === header ? `header:${req.url}` : scope)) continue;
      if (fault.latencyMs) await sleep(fault.latencyMs);
      if (fault.isReset) {
        req.socket.destroy();
        return true;
      }
      if (fault.isMalformed) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"data": [ {"url": tru');
        return true;
      }
      if (fault.status) {
        const headers: Record<string, string> = {};
        if (fault.retryAfter) headers['retry-after'] = fault.retryAfter;
        if (fault.retryAfterMs) headers['retry-after-ms'] = fault.retryAfterMs;
        const code = fault.code ?? DEFAULT_CODES[fault.status] ?? 'Error';
        send(res, fault.status, code, fault.message ?? `Simulated ${fault.status} (${code}).`, {}, headers);
        return true;
      }
    }
    return false;
  }

  function itemsOf(task: SimTask): Array<Record<string, unknown>> {
    const isNewApi = task.directives.task.finishedShape === 'newapi';
    return (task.images ?? []).map((image) => {
      const item: Record<string, unknown> = isNewApi
        ? { url: '', b64_json: '', revised_prompt: '' }
        : { revised_prompt: image.revisedPrompt };
      if (task.request.responseFormat === 'b64_json') item.b64_json = renderImage(image).toString('base64');
      else item.url = urlFor(image);
      return item;
    });
  }

  function finishedBody(task: SimTask): Record<string, unknown> {
    const shape = task.directives.task.finishedShape;
    const body: Record<string, unknown> = {
      created: Math.floor((task.finishedAt ?? Date.now()) / 1000),
      data: itemsOf(task),
      usage: { generated_images: task.images?.length ?? 0, total_tokens: 0 },
    };
    if (shape === 'newapi') body.metadata = { output: { finished: true }, request_id: task.id };
    return shape === 'status' ? { id: task.id, status: 'completed', progress: 100, ...body } : body;
  }

  function renderImage(image: SimImage): Buffer {
    return state.cachedRender(image.id, () => renderPng(image.spec));
  }

  const routeContext = { state, urlFor, applyFaults };
  const nativeRoute = createNativeRoutes(routeContext);
  const handleEdits = createEditsRoute(routeContext, finishedBody);

  async function handleCreate(req: IncomingMessage, res: ServerResponse): Promise<void> {
    state.stats.creates++;
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return sendError(res, 400, 'InvalidParameter', 'The request body is not valid JSON.');
    }
    state.record({ route: 'POST /v1/images/generations', contentType: req.headers['content-type'] ?? '', json: body });
    const prompt =
      typeof (body as { prompt?: unknown })?.prompt === 'string' ? (body as { prompt: string }).prompt : '';
    const directives = parsePromptDirectives(prompt);
    if (await applyFaults(req, res, 'create', `create:${prompt}`, directives.faults)) return;
    const parsed = validateCreate(body, () => randomInt(0, SEED_MAX));
    if (isRejection(parsed))
      return sendError(res, parsed.status, parsed.code, parsed.message, parsed.param ? { param: parsed.param } : {});
    const limit = state.admit();
    if (limit) return sendError(res, 429, 'Throttling.RateQuota', limit, {}, { 'retry-after': '1' });
    state.stats.accepted++;
    const task = state.addTask(parsed, directives);
    if (!parsed.isAsync || directives.task.isAnsweredSync) {
      if (!directives.task.isAnsweredSync) await sleep(task.durationMs);
      state.finish(task);
      if (task.failure) return sendError(res, task.failure.httpStatus, task.failure.code, task.failure.message);
      const { id: _id, status: _status, progress: _progress, ...syncBody } = finishedBody(task);
      return sendJson(res, 200, syncBody);
    }
    sendJson(res, 200, { id: task.id, status: 'queued', progress: 0 });
  }

  async function handleTask(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    state.stats.polls++;
    const task = state.tasks.get(id);
    if (!task) return sendError(res, 404, 'TaskNotFound', `No task ${id}.`);
    if (await applyFaults(req, res, 'poll', `poll:${id}`, task.directives.faults)) return;
    const view = state.view(task);
    if (view.kind === 'done') return sendJson(res, 200, finishedBody(task));
    if (view.kind === 'failed') {
      const { code, message } = view.failure;
      const shape = task.directives.task.errorShape;
      if (shape === 'flat') return sendJson(res, 200, { id, status: 'failed', code, message });
      if (shape === 'output') return sendJson(res, 200, { id, status: 'failed', output: { code, message } });
      return sendJson(res, 200, { id, status: 'failed', error: { code, message, type: 'task_error' } });
    }
    sendJson(res, 200, { id, status: view.status, progress: view.progress });
  }

  async function handleFile(req: IncomingMessage, res: ServerResponse, url: URL, id: string): Promise<void> {
    state.stats.downloads++;
    const image = state.images.get(id);
    const expires = Number(url.searchParams.get('expires'));
    const given = Buffer.from(url.searchParams.get('sig') ?? '');
    const wanted = Buffer.from(sign(id, expires));
    if (!image || given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
      res.writeHead(403, { 'content-type': 'application/xml' });
      return void res.end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
    }
    if (Date.now() > expires) {
      res.writeHead(403, { 'content-type': 'application/xml' });
      return void res.end('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
    }
    if (await applyFaults(req, res, 'download', `download:${id}`, image.task.directives.faults)) return;
    const bytes = renderImage(image);
    const fault = image.task.directives.faults.find((f) => f.on === 'download' && f.isTruncated);
    res.writeHead(200, {
      'content-type': 'image/png',
      'content-length': bytes.length,
      'cache-control': 'private, max-age=60',
    });
    if (fault && counter.shouldFire({ ...fault, isTruncated: false }, `truncate:${id}`)) {
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      setTimeout(() => res.destroy(), 5);
      return;
    }
    res.end(bytes);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim.local');
    const file = /^\/files\/([\w-]+)\.png$/.exec(url.pathname);
    if (req.method === 'GET' && file) return handleFile(req, res, url, file[1]!);
    if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { ok: true });
    if (url.pathname.startsWith('/api/v1/')) {
      if (req.headers.authorization !== `Bearer ${key}`)
        return sendNativeError(res, 401, 'InvalidApiKey', 'Invalid API-key provided.');
      return nativeRoute(req, res, url.pathname);
    }
    const isStats = url.pathname === '/__sim/stats';
    if (!url.pathname.startsWith('/v1/') && !isStats)
      return sendError(res, 404, 'NotFound', `No route ${url.pathname}.`);
    if (req.headers.authorization !== `Bearer ${key}`)
      return sendError(res, 401, 'invalid_api_key', 'Incorrect API key provided.');
    // Read-only: what was accepted and served, for harnesses in another process (the soak).
    if (isStats && req.method === 'GET') return sendJson(res, 200, statsReport(state, renderImage));
    const task = /^\/v1\/tasks\/([\w-]+)$/.exec(url.pathname);
    if (req.method === 'POST' && url.pathname === '/v1/images/generations') return handleCreate(req, res);
    if (req.method === 'POST' && url.pathname === '/v1/images/edits') return handleEdits(req, res);
    if (req.method === 'GET' && task) return handleTask(req, res, task[1]!);
    if (req.method === 'GET' && url.pathname === '/v1/models')
      return sendJson(res, 200, {
        object: 'list',
        data: MODEL_IDS.map((id) => ({ id, object: 'model', owned_by: 'simulator' })),
      });
    sendError(res, 404, 'NotFound', `No route ${req.method} ${url.pathname}.`);
  }

  const server = createServer((req, res) => {
    const started = Date.now();
    res.on('finish', () =>
      options.log?.(`${req.method} ${req.url?.split('?')[0]} ${res.statusCode} ${Date.now() - started}ms`),
    );
    route(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'InternalError', `Simulator error: ${String(err)}`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  origin = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    baseUrl: `${origin}/v1`,
    nativeBaseUrl: `${origin}/api/v1`,
    origin,
    key,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
