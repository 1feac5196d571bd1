import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mulberry32 } from './seeded-random.js';

/** The fault schedule's generator (the same mulberry32 the other tests use). */
export { mulberry32 as seededRandom } from './seeded-random.js';

/**
 * A loopback HTTP proxy between the AWS SDK and moto that injects faults moto cannot: throttling
 * (proper AWS JSON error bodies), 5xx, delays and dropped connections, each at a chosen rate,
 * from a seeded generator so a run is reproducible.
 */
export type FaultKind = 'throttle' | 'serverError' | 'delay' | 'drop';

export interface FaultRates {
  /** 400 ThrottlingException (or 503 with `throttleStatus: 503`). */
  throttle?: number;
  /** 500 InternalFailure. */
  serverError?: number;
  /** Forward after `delayMs`. */
  delay?: number;
  /** Destroy the socket without answering. */
  drop?: number;
}

export interface FaultProxyOptions {
  /** moto's endpoint, e.g. http://127.0.0.1:5000. */
  target: string;
  rates?: FaultRates;
  seed?: number;
  delayMs?: number;
  throttleStatus?: 400 | 503;
  /** Only requests for which this returns true may get a fault (others always pass). */
  applies?: (operation: string) => boolean;
  /**
   * Answers AccessDenied (403) instead of forwarding when this returns a message: e.g. STS
   * AssumeRole of a role that does not exist (moto lets any role be assumed).
   */
  deny?: (operation: string, body: string) => string | undefined;
}

export interface FaultProxy {
  endpoint: string;
  /** How many requests got each fault, and how many were forwarded. */
  stats: Record<FaultKind | 'forwarded', number>;
  /** Operation per request (from X-Amz-Target, else Action=), in arrival order. */
  operations: string[];
  setRates(rates: FaultRates): void;
  close(): Promise<void>;
}

function operationOf(req: IncomingMessage, body: Buffer): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  const action = /(?:^|&)Action=([^&]+)/.exec(body.toString('utf8'));
  return action ? decodeURIComponent(action[1]!) : `${req.method} ${req.url}`;
}

/** An AWS JSON-protocol error the SDK parses like the real thing. */
function sendAwsError(req: IncomingMessage, res: ServerResponse, status: number, type: string, message: string): void {
  const contentType = String(req.headers['content-type'] ?? 'application/x-amz-json-1.0');
  const body = JSON.stringify({ __type: type, message });
  res.writeHead(status, {
    'content-type': contentType.startsWith('application/x-amz-json') ? contentType : 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': `fault-${Date.now()}`,
    'x-amzn-errortype': type,
    // Query-compatible JSON services (SQS, CloudWatch) read the error code from here.
    'x-amzn-query-error': `${type};${status >= 500 ? 'Receiver' : 'Sender'}`,
  });
  res.end(body);
}

/** AccessDenied in the request's protocol: AWS JSON, or the XML of query services (STS). */
function sendAccessDenied(req: IncomingMessage, res: ServerResponse, message: string): void {
  if (String(req.headers['content-type'] ?? '').startsWith('application/x-amz-json')) {
    sendAwsError(req, res, 403, 'AccessDeniedException', message);
    return;
  }
  const body = `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>${message.replace(/[<>&]/g, '')}</Message></Error><RequestId>fault</RequestId></ErrorResponse>`;
  res.writeHead(403, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const random = mulberry32(options.seed ?? 1);
  let rates: FaultRates = { ...options.rates };
  const target = new URL(options.target);
  const stats: FaultProxy['stats'] = { throttle: 0, serverError: 0, delay: 0, drop: 0, forwarded: 0 };
  const operations: string[] = [];
  const sockets = new Set<Socket>();

  const pick = (operation: string): FaultKind | undefined => {
    // One roll per request, spread over the kinds in a fixed order.
    const roll = random();
    if (options.applies && !options.applies(operation)) return undefined;
    let edge = 0;
    for (const kind of ['throttle', 'serverError', 'delay', 'drop'] as const) {
      edge += rates[kind] ?? 0;
      if (roll < edge) return kind;
    }
    return undefined;
  };

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    stats.forwarded += 1;
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    upstream.end(body);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const operation = operationOf(req, body);
      operations.push(operation);
      const denied = options.deny?.(operation, body.toString('utf8'));
      if (denied !== undefined) {
        sendAccessDenied(req, res, denied);
        return;
      }
      const fault = pick(operation);
      if (fault) stats[fault] += 1;
      switch (fault) {
        case 'throttle':
          if (options.throttleStatus === 503) sendAwsError(req, res, 503, 'ServiceUnavailable', 'Service is throttling');
          else sendAwsError(req, res, 400, 'ThrottlingException', 'Rate exceeded');
          return;
        case 'serverError':
          sendAwsError(req, res, 500, 'InternalFailure', 'injected by fault-proxy');
          return;
        case 'drop':
          req.socket.destroy();
          return;
        case 'delay':
          setTimeout(() => forward(req, res, body), options.delayMs ?? 200);
          return;
        default:
          forward(req, res, body);
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats,
    operations,
    setRates: (next) => {
      rates = { ...next };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
