import { resolveLocale, type Locale } from '../shared/i18n-messages';
import { JobEngine } from '../main/services/jobs/job-engine';
import { openLibrary, resolveLibraryHome, type Library } from '../main/services/library/library';
import { DASHSCOPE_REGIONS, type DashScopeRegion, type ProviderKind } from '../shared/capabilities';
import { DashScopeClient, DEFAULT_DASHSCOPE_REGION } from '../main/services/providers/dashscope-client';
import { DEFAULT_BASE_URL, GatewayClient } from '../main/services/providers/gateway-client';
import type { ImageProvider } from '../main/services/providers/provider-types';
import { requireHttpBaseUrl } from '../main/services/providers/base-url';
import { envProxyFetch } from '../main/services/providers/proxy-fetch';
import { WanError } from '../main/services/wan-error';
import path from 'node:path';
import { logAppEvent } from '../main/services/logging/app-log';
import { silentLogger, streamLogger, teeLogger, type AppLogger } from '../main/services/logging/logger';
import { createNodeFileLogger } from '../main/services/logging/node-logger';
import { createKnownSecrets } from '../main/services/logging/redact';

export type GlobalFlags = {
  home?: string;
  baseUrl?: string;
  /** openai (default) or dashscope; --base-url is the API root of that kind. */
  providerKind?: ProviderKind;
  /** DashScope only: whose root to use when no base URL is given (default beijing). */
  region?: DashScopeRegion;
  apiKey?: string;
  log?: string;
  queueTimeoutMs?: number;
};

export type CliContext = {
  locale: Locale;
  library: Library;
  baseUrl: string;
  /** Made on first use: commands that only read the library need no key. */
  engine: () => JobEngine;
  /** The `--log` / WAN_LOG file (silent without one); stderr already shows what a person needs. */
  logger: AppLogger;
  /** What the services warn about: stderr (scrubbed) and the log file when there is one. */
  serviceLogger: AppLogger;
  close: () => void;
};

export function cliLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  return resolveLocale(env.WAN_STUDIO_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG);
}

/** The library folder the CLI works on: --home, WAN_STUDIO_HOME, or the app's (after a move, its new place). */
export function cliHome(flags: Pick<GlobalFlags, 'home'>, env: NodeJS.ProcessEnv = process.env): string {
  return resolveLibraryHome(flags.home ?? (env.WAN_STUDIO_HOME || undefined), env);
}

export function openContext(flags: GlobalFlags, env: NodeJS.ProcessEnv = process.env): CliContext {
  const home = cliHome(flags, env);
  // Refused before the library opens or anything is sent: a key must never go to file: or javascript:.
  const kind = flags.providerKind ?? 'openai';
  const defaultRoot =
    kind === 'dashscope' ? DASHSCOPE_REGIONS[flags.region ?? DEFAULT_DASHSCOPE_REGION] : DEFAULT_BASE_URL;
  // An explicit --region names the root itself; WAN_BASE_URL is only a fallback below --base-url.
  const givenRoot = flags.baseUrl ?? (flags.region ? undefined : env.WAN_BASE_URL || undefined);
  const baseUrl = requireHttpBaseUrl(givenRoot ?? defaultRoot, cliLocale(env));
  const { logger, serviceLogger } = cliLoggers(flags, env);
  let library: Library;
  try {
    library = openLibrary(home);
  } catch (err) {
    logger.error('could not open the library', { home, error: err });
    throw err;
  }
  let engine: JobEngine | undefined;
  return {
    locale: cliLocale(env),
    library,
    baseUrl,
    engine: () => {
      if (engine) return engine;
      const apiKey = flags.apiKey ?? env.WAN_API_KEY;
      if (!apiKey) throw new WanError('auth', { detail: 'no API key: pass --api-key or set WAN_API_KEY' });
      // Through HTTPS_PROXY/HTTP_PROXY unless NO_PROXY covers the gateway (Node's fetch reads none).
      const options = { baseUrl, apiKey, logger: serviceLogger, fetch: envProxyFetch(env) };
      const client: ImageProvider = kind === 'dashscope' ? new DashScopeClient(options) : new GatewayClient(options);
      engine = new JobEngine({
        repo: library.repo,
        store: library.store,
        thumbnails: library.thumbnails,
        client,
        profile: { name: 'default', baseUrl },
        ...(flags.queueTimeoutMs ? { queueTimeoutMs: () => flags.queueTimeoutMs! } : {}),
        logger: serviceLogger,
      });
      engine.on((event) => logAppEvent(logger, event));
      return engine;
    },
    logger,
    serviceLogger,
    close: () => library.close(),
  };
}

/**
 * A log file only when asked for. The services' warnings (retries, thumbnails) keep going to
 * stderr as they always did, and to the file too; everything else goes to the file alone.
 */
function cliLoggers(flags: GlobalFlags, env: NodeJS.ProcessEnv): { logger: AppLogger; serviceLogger: AppLogger } {
  // Both keys, whichever is used: an upstream echo of either never reaches a line.
  const secrets = createKnownSecrets([flags.apiKey, env.WAN_API_KEY]);
  const stderr = streamLogger((line) => void process.stderr.write(line), { level: 'warn', secrets });
  const file = flags.log ?? (env.WAN_LOG || undefined);
  if (!file) return { logger: silentLogger, serviceLogger: stderr };
  const target = path.resolve(file);
  const logFile = createNodeFileLogger({ folder: path.dirname(target), fileName: path.basename(target), secrets });
  return { logger: logFile, serviceLogger: teeLogger(stderr, logFile) };
}
