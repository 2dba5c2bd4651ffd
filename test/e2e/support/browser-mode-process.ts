import { spawn } from 'node:child_process';
import path from 'node:path';

// Starts `npm run browser`'s CLI (without the build step) as its own process, the way a person
// runs it, and reads the link it prints. Specs that need a fresh server (a restart, another home)
// call this themselves; the global setup starts the shared one.

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'src', 'main', 'browser-mode', 'cli.ts');
const START_TIMEOUT_MS = 60_000;

export type BrowserModeProcess = {
  url: string;
  origin: string;
  token: string;
  home: string;
  output: () => string;
  stop: () => Promise<void>;
};

export type LaunchOptions = {
  home: string;
  /** How long a simulated task takes; short so specs wait on events, not on time. */
  simTaskMs?: number;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The built renderer to serve. */
  rendererDir: string;
  env?: Record<string, string>;
};

export function launchBrowserMode(options: LaunchOptions): Promise<BrowserModeProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      CLI,
      '--port',
      String(options.port ?? 0),
      '--sim-task-ms',
      String(options.simTaskMs ?? 400),
      '--renderer-dir',
      options.rendererDir,
    ],
    {
      cwd: ROOT,
      // No WAN_API_KEY: the app offers the in-process simulator.
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        LANG: 'en_US.UTF-8',
        WAN_STUDIO_HOME: options.home,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`browser mode did not print its URL within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    const check = (): void => {
      const match = /^Open (http:\/\/127\.0\.0\.1:\d+)\/\?token=([\w-]+)$/m.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', check);
      resolve({
        url: `${match[1]}/?token=${match[2]}`,
        origin: match[1]!,
        token: match[2]!,
        home: options.home,
        output: () => output,
        stop,
      });
    };
    child.stdout.on('data', check);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`browser mode exited (${code ?? signal}) before printing its URL:\n${output}`));
    });
  });
}
