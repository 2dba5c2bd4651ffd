import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInvoker } from '../ipc/invoker';
import { createAppServices, type SwitchableAppServices } from '../services/app/app-services';
import type { AppHostOptions, AppServices, SecretStore } from '../services/app/app-types';
import { resolveLocale } from '../../shared/i18n-messages';
import { requireHttpBaseUrl } from '../services/providers/base-url';
import { envProxyFetch } from '../services/providers/proxy-fetch';
import { startSimulator, type SimulatorHandle } from '../services/simulator/server';
import { createFileSecretStore } from './file-secret-store';
import { startHttpTransport, type HttpTransport } from './http-transport';
import { mediaUrlFor } from './static-files';
import { makeDirectorySync } from '../services/library/byte-streams';

// Browser mode: the app's own services and handlers in plain Node, the built renderer served on
// 127.0.0.1, and HTTP + server-sent events in place of Electron IPC. For tests, demos and anyone
// without the Electron binary.

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

export type BrowserModeOptions = {
  /** The library folder. */
  home: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The built renderer; defaults to out/renderer in this checkout. */
  rendererDir?: string;
  /** A gateway from the environment (WAN_BASE_URL + WAN_API_KEY), kept in memory only. */
  envProfile?: AppHostOptions['envProfile'];
  /** Without an envProfile, start the simulator in-process and offer it as a profile (default true). */
  isSimulatorOffered?: boolean;
  /** The simulated task duration (default: the simulator's own, 6 s). */
  simTaskMs?: number;
  /** The OS language tag, e.g. `zh-CN`; defaults to the environment's. */
  systemLocale?: string;
  /** Fixed only by tests; otherwise random per run. */
  token?: string;
  /** Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read for gateway requests (default: process.env). */
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** The log file, its lines and the keys it scrubs (see AppHostOptions). */
  logging?: Pick<AppHostOptions, 'logger' | 'logFiles' | 'knownSecrets'>;
};

export type BrowserMode = {
  /** The link to open: it carries the token, traded for a cookie on first load. */
  url: string;
  origin: string;
  token: string;
  port: number;
  home: string;
  secretsFile: string;
  /** The in-process simulator, when one was started. */
  simulator: SimulatorHandle | undefined;
  services: AppServices;
  close: () => Promise<void>;
};

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export function environmentLocale(env: NodeJS.ProcessEnv = process.env): string {
  return (
    env.WAN_STUDIO_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? Intl.DateTimeFormat().resolvedOptions().locale
  );
}

export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const home = path.resolve(options.home);
  const log = options.log ?? ((line: string) => console.error(line));
  const locale = resolveLocale(options.systemLocale ?? environmentLocale());
  const envProfile = options.envProfile && {
    ...options.envProfile,
    baseUrl: requireHttpBaseUrl(options.envProfile.baseUrl, locale),
  };
  makeDirectorySync(home);
  let services: SwitchableAppServices | undefined;
  // Keys, media and the library follow `library.move`: they are looked up in the current folder.
  const libraryHome = (): string => services?.libraryHome() ?? home;
  const secretStores = new Map<string, ReturnType<typeof createFileSecretStore>>();
  const secretsIn = (dir: string): ReturnType<typeof createFileSecretStore> => {
    const store = secretStores.get(dir) ?? createFileSecretStore(dir);
    secretStores.set(dir, store);
    return store;
  };
  const secretsFile = secretsIn(home).file;
  const secrets: SecretStore = {
    get: (profileId) => secretsIn(libraryHome()).get(profileId),
    set: (profileId, secret) => secretsIn(libraryHome()).set(profileId, secret),
    delete: (profileId) => secretsIn(libraryHome()).delete(profileId),
  };
  const simulator =
    !envProfile && options.isSimulatorOffered !== false
      ? await startSimulator({ port: 0, taskDurationMs: options.simTaskMs })
      : undefined;
  const token = options.token ?? randomBytes(24).toString('base64url');

  let transport: HttpTransport | undefined;
  try {
    services = createAppServices({
      home,
      host: 'browser',
      version: packageVersion(),
      systemLocale: options.systemLocale ?? environmentLocale(),
      secrets,
      mediaUrl: mediaUrlFor,
      simulator: simulator ? { baseUrl: simulator.baseUrl, key: simulator.key } : undefined,
      envProfile,
      fetch: envProxyFetch(options.env ?? process.env),
      ...options.logging,
    });
    const invoke = createInvoker(services.handlers, (method, err) => {
      options.logging?.logger?.error(`${method} failed unexpectedly`, { error: err });
      log(
        `browser mode: ${method} failed unexpectedly: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    });
    transport = await startHttpTransport({
      port: options.port ?? 0,
      token,
      rendererDir: options.rendererDir ?? path.join(REPO_ROOT, 'out', 'renderer'),
      mediaRoot: libraryHome,
      makeThumbnail: (rel) => services?.makeThumbnail(rel) ?? Promise.resolve(undefined),
      faviconFile: path.join(REPO_ROOT, 'build', 'icon.svg'),
      invoke,
      log,
    });
  } catch (err) {
    await services?.close();
    await simulator?.close();
    throw err;
  }

  const live = transport;
  const stopEvents = services.onEvent((name, payload) => live.publish(name, payload));
  services.resume();

  let closing: Promise<void> | undefined;
  const app = services;
  return {
    url: `${live.origin}/?token=${token}`,
    origin: live.origin,
    token,
    port: live.port,
    home,
    secretsFile,
    simulator,
    services: app,
    close: () =>
      (closing ??= (async () => {
        stopEvents();
        await live.close();
        await app.close();
        await simulator?.close();
      })()),
  };
}
