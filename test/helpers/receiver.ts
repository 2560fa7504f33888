import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Test } from 'tap';

/** What a webhook receiver got: the raw body exactly as sent, for signature checks. */
export interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Date.now() when the request had arrived in full. */
  receivedAt: number;
  json: { type: string; timestamp: string; data: Record<string, unknown>; previous?: Record<string, unknown> };
}

/** How to answer one request: a status (and body), or `hang` to never answer. */
export type Answer = { status: number; body?: string; headers?: Record<string, string> } | 'hang';
export type Responder = (request: Received, index: number) => Answer;

export interface Receiver {
  /** `http://127.0.0.1:<port>/hook` */
  url: string;
  port: number;
  received: Received[];
  /** Requests answered with `hang` whose connection is still open. */
  hanging: () => number;
  /** The most requests that were hanging at the same time. */
  peakHanging: () => number;
  /** Changes how later requests are answered. */
  respond: (responder: Responder) => void;
  /** The requests carrying events of `type`. */
  ofType: (type: string) => Received[];
  close: () => Promise<void>;
}

/** A real HTTP server on loopback that records every request; answers 204 unless told otherwise. */
export async function startReceiver(t: Test, responder: Responder = () => ({ status: 204 }), port = 0): Promise<Receiver> {
  let answer = responder;
  const received: Received[] = [];
  const open = new Set<ServerResponse>();
  let peak = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: Received['json'];
      try {
        json = JSON.parse(body) as Received['json'];
      } catch {
        json = { type: '(not json)', timestamp: '', data: {} };
      }
      const request: Received = { url: req.url ?? '', headers: req.headers, body, receivedAt: Date.now(), json };
      received.push(request);
      const reply = answer(request, received.length - 1);
      if (reply === 'hang') {
        open.add(res);
        peak = Math.max(peak, open.size);
        res.on('close', () => open.delete(res));
        return;
      }
      res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  t.teardown(close);
  return {
    url: `http://127.0.0.1:${actualPort}/hook`,
    port: actualPort,
    received,
    hanging: () => open.size,
    peakHanging: () => peak,
    respond: (next) => {
      answer = next;
    },
    ofType: (type) => received.filter((request) => request.json.type === type),
    close,
  };
}

