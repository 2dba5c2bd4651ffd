import path from 'node:path';
import { parseArgs } from 'node:util';
import { createNodeFileLogger } from '../services/logging/node-logger';
import { logProcessErrors } from '../services/logging/process-log';
import { createKnownSecrets } from '../services/logging/redact';
import { resolveLibraryHome } from '../services/library/library';
import { DEFAULT_BASE_URL } from '../services/providers/gateway-client';
import { DASHSCOPE_REGIONS } from '../../shared/capabilities';
import { resolveLocale } from '../../shared/i18n-messages';
import { requireHttpBaseUrl } from '../services/providers/base-url';
import { WanError } from '../services/wan-error';
import { environmentLocale, startBrowserMode } from './server';

// `npm run browser -- [--port N] [--sim-task-ms MS]`: Wan Studio in a web browser, on 127.0.0.1.
// Reads WAN_STUDIO_HOME, WAN_BASE_URL and WAN_API_KEY; with no key it runs the offline simulator.

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const warn = (line: string): void => void process.stderr.write(`${line}\n`);

const USAGE = `Usage: npm run browser -- [--port N] [--sim-task-ms MS]

  --port N           port on 127.0.0.1 (default 0: a free one)
  --sim-task-ms MS   how long a simulated task takes (default 6000)
  --renderer-dir DIR the built renderer to serve (default: out/renderer)

Environment: WAN_STUDIO_HOME (library folder), WAN_BASE_URL and WAN_API_KEY (a gateway;
without a key the offline simulator is started and offered as a profile), HTTPS_PROXY,
HTTP_PROXY and NO_PROXY (how gateway requests go out).`;

function parse(): { port: number; simTaskMs: number | undefined; rendererDir: string | undefined } {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'sim-task-ms': { type: 'string' },
      'renderer-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    say(USAGE);
    process.exit(0);
  }
  const port = Number(values.port);
  const simTaskMs = values['sim-task-ms'] === undefined ? undefined : Number(values['sim-task-ms']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port wants 0–65535, not ${values.port}`);
  if (simTaskMs !== undefined && (!Number.isFinite(simTaskMs) || simTaskMs < 0))
    throw new Error(`--sim-task-ms wants a number of milliseconds, not ${values['sim-task-ms']}`);
  return { port, simTaskMs, rendererDir: values['renderer-dir'] };
}

async function main(): Promise<void> {
  const { port, simTaskMs, rendererDir } = parse();
  const env = process.env;
  const home = resolveLibraryHome(env.WAN_STUDIO_HOME || undefined, env);
  const apiKey = env.WAN_API_KEY?.trim();
  // Refused before anything starts: the key must never go to a file: or javascript: URL.
  // WAN_PROVIDER_KIND=dashscope: WAN_BASE_URL is a DashScope root (Beijing's when unset).
  const kind = env.WAN_PROVIDER_KIND === 'dashscope' ? ('dashscope' as const) : undefined;
  const defaultRoot = kind ? DASHSCOPE_REGIONS.beijing : DEFAULT_BASE_URL;
  const baseUrl = requireHttpBaseUrl(env.WAN_BASE_URL || defaultRoot, resolveLocale(environmentLocale(env)));
  // In the library it starts with, so a temp library (tests, demos) keeps its own log; named apart
  // from the desktop app's main.log, so two processes never rotate one file.
  const knownSecrets = createKnownSecrets([apiKey]);
  const logger = createNodeFileLogger({
    folder: path.join(home, 'logs'),
    fileName: 'browser-mode.log',
    secrets: knownSecrets,
  });
  logProcessErrors(logger);
  logger.info('browser mode starting', { home, pid: process.pid, node: process.versions.node });
  const app = await startBrowserMode({
    home,
    port,
    simTaskMs,
    rendererDir,
    envProfile: apiKey ? { baseUrl, apiKey, kind } : undefined,
    log: warn,
    logging: { logger, logFiles: logger, knownSecrets },
  });
  logger.info('browser mode started', { origin: app.origin, simulator: app.simulator?.baseUrl ?? null });

  say('Wan Studio — browser mode');
  say(
    `  library:  ${app.home}${env.WAN_STUDIO_HOME ? ' (WAN_STUDIO_HOME)' : ' (the app’s default; set WAN_STUDIO_HOME to change)'}`,
  );
  if (apiKey) say(`  gateway:  ${baseUrl} (WAN_BASE_URL, key from WAN_API_KEY, kept in memory only)`);
  else if (app.simulator) say(`  gateway:  Offline simulator at ${app.simulator.baseUrl} (no WAN_API_KEY set)`);
  say(
    `  keys saved in browser mode are stored unencrypted in ${app.secretsFile} (mode 0600); the desktop app encrypts them with the OS keychain.`,
  );
  say(`  logs:     ${logger.file}`);
  say(`Open ${app.url}`);
  say('Press Ctrl+C to stop.');

  const stop = (signal: NodeJS.Signals): void => {
    say(`\n${signal}: stopping…`);
    logger.info('browser mode stopping', { signal });
    app.close().then(
      () => {
        logger.info('browser mode stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error('browser mode did not stop cleanly', { error: err });
        warn(`Could not stop cleanly: ${String(err)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  const code = (err as { code?: string }).code;
  warn(
    code === 'EADDRINUSE'
      ? 'That port is in use — pass another with --port, or --port 0 for a free one.'
      : // A WanError's message is already the plain sentence (a damaged library: restore or rebuild).
        `Could not start browser mode: ${err instanceof Error ? err.message : String(err)}${
          err instanceof WanError && err.detail ? ` (${err.detail})` : ''
        }`,
  );
  process.exit(1);
});
