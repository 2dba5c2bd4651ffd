import { JobEngine } from '../main/services/jobs/job-engine';
import { logAppEvent } from '../main/services/logging/app-log';
import { DashScopeClient } from '../main/services/providers/dashscope-client';
import { GatewayClient } from '../main/services/providers/gateway-client';
import { envProxyFetch } from '../main/services/providers/proxy-fetch';
import type { ImageProvider } from '../main/services/providers/provider-types';
import type { EngineFactory } from './cli-context';

// The job engine and its API client, loaded (with undici and the providers) only by the commands
// that run jobs: cli-run.ts imports this module for JOB_GROUPS alone.

export const makeEngine: EngineFactory = ({
  library,
  kind,
  baseUrl,
  apiKey,
  queueTimeoutMs,
  logger,
  serviceLogger,
  env,
}) => {
  // Through HTTPS_PROXY/HTTP_PROXY unless NO_PROXY covers the gateway (Node's fetch reads none).
  const options = { baseUrl, apiKey, logger: serviceLogger, fetch: envProxyFetch(env) };
  const client: ImageProvider = kind === 'dashscope' ? new DashScopeClient(options) : new GatewayClient(options);
  const engine = new JobEngine({
    repo: library.repo,
    store: library.store,
    thumbnails: library.thumbnails,
    client,
    profile: { name: 'default', baseUrl },
    ...(queueTimeoutMs ? { queueTimeoutMs: () => queueTimeoutMs } : {}),
    logger: serviceLogger,
  });
  engine.on((event) => logAppEvent(logger, event));
  return engine;
};
