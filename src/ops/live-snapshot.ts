import type { EventBridgeReader, LiveArchive, LiveRule, LiveTarget } from '../aws/eventbridge.js';
import type { RedrivePolicy, SqsReader } from '../aws/sqs.js';
import { targetOf } from '../manifest/consumer-target.js';
import type { Manifest, TargetKind } from '../manifest/model.js';
import { mapLimit } from './map-limit.js';
import { readTargetResources, type LiveTargetResources, type TargetPorts } from './target-resources.js';

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
  /** Functions, state machines, streams, topics and API destinations of the kinds the manifest uses; absent: not read. */
  targetResources?: LiveTargetResources;
}

export async function readLiveSnapshot(
  ports: { sqs: SqsReader; eventBridge: EventBridgeReader; targets?: Pick<TargetPorts, 'lambda' | 'stepFunctions' | 'kinesis' | 'sns'> },
  manifest: Manifest,
  concurrency = 8,
): Promise<LiveSnapshot> {
  const { sqs, eventBridge } = ports;
  const snapshot: LiveSnapshot = { buses: {}, rules: {}, targets: {}, queues: {}, archives: {} };

  const queueNames = [...new Set(manifest.consumers.flatMap((c) => [c.queue, c.dlq, c.target?.deadLetter].filter((n): n is string => Boolean(n))))];
  const kinds = new Set<TargetKind>(manifest.consumers.flatMap((c) => targetOf(c)?.kind ?? []).filter((k) => k !== 'sqs' && k !== 'eventbus'));
  const resourceWork =
    kinds.size > 0 && ports.targets
      ? readTargetResources(ports.targets, eventBridge, kinds).then((resources) => {
          snapshot.targetResources = resources;
        })
      : undefined;
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

  await Promise.all([queueWork, busWork, resourceWork]);
  return snapshot;
}
