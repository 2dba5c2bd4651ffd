import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { GatewayClient } from '../../src/main/services/providers/gateway-client';
import { isCreateRefusedUnprocessed } from '../../src/main/services/providers/gateway-errors';
import { runTask } from '../../src/main/services/providers/run-task';
import { startSimulator, type SimulatorHandle } from '../../src/main/services/simulator/server';
import { WanError } from '../../src/main/services/wan-error';
import { FAST_POLL, clientFor, request, useSimulator } from '../helpers/simulator';

const ctx = useSimulator({ key: 'sk-sim-secret-0123456789' });

async function failure(promise: Promise<unknown>): Promise<WanError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof WanError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

/** How many creates the simulator saw while `fn` ran. */
async function countCreates(fn: () => Promise<unknown>): Promise<number> {
  const before = ctx.sim.state.stats.creates;
  await fn().catch(() => undefined);
  return ctx.sim.state.stats.creates - before;
}

const withFault = (directive: string): string => `fault ${Math.random()} [[sim ${directive}]]`;

describe('typed errors, each with a message a person can act on', () => {
  it('auth: a bad key, never echoed back', async () => {
    const client = new GatewayClient({ baseUrl: ctx.sim.baseUrl, apiKey: 'sk-wrong-key-abcdef123' });
    const err = await failure(client.create(request()));
    expect(err).toMatchObject({ code: 'auth', httpStatus: 401, isRetryable: false });
    expect(err.message).toMatch(/open Settings/);
    expect(JSON.stringify(err.toValue())).not.toContain('sk-wrong-key-abcdef123');
  });

  it('invalid request names the field the service refused', async () => {
    const err = await failure(clientFor(ctx.sim).create(request({ size: '4096x4096' })));
    expect(err).toMatchObject({ code: 'invalid_request', field: 'size', upstreamCode: 'InvalidParameter' });
  });

  it('not found: an unknown model', async () => {
    const err = await failure(clientFor(ctx.sim).create(request({ model: 'wan9' as 'wan2.7-image' })));
    expect(err).toMatchObject({ code: 'not_found', httpStatus: 404 });
  });

  it.each([
    ['status=400 code=DataInspectionFailed', 'moderation'],
    ['status=400 code=IPInfringementSuspect', 'moderation'],
    ['status=400 code=Arrearage', 'quota'],
    ['status=429 code=insufficient_quota', 'quota'],
    ['status=403 code=AccessDenied', 'permission'],
    ['status=500', 'server'],
    ['status=503 code=ModelServingError', 'server'],
    ['malformed', 'malformed_response'],
    ['reset', 'network'],
  ])('create with %s → %s, sent once', async (directive, code) => {
    const client = clientFor(ctx.sim);
    let err: WanError | undefined;
    const creates = await countCreates(async () => {
      err = await failure(client.create(request({ prompt: withFault(directive) })));
    });
    expect(err?.code).toBe(code);
    expect(creates).toBe(1);
  });

  it('timeout: a create that takes too long is reported, and not sent again (it may be billed)', async () => {
    const client = clientFor(ctx.sim, { timeouts: { createAsyncMs: 150 } });
    let err: WanError | undefined;
    const creates = await countCreates(async () => {
      err = await failure(client.create(request({ prompt: withFault('latency=600') })));
    });
    expect(err?.code).toBe('timeout');
    expect(creates).toBe(1);
  });

  it('network: nothing listening, reported plainly', async () => {
    const port = await freePort();
    const client = new GatewayClient({
      baseUrl: `http://127.0.0.1:${port}/v1`,
      apiKey: 'k',
      retry: { maxAttempts: 2, baseDelayMs: 5 },
    });
    const err = await failure(client.create(request()));
    expect(err.code).toBe('network');
    expect(err.message).toMatch(/check the network/);
  });

  it('keeps the key out of upstream text that echoes it', async () => {
    const err = await failure(
      clientFor(ctx.sim).create(request({ prompt: withFault(`status=400 message=bad_key_${ctx.sim.key}`) })),
    );
    expect(err.detail).toContain('bad key ***');
    expect(JSON.stringify(err.toValue())).not.toContain(ctx.sim.key);
  });
});

describe('which requests are retried', () => {
  it('a create met by a throttling 429 or a 503 with Retry-After is handed back at once, sent once, with the wait', async () => {
    for (const [directive, code] of [
      ['status=429 retry-after-ms=1500', 'rate_limited'],
      ['status=503 retry-after=2', 'server'],
    ] as const) {
      let err: WanError | undefined;
      const creates = await countCreates(async () => {
        err = await failure(clientFor(ctx.sim).create(request({ prompt: withFault(directive) })));
      });
      // The job engine puts the job back in line; the client never resends a create by itself.
      expect(creates).toBe(1);
      expect(err).toMatchObject({ code, retryAfterMs: code === 'server' ? 2000 : 1500 });
      expect(isCreateRefusedUnprocessed(err!)).toBe(true);
    }
    const ambiguous = await failure(clientFor(ctx.sim).create(request({ prompt: withFault('status=500') })));
    expect(isCreateRefusedUnprocessed(ambiguous)).toBe(false);
  });

  it('a create that surely never reached the server (connection refused) is sent again', async () => {
    const port = await freePort();
    let starting: Promise<SimulatorHandle> | undefined;
    const client = new GatewayClient({
      baseUrl: `http://127.0.0.1:${port}/v1`,
      apiKey: 'late-key',
      retry: { baseDelayMs: 50, maxAttempts: 3 },
      // The server comes up only once the first attempt has been refused.
      logger: { warn: () => void (starting ??= startSimulator({ port, key: 'late-key', taskDurationMs: 50 })) },
    });
    try {
      const created = await client.create(request());
      expect(created.kind).toBe('task');
      expect(starting).toBeDefined();
      expect((await starting!).state.stats.creates).toBe(1);
    } finally {
      await (await starting)?.close();
    }
  });

  it('polls are retried on 503, 429, resets and cut-off bodies, then the task completes', async () => {
    const client = clientFor(ctx.sim);
    for (const directive of [
      'on=poll status=503 times=2',
      'on=poll status=429 retry-after-ms=20 times=2',
      'on=poll reset times=1',
      'on=poll malformed times=6',
    ]) {
      const outcome = await runTask(client, request({ prompt: withFault(directive) }), { timing: FAST_POLL });
      expect(outcome.images).toHaveLength(1);
    }
  });

  it('a poll that keeps failing never ends the job before the task deadline', async () => {
    const started = Date.now();
    const err = await failure(
      runTask(clientFor(ctx.sim), request({ prompt: withFault('on=poll status=500') }), {
        timing: { ...FAST_POLL, deadlineMs: 1500 },
      }),
    );
    expect(err.code).toBe('timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
  });

  it('a permanent answer to a poll (the key refused) ends it at once', async () => {
    const err = await failure(
      runTask(clientFor(ctx.sim), request({ prompt: withFault('on=poll status=401') }), { timing: FAST_POLL }),
    );
    expect(err.code).toBe('auth');
  });

  it('a truncated download is retried and arrives whole', async () => {
    const client = clientFor(ctx.sim);
    const outcome = await runTask(client, request({ prompt: withFault('truncate times=1') }), { timing: FAST_POLL });
    const before = ctx.sim.state.stats.downloads;
    const file = await client.download(outcome.images[0]!.url!);
    expect(ctx.sim.state.stats.downloads - before).toBe(2);
    expect(file.bytes.readUInt32BE(16)).toBe(1024);
  });

  it('downloads are retried on 5xx but an expired link is reported at once', async () => {
    const client = clientFor(ctx.sim);
    const flaky = await runTask(client, request({ prompt: withFault('on=download status=502 times=1') }), {
      timing: FAST_POLL,
    });
    expect((await client.download(flaky.images[0]!.url!)).bytes.length).toBeGreaterThan(0);

    const expiring = await runTask(client, request({ prompt: withFault('ttl=1') }), { timing: FAST_POLL });
    await new Promise((r) => setTimeout(r, 20));
    const before = ctx.sim.state.stats.downloads;
    const err = await failure(client.download(expiring.images[0]!.url!));
    expect(err).toMatchObject({ code: 'expired', httpStatus: 403, isRetryable: false });
    expect(ctx.sim.state.stats.downloads - before).toBe(1);
  });

  it('never sends the API key to a result URL', async () => {
    const seen: Array<string | null> = [];
    const client = clientFor(ctx.sim, {
      fetch: (input, init) => {
        seen.push(new Headers(init?.headers).get('authorization'));
        return fetch(input, init);
      },
    });
    const outcome = await runTask(client, request({ mode: 'sync' }));
    await client.download(outcome.images[0]!.url!);
    expect(seen[0]).toBe(`Bearer ${ctx.sim.key}`);
    expect(seen.at(-1)).toBeNull();
  });
});

describe('task outcomes', () => {
  it.each(['openai', 'flat', 'output'])('a failed task (%s error shape) is read as moderation', async (shape) => {
    const err = await failure(
      runTask(
        clientFor(ctx.sim),
        request({ prompt: withFault(`task=fail code=DataInspectionFailed error=${shape}`) }),
        { timing: FAST_POLL },
      ),
    );
    expect(err).toMatchObject({ code: 'moderation', upstreamCode: 'DataInspectionFailed', isRetryable: false });
  });

  it('a task stuck in UNKNOWN fails after the grace period', async () => {
    const err = await failure(
      runTask(clientFor(ctx.sim), request({ prompt: withFault('task=unknown') }), {
        timing: { ...FAST_POLL, unknownGraceMs: 150 },
      }),
    );
    expect(err.code).toBe('task_failed');
  });

  it('a task that never finishes times out at the deadline', async () => {
    const err = await failure(
      runTask(clientFor(ctx.sim), request({ prompt: withFault('task=hang') }), {
        timing: { ...FAST_POLL, deadlineMs: 250 },
      }),
    );
    expect(err.code).toBe('timeout');
  });

  it('cancel stops polling at once', async () => {
    const controller = new AbortController();
    const running = runTask(clientFor(ctx.sim), request({ prompt: withFault('task=hang') }), {
      timing: FAST_POLL,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 80);
    const err = await failure(running);
    expect(err.code).toBe('canceled');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
