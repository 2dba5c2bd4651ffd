import { afterAll, beforeAll } from 'vitest';
import type { SeededGenerationRequest } from '../../src/shared/generation-request';
import { GatewayClient, type GatewayClientOptions } from '../../src/main/services/providers/gateway-client';
import type { PollTiming } from '../../src/main/services/providers/task-waiter';
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../src/main/services/simulator/server';

/** Starts one real simulator on loopback for the calling test file. */
export function useSimulator(options: SimulatorOptions = {}): { readonly sim: SimulatorHandle } {
  const holder = {} as { sim: SimulatorHandle };
  beforeAll(async () => {
    holder.sim = await startSimulator({ taskDurationMs: 250, ...options });
  });
  afterAll(async () => {
    await holder.sim?.close();
  });
  return holder;
}

/** Fast retries and polls, so tests exercise every path in milliseconds. */
export const FAST_POLL: Partial<PollTiming> = { firstDelayMs: 30, minIntervalMs: 30, maxIntervalMs: 60 };

export function clientFor(sim: SimulatorHandle, extra: Partial<GatewayClientOptions> = {}): GatewayClient {
  return new GatewayClient({
    baseUrl: sim.baseUrl,
    apiKey: sim.key,
    retry: { baseDelayMs: 10, maxDelayMs: 40, maxAttempts: 4 },
    ...extra,
  });
}

let counter = 0;
/** A request with a prompt unique to the test, so `times=N` fault counters never collide. */
export function request(overrides: Partial<SeededGenerationRequest> = {}): SeededGenerationRequest {
  counter++;
  return {
    model: 'wan2.7-image',
    prompt: `测试 ${counter} ${Date.now()}`,
    size: '1024x1024',
    n: 1,
    seed: 42,
    isSequential: false,
    thinkingMode: true,
    watermark: false,
    responseFormat: 'url',
    mode: 'async',
    colorPalette: undefined,
    ...overrides,
  };
}

export function pngSize(bytes: Buffer): { width: number; height: number } {
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
