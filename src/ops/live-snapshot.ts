import type { EventBridgeReader, LiveArchive, LiveRule, LiveTarget } from '../aws/eventbridge.js';
import type { RedrivePolicy, SqsReader } from '../aws/sqs.js';
import type { Manifest } from '../manifest/model.js';
import { mapLimit } from './map-limit.js';

/** What exists in the account for the manifest's buses and queues: the input to drift. */
export interface LiveSnapshot {
  /** Per manifest bus: its ARN, or null when it does not exist. */
  buses: Record<string, { arn: string; policy?: string } | null>;
  /** Per existing bus: every rule on it. */
  rules: Record<string, LiveRule[]>;
  /** Per `bus/rule` (for every non-managed rule on the manifest's buses): its targets. */
  targets: Record<string, LiveTarget[]>;
  /** Per declared queue or DLQ name: its ARN and redrive policy, or null when missing. */
  queues: Record<string, { arn: string; redrivePolicy?: RedrivePolicy } | null>;
  /** Per existing bus: archives whose source is that bus. */
  archives: Record<string, LiveArchive[]>;
}

export async function readLiveSnapshot(
  ports: { sqs: SqsReader; eventBridge: EventBridgeReader },
  manifest: Manifest,
  concurrency = 8,
): Promise<LiveSnapshot> {
  const { sqs, eventBridge } = ports;
  const snapshot: LiveSnapshot = { buses: {}, rules: {}, targets: {}, queues: {}, archives: {} };

  const queueNames = [...new Set(manifest.consumers.flatMap((c) => [c.queue, c.dlq].filter((n): n is string => Boolean(n))))];
  const queueWork = mapLimit(queueNames, concurrency, async (name) => {
    const url = await sqs.findQueueUrl(name);
    if (!url) {
      snapshot.queues[name] = null;
      return;
    }
    const attrs = await sqs.getQueueAttributes(url, ['QueueArn', 'RedrivePolicy']);
    snapshot.queues[name] = { arn: attrs.arn ?? '', redrivePolicy: attrs.redrivePolicy };
  });

  const busWork = mapLimit(manifest.buses, concurrency, async (bus) => {
    const live = await eventBridge.describeEventBus(bus.name);
    snapshot.buses[bus.name] = live ? { arn: live.arn, ...(live.policy ? { policy: live.policy } : {}) } : null;
    if (!live) return;
    const [rules, archives] = await Promise.all([eventBridge.listRules(bus.name), eventBridge.listArchives(live.arn)]);
    snapshot.rules[bus.name] = rules;
    snapshot.archives[bus.name] = archives;
    const own = rules.filter((r) => !r.managedBy);
    const targets = await mapLimit(own, concurrency, (rule) => eventBridge.listTargetsByRule(rule.name, bus.name));
    own.forEach((rule, i) => {
      snapshot.targets[`${bus.name}/${rule.name}`] = targets[i]!;
    });
  });

  await Promise.all([queueWork, busWork]);
  return snapshot;
}
