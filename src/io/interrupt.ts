/**
 * The signals that mean "stop now, cleanly": Ctrl-C (SIGINT), a service manager or `kill`
 * (SIGTERM), and a closed terminal or SSH session (SIGHUP). A command that holds something
 * (DLQ messages it made invisible, a running replay) handles all three alike, so nothing stays
 * hidden because of how the user stopped it.
 */
export const INTERRUPT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type InterruptSignal = (typeof INTERRUPT_SIGNALS)[number];

/** Calls `handler` on any interrupt signal until the returned function unregisters it. */
export function onInterrupt(handler: (signal: InterruptSignal) => void): () => void {
  const listeners = INTERRUPT_SIGNALS.map((signal) => {
    const listener = () => handler(signal);
    process.on(signal, listener);
    return [signal, listener] as const;
  });
  return () => {
    for (const [signal, listener] of listeners) process.off(signal, listener);
  };
}
