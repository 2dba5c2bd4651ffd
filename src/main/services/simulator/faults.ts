// Fault injection for the simulator. A directive rides in the prompt, `[[sim status=503 times=2]]`,
// so it reaches every request a generation makes (create, polls, downloads); or in an
// `X-Sim-Fault: status=429; retry-after=1` header, for that one request. See README "Simulator".

export type FaultTarget = 'create' | 'poll' | 'download';

export type Fault = {
  /** Which request the fault hits; by default the one its other keys make sense for. */
  on: FaultTarget;
  status?: number;
  code?: string;
  message?: string;
  retryAfter?: string;
  retryAfterMs?: string;
  latencyMs?: number;
  isMalformed: boolean;
  isReset: boolean;
  isTruncated: boolean;
  /** Only the first N matching requests (per prompt, task or image) meet the fault. */
  times?: number;
};

export type TaskBehaviour = {
  outcome: 'succeed' | 'fail' | 'hang' | 'unknown';
  /** How a failed task reports its error: OpenAI `error{}`, top-level `{code,message}`, or `output{}`. */
  errorShape: 'openai' | 'flat' | 'output';
  /** How a finished task looks: with `status: completed`, or just the sync body (`data[]` only). */
  finishedShape: 'status' | 'data' | 'newapi';
  durationMs?: number;
  /** The upstream code a failed task reports. */
  failCode?: string;
  /** Image-set size the "model" settles on (upstream decides, up to n). */
  count?: number;
  urlTtlMs?: number;
  /** An async create answered at once with finished images, as some gateways do. */
  isAnsweredSync: boolean;
  /** Native results: one choice per image (default), or one choice holding every image. */
  layout: 'choices' | 'one-choice';
};

export type Directives = { faults: Fault[]; task: TaskBehaviour };

const DIRECTIVE_RE = /\[\[sim[:\s]([^\]]*)\]\]/g;

function parsePairs(text: string): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const token of text.split(/[;\s]+/).filter(Boolean)) {
    const eq = token.indexOf('=');
    if (eq < 0) pairs.set(token.toLowerCase(), 'true');
    else pairs.set(token.slice(0, eq).toLowerCase(), token.slice(eq + 1));
  }
  return pairs;
}

const num = (v: string | undefined): number | undefined =>
  v === undefined || v === '' || !Number.isFinite(Number(v)) ? undefined : Number(v);

function faultFrom(pairs: Map<string, string>): Fault | undefined {
  const fault: Fault = {
    on: 'create',
    status: num(pairs.get('status')),
    code: pairs.get('code'),
    message: pairs.get('message')?.replace(/_/g, ' '),
    retryAfter: pairs.get('retry-after'),
    retryAfterMs: pairs.get('retry-after-ms'),
    latencyMs: num(pairs.get('latency')),
    isMalformed: pairs.has('malformed'),
    isReset: pairs.has('reset'),
    isTruncated: pairs.has('truncate'),
    times: num(pairs.get('times')),
  };
  if (fault.isTruncated) fault.on = 'download';
  const on = pairs.get('on');
  if (on === 'create' || on === 'poll' || on === 'download') fault.on = on;
  const isFault =
    fault.status !== undefined ||
    fault.latencyMs !== undefined ||
    fault.isMalformed ||
    fault.isReset ||
    fault.isTruncated;
  return isFault ? fault : undefined;
}

function taskFrom(pairs: Map<string, string>, task: TaskBehaviour): TaskBehaviour {
  const outcome = pairs.get('task');
  if (outcome === 'fail' || outcome === 'hang' || outcome === 'unknown') task.outcome = outcome;
  const shape = pairs.get('error');
  if (shape === 'openai' || shape === 'flat' || shape === 'output') task.errorShape = shape;
  if (pairs.get('finish') === 'data') task.finishedShape = 'data';
  // new-api's gateways: every item field present, empty when unused, plus the raw upstream reply.
  if (pairs.get('finish') === 'newapi') task.finishedShape = 'newapi';
  task.durationMs = num(pairs.get('duration')) ?? task.durationMs;
  task.failCode = pairs.get('code') ?? task.failCode;
  task.count = num(pairs.get('count')) ?? task.count;
  task.urlTtlMs = num(pairs.get('ttl')) ?? task.urlTtlMs;
  if (pairs.get('async') === 'sync') task.isAnsweredSync = true;
  if (pairs.get('layout') === 'one-choice' || pairs.get('layout') === 'choices')
    task.layout = pairs.get('layout') as TaskBehaviour['layout'];
  return task;
}

export function defaultTaskBehaviour(): TaskBehaviour {
  return {
    outcome: 'succeed',
    errorShape: 'openai',
    finishedShape: 'status',
    isAnsweredSync: false,
    layout: 'choices',
  };
}

/** Reads every `[[sim ...]]` directive in a prompt. */
export function parsePromptDirectives(prompt: string): Directives {
  const faults: Fault[] = [];
  const task = defaultTaskBehaviour();
  for (const match of prompt.matchAll(DIRECTIVE_RE)) {
    const pairs = parsePairs(match[1] ?? '');
    const fault = faultFrom(pairs);
    if (fault) faults.push(fault);
    taskFrom(pairs, task);
  }
  return { faults, task };
}

export function parseHeaderFault(header: string | undefined): Fault | undefined {
  if (!header) return undefined;
  // A header belongs to the request that carries it, whatever `on` says.
  return faultFrom(parsePairs(header));
}

/** Counts hits per scope so `times=N` lets the N+1-th request through. */
export class FaultCounter {
  private readonly hits = new Map<string, number>();

  shouldFire(fault: Fault, scope: string): boolean {
    if (fault.times === undefined) return true;
    const key = `${scope}\u0000${JSON.stringify(fault)}`;
    const seen = this.hits.get(key) ?? 0;
    this.hits.set(key, seen + 1);
    return seen < fault.times;
  }
}
