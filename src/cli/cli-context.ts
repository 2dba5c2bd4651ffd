import { resolveLocale, type Locale } from '../shared/i18n-messages';
import { JobEngine } from '../main/services/jobs/job-engine';
import { openLibrary, resolveLibraryHome, type Library } from '../main/services/library/library';
import { DEFAULT_BASE_URL, GatewayClient } from '../main/services/providers/gateway-client';
import { requireHttpBaseUrl } from '../main/services/providers/base-url';
import { envProxyFetch } from '../main/services/providers/proxy-fetch';
import { WanError } from '../main/services/wan-error';

export type GlobalFlags = { home?: string; baseUrl?: string; apiKey?: string };

export type CliContext = {
  locale: Locale;
  library: Library;
  baseUrl: string;
  /** Made on first use: commands that only read the library need no key. */
  engine: () => JobEngine;
  close: () => void;
};

export function cliLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  return resolveLocale(env.WAN_STUDIO_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG);
}

export function openContext(flags: GlobalFlags, env: NodeJS.ProcessEnv = process.env): CliContext {
  // After `move-library`, the default home's library-location.json leads to the new folder.
  const home = resolveLibraryHome(flags.home ?? (env.WAN_STUDIO_HOME || undefined), env);
  // Refused before the library opens or anything is sent: a key must never go to file: or javascript:.
  const baseUrl = requireHttpBaseUrl(flags.baseUrl ?? env.WAN_BASE_URL ?? DEFAULT_BASE_URL, cliLocale(env));
  const library = openLibrary(home);
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
      const client = new GatewayClient({ baseUrl, apiKey, fetch: envProxyFetch(env) });
      engine = new JobEngine({
        repo: library.repo,
        store: library.store,
        client,
        profile: { name: 'default', baseUrl },
        // Warnings go to stderr without any request detail: the key never reaches a log.
        logger: {
          warn: (message, data) => process.stderr.write(`warning: ${message} ${data ? JSON.stringify(data) : ''}\n`),
        },
      });
      return engine;
    },
    close: () => library.close(),
  };
}
