import { busAt } from '../pointers.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'bus-has-replay-policy',
    category: 'replay-readiness',
    defaultSeverity: 'error',
    summary: 'A platform whose buses feed operational or workflow consumers names a replay approval policy (`replay.approvalPolicy`).',
    rationale:
      'A replay or redrive into an operational consumer repeats business side effects; eventctl lets it run only with signed approvals that satisfy the approval policy. Without a policy nobody can approve such a replay, so the repair path that should exist in an incident is missing until someone writes one under pressure.',
    fix: 'Add `replay: { approvalPolicy: policies/replay-approval.yaml }` and write the policy (principals, per-class approvals and limits); check it with `eventctl policy lint`.',
    example: {
      bad: `buses:
  - name: orders
    archive: { name: orders-archive, retentionDays: 30 }
# no replay: block`,
      good: `buses:
  - name: orders
    archive: { name: orders-archive, retentionDays: 30 }
replay:
  approvalPolicy: policies/replay-approval.yaml`,
    },
  },
  check({ manifest, index }, report) {
    if (manifest.replay?.approvalPolicy) return;
    manifest.buses.forEach((bus, i) => {
      if (index.buses.get(bus.name)?.index !== i) return;
      const gated = (index.consumersByBus.get(bus.name) ?? []).filter((c) => manifest.consumers[c]!.class !== 'projection');
      if (gated.length === 0) return;
      report({
        subject: { kind: 'bus', name: bus.name },
        pointer: busAt(i),
        message: `bus '${bus.name}' feeds ${gated.length} operational or workflow consumer${gated.length === 1 ? '' : 's'} but the manifest names no replay approval policy`,
        hint: 'add replay: { approvalPolicy: <path> } and write the policy',
      });
    });
  },
});
