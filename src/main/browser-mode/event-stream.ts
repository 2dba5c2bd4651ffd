import type { IncomingMessage, ServerResponse } from 'node:http';

// Server-sent events for browser mode: every app event goes to every open page as
// `data: {"name":…,"payload":…}`. Events carry an id and the last few are kept, so a page whose
// connection blipped gets what it missed when EventSource reconnects with Last-Event-ID.

const REPLAY_LIMIT = 500;
const HEARTBEAT_MS = 15_000;
/** How long EventSource waits before reconnecting. */
const RETRY_MS = 1000;

type Sent = { id: number; text: string };

export type EventHub = {
  publish: (name: string, payload: unknown) => void;
  attach: (req: IncomingMessage, res: ServerResponse, headers: Record<string, string>) => void;
  close: () => void;
};

export function createEventHub(): EventHub {
  const clients = new Set<ServerResponse>();
  const recent: Sent[] = [];
  let nextId = 1;

  const heartbeat = setInterval(() => {
    for (const res of clients) res.write(': keep-alive\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    publish(name, payload) {
      const id = nextId++;
      const text = `id: ${id}\ndata: ${JSON.stringify({ name, payload })}\n\n`;
      recent.push({ id, text });
      if (recent.length > REPLAY_LIMIT) recent.shift();
      for (const res of clients) res.write(text);
    },

    attach(req, res, headers) {
      res.writeHead(200, {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(`retry: ${RETRY_MS}\n\n`);
      const lastId = Number(req.headers['last-event-id']);
      if (Number.isInteger(lastId) && lastId > 0) {
        for (const sent of recent) if (sent.id > lastId) res.write(sent.text);
      }
      clients.add(res);
      const drop = (): void => void clients.delete(res);
      req.on('close', drop);
      res.on('close', drop);
    },

    close() {
      clearInterval(heartbeat);
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
