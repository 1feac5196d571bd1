import { busAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'bus-has-archive',
    category: 'replay-readiness',
    defaultSeverity: 'warn',
    summary: 'A bus that operational or workflow consumers read from has an archive.',
    rationale:
      'When an operational consumer was down, broken or misconfigured, the repair is a replay of the events it missed. Without an archive on the bus those events are gone: the repair becomes a hand-written backfill under incident pressure.',
    fix: 'Add `archive: { name: <bus>-archive, retentionDays: <days> }` to the bus, and give operational consumers an idempotency window at least that long.',
    example: {
      bad: `buses:
  - name: payments`,
      good: `buses:
  - name: payments
    archive: { name: payments-archive, retentionDays: 30 }`,
    },
  },
  check({ manifest, index }, report) {
    manifest.buses.forEach((bus, i) => {
      if (bus.archive || index.buses.get(bus.name)?.index !== i) return;
      const readers = (index.consumersByBus.get(bus.name) ?? [])
        .map((c) => manifest.consumers[c]!)
        .filter((c) => c.class !== 'projection');
      if (readers.length === 0) return;
      report({
        subject: { kind: 'bus', name: bus.name },
        pointer: busAt(i),
        message: `bus '${bus.name}' has no archive, but ${describe(readers.map((c) => c.name))} cannot be repaired by replay without one`,
        hint: `add archive: { name: ${bus.name}-archive, retentionDays: 30 }`,
      });
    });
  },
});

function describe(names: readonly string[]): string {
  const shown = names.slice(0, 3).map((n) => `'${n}'`).join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}
