import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

// Starts test/helpers/proxy-server.mjs (a forward proxy) as a child process and collects what it relayed.

export type Relayed = { kind: 'http'; method: string; url: string } | { kind: 'connect'; target: string };

export type ProxyProcess = {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** Everything relayed so far, in order. */
  relayed: Relayed[];
  /** Resolves with the first relayed request (past or future) that matches. */
  until: (match: (r: Relayed) => boolean) => Promise<Relayed>;
  /**
   * Resolves once everything the proxy relayed so far has been read: sends a marker request
   * through it and waits for that (the proxy announces in order, on one pipe).
   */
  settle: () => Promise<void>;
  /** Stops the process; resolves once it has exited. */
  stop: () => Promise<void>;
};

const SCRIPT = join(import.meta.dirname, 'proxy-server.mjs');

export function startProxy(options: { refuseConnect?: number } = {}): Promise<ProxyProcess> {
  const args = options.refuseConnect ? ['--refuse-connect', String(options.refuseConnect)] : [];
  const child = spawn(process.execPath, [SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const relayed: Relayed[] = [];
  const settles = new Map<number, () => void>();
  let markers = 0;
  const waiting = new Set<{ match: (r: Relayed) => boolean; resolve: (r: Relayed) => void }>();
  const until = (match: (r: Relayed) => boolean): Promise<Relayed> => {
    const found = relayed.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => waiting.add({ match, resolve }));
  };
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    void exited.then(() => reject(new Error('the test proxy exited before it listened')));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const record = JSON.parse(line) as { listening?: number; relayed?: Relayed; settled?: number };
      if (record.settled !== undefined) {
        settles.get(record.settled)?.();
        settles.delete(record.settled);
      }
      const next = record.relayed;
      if (next) {
        relayed.push(next);
        for (const waiter of waiting)
          if (waiter.match(next)) {
            waiting.delete(waiter);
            waiter.resolve(next);
          }
      }
      if (record.listening !== undefined) {
        const port = record.listening;
        resolve({
          url: `http://127.0.0.1:${port}`,
          port,
          relayed,
          until,
          settle: async () => {
            const id = ++markers;
            const settled = new Promise<void>((done) => settles.set(id, done));
            const response = await fetch(`http://127.0.0.1:${port}/__settle/${id}`);
            await response.arrayBuffer();
            await settled;
          },
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
  });
}
