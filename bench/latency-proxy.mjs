import { createServer, request as httpRequest } from 'node:http';

/**
 * A loopback proxy that holds every request for `ms` before forwarding it: moto answers in about a
 * millisecond of network time where AWS takes tens, and concurrency only shows with real latency.
 */
export async function latencyProxy(target, ms) {
  const url = new URL(target);
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () =>
      setTimeout(() => {
        const upstream = httpRequest({ host: url.hostname, port: url.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        upstream.on('error', () => res.destroy());
        upstream.end(Buffer.concat(chunks));
      }, ms),
    );
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { endpoint: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}
