#!/usr/bin/env node
// A small forward proxy for the tests, run as its own process like a real one:
// plain-http requests in absolute form (`GET http://host/path`) are relayed, CONNECT opens a
// tunnel. Each request is announced on stdout as one JSON line before it is relayed:
//   {"listening": PORT}   once, when ready
//   {"relayed": {"kind": "http", "method": "POST", "url": "http://…"}}
//   {"relayed": {"kind": "connect", "target": "host:443"}}
//   {"settled": N}        for `GET /__settle/N` (not relayed): every line before it has been written
//
//   node proxy-server.mjs [--refuse-connect STATUS]   (answer every CONNECT with STATUS)
import http from 'node:http';
import net from 'node:net';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { 'refuse-connect': { type: 'string' } } });
const refuseConnect = values['refuse-connect'] ? Number(values['refuse-connect']) : undefined;

const announce = (record) => process.stdout.write(`${JSON.stringify(record)}\n`);
const HOP_BY_HOP = new Set(['proxy-connection', 'proxy-authorization', 'connection', 'keep-alive']);

const server = http.createServer((req, res) => {
  const settle = /^\/__settle\/(\d+)$/.exec(req.url ?? '');
  if (settle) {
    announce({ settled: Number(settle[1]) });
    res.writeHead(204).end();
    return;
  }
  let target;
  try {
    target = new URL(req.url ?? '');
  } catch {
    res.writeHead(400).end('absolute-form requests only');
    return;
  }
  if (target.protocol !== 'http:') {
    res.writeHead(400).end('only http:// in absolute form; use CONNECT for https');
    return;
  }
  announce({ relayed: { kind: 'http', method: req.method, url: target.href } });
  const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
  const upstream = http.request(
    {
      host: target.hostname,
      port: target.port || 80,
      method: req.method,
      path: target.pathname + target.search,
      headers,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502).end('upstream unreachable');
    else res.destroy();
  });
  req.pipe(upstream);
});

server.on('connect', (req, client, head) => {
  announce({ relayed: { kind: 'connect', target: req.url } });
  if (refuseConnect) {
    client.end(`HTTP/1.1 ${refuseConnect} Refused by the test proxy\r\ncontent-length: 0\r\n\r\n`);
    return;
  }
  const [host, port] = (req.url ?? '').split(/:(?=\d+$)/);
  const upstream = net.connect(Number(port) || 443, host, () => {
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n'));
  client.on('error', () => upstream.destroy());
});

server.listen(0, '127.0.0.1', () => announce({ listening: server.address().port }));
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});
