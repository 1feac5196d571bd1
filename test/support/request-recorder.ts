import type { ClientPlugin, ServiceName } from '../../src/aws/clients.js';

/**
 * Records what eventctl asks the SDK to send: the command input (initialize step) and the HTTP
 * body that goes on the wire (finalizeRequest step). moto ignores FilterArns and the window of
 * StartReplay, so tests assert the request itself.
 */
export interface RecordedRequest {
  service: ServiceName;
  operation: string;
  input: Record<string, unknown>;
  /** The serialized request body, as sent. */
  body?: string;
}

export function createRequestRecorder() {
  const requests: RecordedRequest[] = [];
  const plugin: ClientPlugin = (client, service) => {
    const stack = client.middlewareStack as unknown as { add(mw: unknown, options: { step: string; name: string; priority?: string }): void };
    stack.add(
      (next: (args: { input: Record<string, unknown> }) => Promise<unknown>, context: { commandName?: string; testRecord?: RecordedRequest }) => async (args: { input: Record<string, unknown> }) => {
        const record: RecordedRequest = { service, operation: String(context.commandName ?? '').replace(/Command$/, ''), input: args.input };
        context.testRecord = record;
        requests.push(record);
        return next(args);
      },
      { step: 'initialize', name: 'testRequestRecorder', priority: 'high' },
    );
    stack.add(
      (next: (args: { request: { body?: unknown } }) => Promise<unknown>, context: { testRecord?: RecordedRequest }) => async (args: { request: { body?: unknown } }) => {
        const body = args.request.body;
        if (context.testRecord) context.testRecord.body = typeof body === 'string' ? body : body instanceof Uint8Array ? new TextDecoder().decode(body) : undefined; // not Buffer.from: it calls the SDK body's valueOf, which warns
        return next(args);
      },
      { step: 'build', name: 'testRequestBodyRecorder', priority: 'low' },
    );
  };
  return {
    plugin,
    requests,
    of: (operation: string) => requests.filter((r) => r.operation === operation),
    writes: () => requests.filter((r) => /^(Start|Cancel|Put|Create|Update|Delete)/.test(r.operation)),
  };
}
