import type { ClientPlugin, ServiceName } from './clients.js';

/** API calls per `service:Operation`, for benchmarks and tests that bound the number of calls. */
export interface CallCounter {
  /** Logical calls (one per `client.send`), e.g. `{ 'sqs:GetQueueAttributes': 400 }`. */
  readonly calls: Record<string, number>;
  /** HTTP attempts, retries included. */
  readonly attempts: Record<string, number>;
  readonly plugin: ClientPlugin;
  total(): number;
  reset(): void;
}

function operationName(commandName: unknown): string {
  return String(commandName ?? 'Unknown').replace(/Command$/, '');
}

/** A middleware pair: one at `initialize` (once per call), one at `deserialize` (once per attempt). */
export function createCallCounter(): CallCounter {
  const calls: Record<string, number> = {};
  const attempts: Record<string, number> = {};
  const bump = (into: Record<string, number>, service: ServiceName, context: { commandName?: string }) => {
    const key = `${service}:${operationName(context.commandName)}`;
    into[key] = (into[key] ?? 0) + 1;
  };
  const plugin: ClientPlugin = (client, service) => {
    // The stacks differ only in their input/output type parameters; the middleware is type-agnostic.
    const stack = client.middlewareStack as unknown as {
      add(mw: unknown, options: { step: string; name: string; priority?: string }): void;
    };
    stack.add(
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
        bump(calls, service, context);
        return next(args);
      },
      { step: 'initialize', name: 'eventctlCallCounter', priority: 'high' },
    );
    stack.add(
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
        bump(attempts, service, context);
        return next(args);
      },
      { step: 'deserialize', name: 'eventctlAttemptCounter' },
    );
  };
  return {
    calls,
    attempts,
    plugin,
    total: () => Object.values(calls).reduce((a, b) => a + b, 0),
    reset: () => {
      for (const key of Object.keys(calls)) delete calls[key];
      for (const key of Object.keys(attempts)) delete attempts[key];
    },
  };
}
