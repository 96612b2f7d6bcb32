// A seeded fault-injecting HTTP proxy in front of the demo server, for tests where the client is a real
// browser (its fetch cannot be wrapped): every FHIR write (POST/PUT below /fhir/) may get a 503, have its
// connection dropped before it reaches the server, have it dropped after the server applied it, or get
// no answer at all until the client gives up; `setOffline(true)` refuses every connection. Reads and
// CORS preflights pass untouched (the faults under test are on the write path).
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { prng } from '../../store/support/chaos';

export interface ProxyStats {
  writeRequests: number;
  serverErrors: number;
  droppedBefore: number;
  droppedAfter: number;
  hung: number;
  offline: number;
}

export interface ChaosProxy {
  url: string;
  stats: ProxyStats;
  setOffline(offline: boolean): void;
  /** stop injecting faults (let the last retries through when a test is winding down) */
  setFaults(on: boolean): void;
  close(): Promise<void>;
}

export async function startChaosProxy(opts: {
  /** origin of the real server, e.g. http://127.0.0.1:1234 */
  target: string;
  seed: number;
  /** per write: chance of 503, of a drop before, of a drop after the server applied it */
  p503?: number;
  pDropBefore?: number;
  pDropAfter?: number;
  pHang?: number;
  /** at most this many hung answers (each costs the client its whole per-attempt timeout) */
  maxHangs?: number;
}): Promise<ChaosProxy> {
  const random = prng(opts.seed ^ 0x27d4eb2f);
  const target = new URL(opts.target);
  const stats: ProxyStats = { writeRequests: 0, serverErrors: 0, droppedBefore: 0, droppedAfter: 0, hung: 0, offline: 0 };
  const p503 = opts.p503 ?? 0.12;
  const pDropBefore = opts.pDropBefore ?? 0.1;
  const pDropAfter = opts.pDropAfter ?? 0.12;
  const pHang = opts.pHang ?? 0.05;
  const maxHangs = opts.maxHangs ?? 2;
  let offline = false;
  let faults = true;
  const sockets = new Set<Socket>();

  /** forward to the real server; resolves with its whole answer (status, headers, body) */
  function forward(req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const out = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host, connection: 'close' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (offline) {
      stats.offline++;
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const isWrite = (req.method === 'POST' || req.method === 'PUT') && /^\/fhir\/[A-Z]/.test(req.url ?? '');
    const r = isWrite && faults ? random() : 1;
    if (isWrite) stats.writeRequests++;
    if (r < p503) {
      stats.serverErrors++;
      const origin = req.headers.origin;
      res.writeHead(503, { 'content-type': 'application/fhir+json', ...(origin ? { 'access-control-allow-origin': origin } : {}) });
      res.end(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', diagnostics: 'injected 503' }] }));
      return;
    }
    if (r < p503 + pDropBefore) {
      stats.droppedBefore++;
      req.socket.destroy();
      return;
    }
    let answer;
    try {
      answer = await forward(req, body);
    } catch {
      req.socket.destroy();
      return;
    }
    if (r < p503 + pDropBefore + pDropAfter) {
      stats.droppedAfter++; // applied on the server, the answer is lost
      req.socket.destroy();
      return;
    }
    if (r < p503 + pDropBefore + pDropAfter + pHang && stats.hung < maxHangs) {
      stats.hung++; // applied; the answer never comes (the client's timeout has to fire)
      return;
    }
    const headers = { ...answer.headers };
    delete headers['transfer-encoding'];
    delete headers.connection;
    res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
    res.end(answer.body);
  }

  const server: Server = createServer((req, res) => void handle(req, res).catch(() => req.socket.destroy()));
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    setOffline(v) {
      offline = v;
      if (v) for (const s of sockets) s.destroy(); // keep-alive connections die with the network too
    },
    setFaults(v) {
      faults = v;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
