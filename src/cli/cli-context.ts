import { resolveLocale, type Locale } from '../shared/i18n-messages';
import type { JobEngine } from '../main/services/jobs/job-engine';
import { openLibrary, resolveLibraryHome, type Library } from '../main/services/library/library';
import { DASHSCOPE_REGIONS, type DashScopeRegion, type ProviderKind } from '../shared/capabilities';
import { DEFAULT_DASHSCOPE_REGION } from '../main/services/providers/dashscope-client';
import { DEFAULT_BASE_URL } from '../main/services/providers/gateway-client';
import { requireHttpBaseUrl } from '../main/services/providers/base-url';
import { WanError } from '../main/services/wan-error';
import path from 'node:path';
import { silentLogger, streamLogger, teeLogger, type AppLogger } from '../main/services/logging/logger';
import { createKnownSecrets } from '../main/services/logging/redact';
import { cliNativeBinding } from './cli-native';

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

/** Makes the job engine (cli-engine.ts); given only to commands that run jobs, so others never load it. */
export type EngineFactory = (parts: {
  library: Library;
  kind: ProviderKind;
  baseUrl: string;
  apiKey: string;
  queueTimeoutMs?: number;
  logger: AppLogger;
  serviceLogger: AppLogger;
  env: NodeJS.ProcessEnv;
}) => JobEngine;

export async function openContext(
  flags: GlobalFlags,
  env: NodeJS.ProcessEnv = process.env,
  makeEngine?: EngineFactory,
): Promise<CliContext> {
  const home = cliHome(flags, env);
  // Refused before the library opens or anything is sent: a key must never go to file: or javascript:.
  const kind = flags.providerKind ?? 'openai';
  const defaultRoot =
    kind === 'dashscope' ? DASHSCOPE_REGIONS[flags.region ?? DEFAULT_DASHSCOPE_REGION] : DEFAULT_BASE_URL;
  // An explicit --region names the root itself; WAN_BASE_URL is only a fallback below --base-url.
  const givenRoot = flags.baseUrl ?? (flags.region ? undefined : env.WAN_BASE_URL || undefined);
  const baseUrl = requireHttpBaseUrl(givenRoot ?? defaultRoot, cliLocale(env));
  const { logger, serviceLogger } = await cliLoggers(flags, env);
  let library: Library;
  try {
    library = openLibrary(home, { nativeBinding: cliNativeBinding() });
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
      // A command outside JOB_GROUPS (command-groups.ts) asked for jobs: a bug, not the person's.
      if (!makeEngine) throw new Error('this command was started without the job engine (see JOB_GROUPS)');
      engine = makeEngine({
        library,
        kind,
        baseUrl,
        apiKey,
        queueTimeoutMs: flags.queueTimeoutMs,
        logger,
        serviceLogger,
        env,
      });
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
async function cliLoggers(
  flags: GlobalFlags,
  env: NodeJS.ProcessEnv,
): Promise<{ logger: AppLogger; serviceLogger: AppLogger }> {
  // Both keys, whichever is used: an upstream echo of either never reaches a line.
  const secrets = createKnownSecrets([flags.apiKey, env.WAN_API_KEY]);
  const stderr = streamLogger((line) => void process.stderr.write(line), { level: 'warn', secrets });
  const file = flags.log ?? (env.WAN_LOG || undefined);
  if (!file) return { logger: silentLogger, serviceLogger: stderr };
  const target = path.resolve(file);
  // electron-log loads only when a log file is asked for.
  const { createNodeFileLogger } = await import('../main/services/logging/node-logger');
  const logFile = createNodeFileLogger({ folder: path.dirname(target), fileName: path.basename(target), secrets });
  return { logger: logFile, serviceLogger: teeLogger(stderr, logFile) };
}
