import type { Consumer } from '../../manifest/model.js';
import type { LintInput } from '../lint-input.js';
import { consumerAt } from '../pointers.js';
import { defineRule } from '../rule.js';

interface Horizon {
  hours: number;
  reason: string;
}

export default defineRule({
  meta: {
    id: 'idempotency-window-covers-replay',
    category: 'replay-readiness',
    defaultSeverity: 'error',
    classes: ['operational', 'workflow'],
    summary:
      'An operational consumer\'s idempotency window (a workflow\'s dedupe window) is at least as long as the oldest event a replay can re-deliver: the archive retention and the approval policy\'s longest replay window.',
    rationale:
      'A replay re-delivers archived events. If the consumer has already forgotten their idempotency keys, it treats them as new and repeats the side effects: the replay meant to repair one hour of missed refunds pays last month\'s refunds again. The archive retention bounds how old a replayed event can be, and the approval policy\'s `maxWindowMinutes` is the least a single approved replay can reach back.',
    fix: 'Raise `windowHours` to cover the archive retention (days × 24), or shorten the archive retention, or lower the approval policy\'s `classes.<class>.limits.maxWindowMinutes`.',
    example: {
      bad: `buses:
  - name: orders
    archive: { name: orders-archive, retentionDays: 30 }
consumers:
  - name: billing-charge
    class: operational
    idempotency: { key: /detail/orderId, windowHours: 24 }`,
      good: `buses:
  - name: orders
    archive: { name: orders-archive, retentionDays: 30 }
consumers:
  - name: billing-charge
    class: operational
    idempotency: { key: /detail/orderId, windowHours: 720 }`,
    },
  },
  check(input, report) {
    input.manifest.consumers.forEach((consumer, i) => {
      const field = consumer.class === 'operational' ? 'idempotency' : consumer.class === 'workflow' ? 'dedupe' : undefined;
      const declared = field ? consumer[field] : undefined;
      if (!field || !declared?.key) return;
      const horizons = replayHorizons(input, consumer);
      if (horizons.length === 0) return;
      const longest = horizons.reduce((a, b) => (b.hours > a.hours ? b : a));
      const subject = { kind: 'consumer' as const, name: consumer.name };
      const label = field === 'idempotency' ? 'idempotency' : 'dedupe';
      if (declared.windowHours === undefined) {
        report({
          subject,
          pointer: consumerAt(i, field),
          message: `${consumer.class} consumer '${consumer.name}' declares no ${label} windowHours, but ${longest.reason}`,
          hint: `add windowHours: ${Math.ceil(longest.hours)} (or more) to ${field}`,
        });
        return;
      }
      if (declared.windowHours >= longest.hours) return;
      report({
        subject,
        pointer: consumerAt(i, `${field}/windowHours`),
        message: `${label} window of '${consumer.name}' (${hours(declared.windowHours)}) is shorter than a replay can reach back: ${longest.reason}`,
        hint: `raise ${field}.windowHours to ${Math.ceil(longest.hours)}, or shorten the archive retention or the policy's replay window`,
      });
    });
  },
});

/** How old an event replayed into this consumer can be, and why. */
function replayHorizons(input: LintInput, consumer: Consumer): Horizon[] {
  const horizons: Horizon[] = [];
  const policy = input.facts.approvalPolicy;
  if (policy) {
    const minutes =
      policy.maxWindowMinutes[consumer.class] ??
      (consumer.class === 'workflow' ? policy.maxWindowMinutes.operational : undefined);
    if (minutes !== undefined) {
      horizons.push({
        hours: minutes / 60,
        reason: `the approval policy (${policy.file}) allows replay windows of ${hours(minutes / 60)} for ${consumer.class} consumers`,
      });
    }
  }
  const seen = new Set<string>();
  for (const name of consumer.subscribes) {
    const busName = input.index.topics.get(name)?.value.bus;
    if (busName === undefined || seen.has(busName)) continue;
    seen.add(busName);
    const archive = input.index.buses.get(busName)?.value.archive;
    // retentionDays 0 keeps events forever: no window can cover that; approvals bound such replays.
    if (archive?.retentionDays) {
      horizons.push({
        hours: archive.retentionDays * 24,
        reason: `archive '${archive.name}' of bus '${busName}' keeps events for ${archive.retentionDays} days`,
      });
    }
  }
  return horizons;
}

function hours(value: number): string {
  const h = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return value >= 48 && value % 24 === 0 ? `${h} h = ${value / 24} days` : `${h} h`;
}
