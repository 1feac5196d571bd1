import type { EventBridgeReader, EventBridgeWriter } from '../aws/eventbridge.js';
import type { SqsReader, SqsWriter } from '../aws/sqs.js';
import { RefusedError } from '../errors.js';
import { declaredTargetSettings, targetOf, type ResolvedTarget } from '../manifest/consumer-target.js';
import type { Manifest, TargetKind } from '../manifest/model.js';
import { canonicalJson } from './canonical-json.js';
import { resolveTargetArns, type TargetPorts } from './target-resources.js';
import { buildEventPattern, guardsReplays } from './event-pattern.js';
import { replayRuleName } from './replay-rule.js';

/** maxReceiveCount when the manifest declares none (the SQS console's suggestion is 3–10). */
export const DEFAULT_MAX_RECEIVE_COUNT = 5;

export interface PlannedQueue {
  name: string;
  fifo: boolean;
  /** The DLQ this queue redrives to. */
  dlq?: string;
  maxReceiveCount?: number;
}

export interface PlannedRule {
  name: string;
  bus: string;
  consumer: string;
  pattern: Record<string, unknown>;
  /** The SQS queue the rule delivers to, when the consumer has one. */
  targetQueue?: string;
  /** The consumer's target of any kind (an SQS one too), with its DLQ, retry and input settings. */
  target?: ResolvedTarget;
  /** Set on an operational consumer's opt-in replay rule: the consumer's own rule it mirrors. */
  replayRuleOf?: string;
}

export interface SandboxPlan {
  buses: Array<{ name: string; archive?: { name: string; retentionDays: number } }>;
  /** DLQs first: a redrive policy needs its target's ARN. */
  dlqs: PlannedQueue[];
  queues: PlannedQueue[];
  /** Non-queue targets to create: functions, state machines, streams, topics, API destinations. */
  resources: PlannedResource[];
  rules: PlannedRule[];
}

export interface PlannedResource {
  kind: Exclude<TargetKind, 'sqs' | 'eventbus'>;
  name: string;
  /** Step Functions: STANDARD or EXPRESS. */
  type?: 'STANDARD' | 'EXPRESS';
}

/** What the manifest describes, as resources to create. Pure. */
export function planSandbox(manifest: Manifest): SandboxPlan {
  const topics = new Map(manifest.topics.map((t) => [t.name, t]));
  const dlqs = new Map<string, PlannedQueue>();
  const queues = new Map<string, PlannedQueue>();
  const rules: PlannedRule[] = [];
  const resources = new Map<string, PlannedResource>();
  for (const consumer of manifest.consumers) {
    const target = targetOf(consumer);
    for (const dlq of [consumer.dlq, target?.deadLetter]) {
      if (dlq && !dlqs.has(dlq)) dlqs.set(dlq, { name: dlq, fifo: dlq.endsWith('.fifo') });
    }
    if (target && target.kind !== 'sqs' && target.kind !== 'eventbus' && !resources.has(`${target.kind}/${target.resource}`)) {
      const type = target.kind === 'stepfunctions' ? (target.declared?.type === 'express' ? 'EXPRESS' : 'STANDARD') : undefined;
      resources.set(`${target.kind}/${target.resource}`, { kind: target.kind, name: target.resource, ...(type ? { type } : {}) });
    }
    if (consumer.queue && !queues.has(consumer.queue)) {
      queues.set(consumer.queue, {
        name: consumer.queue,
        fifo: consumer.queue.endsWith('.fifo'),
        dlq: consumer.dlq,
        maxReceiveCount: consumer.dlq ? (consumer.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT) : undefined,
      });
    }
    if (!consumer.rule) continue;
    const subscribed = consumer.subscribes.flatMap((name) => (topics.has(name) ? [topics.get(name)!] : []));
    // One rule lives on one bus: group the consumer's topics by bus (a validated manifest has one).
    const buses = [...new Set(subscribed.map((t) => t.bus))];
    const replayRule = replayRuleName(consumer);
    for (const bus of buses) {
      const onBus = subscribed.filter((t) => t.bus === bus);
      rules.push({
        name: consumer.rule,
        bus,
        consumer: consumer.name,
        pattern: buildEventPattern(onBus, { replays: guardsReplays(consumer) ? 'exclude' : 'accept' }),
        targetQueue: target?.kind === 'sqs' ? consumer.queue : undefined,
        target,
      });
      // Its opt-in twin: same topics and queue, but only eventctl's replays (what `replay plan` targets).
      if (replayRule) {
        rules.push({
          name: replayRule,
          bus,
          consumer: consumer.name,
          pattern: buildEventPattern(onBus, { replays: 'eventctl-only' }),
          targetQueue: target?.kind === 'sqs' ? consumer.queue : undefined,
          target,
          replayRuleOf: consumer.rule,
        });
      }
    }
  }
  return {
    buses: manifest.buses.map((b) => ({
      name: b.name,
      archive: b.archive ? { name: b.archive.name, retentionDays: b.archive.retentionDays ?? 0 } : undefined,
    })),
    dlqs: [...dlqs.values()],
    queues: [...queues.values()],
    resources: [...resources.values()],
    rules,
  };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** True for http(s)://localhost, 127.0.0.0/8 and ::1 (never a name that merely resolves there). */
export function isLoopbackEndpoint(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase();
  return LOOPBACK_HOSTS.has(host) || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host);
}

export function assertLoopback(endpoint: string | undefined): void {
  if (!isLoopbackEndpoint(endpoint)) {
    throw new RefusedError(
      endpoint
        ? `sandbox up refuses endpoint ${endpoint}: it is not a loopback address`
        : 'sandbox up needs --endpoint-url (or AWS_ENDPOINT_URL) pointing at a local emulator',
      [],
      { hint: 'start moto (python3 -m moto.server -p 5000) and pass --endpoint-url http://127.0.0.1:5000' },
    );
  }
}

export type ResourceKind = 'bus' | 'dlq' | 'queue' | 'rule' | 'target' | 'archive' | Exclude<TargetKind, 'sqs' | 'eventbus'>;
export type SandboxAction = 'created' | 'updated' | 'unchanged';

export interface SandboxStep {
  kind: ResourceKind;
  name: string;
  action: SandboxAction;
}

export interface SandboxPorts {
  sqs: SqsReader & SqsWriter;
  eventBridge: EventBridgeReader & EventBridgeWriter;
  /** Loaded only when the manifest has a target of that kind. */
  targets?: TargetPorts;
}

export { canonicalJson };

/** Where an emulator's API destinations post to: nowhere reachable, on purpose. */
export const SANDBOX_API_ENDPOINT = 'https://sandbox.invalid/eventctl';
/** The role the sandbox's functions, state machines and rule targets run as. */
export const SANDBOX_ROLE = 'eventctl-sandbox';

/** A target id EventBridge accepts: 1–64 of [.\-_A-Za-z0-9]. */
export function targetIdFor(consumer: string): string {
  return consumer.replace(/[^.\-_A-Za-z0-9]/g, '_').slice(0, 64);
}

/**
 * Creates whatever the plan needs and is missing; brings drifted attributes back. Idempotent:
 * a second run reports every step `unchanged`.
 */
export async function applySandbox(plan: SandboxPlan, ports: SandboxPorts, onStep: (step: SandboxStep) => void = () => {}): Promise<SandboxStep[]> {
  const steps: SandboxStep[] = [];
  const record = (step: SandboxStep) => {
    steps.push(step);
    onStep(step);
  };
  const { sqs, eventBridge } = ports;

  const busArns = new Map<string, string>();
  for (const bus of plan.buses) {
    const existing = await eventBridge.describeEventBus(bus.name);
    if (existing) {
      busArns.set(bus.name, existing.arn);
      record({ kind: 'bus', name: bus.name, action: 'unchanged' });
    } else {
      busArns.set(bus.name, (await eventBridge.createEventBus(bus.name)).arn);
      record({ kind: 'bus', name: bus.name, action: 'created' });
    }
  }

  const queueArns = new Map<string, string>();
  const ensureQueue = async (queue: PlannedQueue, kind: 'dlq' | 'queue') => {
    const wanted: Record<string, string> = {};
    if (queue.fifo) wanted.FifoQueue = 'true';
    if (queue.dlq) {
      wanted.RedrivePolicy = JSON.stringify({ deadLetterTargetArn: queueArns.get(queue.dlq), maxReceiveCount: queue.maxReceiveCount });
    }
    const url = await sqs.findQueueUrl(queue.name);
    if (!url) {
      const created = await sqs.ensureQueue(queue.name, wanted);
      const attrs = await sqs.getQueueAttributes(created.url, ['QueueArn']);
      queueArns.set(queue.name, attrs.arn ?? '');
      record({ kind, name: queue.name, action: 'created' });
      return;
    }
    const attrs = await sqs.getQueueAttributes(url, ['QueueArn', 'RedrivePolicy']);
    queueArns.set(queue.name, attrs.arn ?? '');
    const current = attrs.redrivePolicy;
    const stale =
      queue.dlq !== undefined &&
      (current?.deadLetterTargetArn !== queueArns.get(queue.dlq) || current?.maxReceiveCount !== queue.maxReceiveCount);
    if (stale) {
      await sqs.setQueueAttributes(url, { RedrivePolicy: wanted.RedrivePolicy! });
      record({ kind, name: queue.name, action: 'updated' });
    } else {
      record({ kind, name: queue.name, action: 'unchanged' });
    }
  };
  for (const dlq of plan.dlqs) await ensureQueue(dlq, 'dlq');
  for (const queue of plan.queues) {
    // A queue that is also some consumer's DLQ was handled above; give it its redrive now.
    await ensureQueue(queue, 'queue');
  }

  const resourceArns = new Map<string, string>();
  if (plan.resources.length > 0) {
    if (!ports.targets) throw new Error('sandbox: the plan has non-queue targets but no ports for them');
    const existing = await resolveTargetArns(ports.targets, eventBridge, new Set(plan.resources.map((r) => r.kind)));
    let roleArn: string | undefined;
    const role = async () => (roleArn ??= await (await ports.targets!.iam()).ensureServiceRole(SANDBOX_ROLE, 'events.amazonaws.com'));
    for (const resource of plan.resources) {
      const key = `${resource.kind}/${resource.name}`;
      let arn = existing.get(key);
      if (arn) {
        record({ kind: resource.kind, name: resource.name, action: 'unchanged' });
      } else {
        arn = await createTargetResource(ports.targets, eventBridge, resource, role);
        record({ kind: resource.kind, name: resource.name, action: 'created' });
      }
      resourceArns.set(key, arn);
    }
  }
  const targetArnOf = (target: ResolvedTarget): string => {
    if (target.kind === 'sqs') return queueArns.get(target.resource)!;
    if (target.kind === 'eventbus') return busArns.get(target.resource) ?? '';
    return resourceArns.get(`${target.kind}/${target.resource}`)!;
  };

  const rulesByBus = new Map<string, Map<string, string | undefined>>();
  for (const rule of plan.rules) {
    let live = rulesByBus.get(rule.bus);
    if (!live) {
      live = new Map((await eventBridge.listRules(rule.bus)).map((r) => [r.name, r.eventPatternText]));
      rulesByBus.set(rule.bus, live);
    }
    const current = live.get(rule.name);
    let samePattern = false;
    try {
      samePattern = current !== undefined && canonicalJson(JSON.parse(current)) === canonicalJson(rule.pattern);
    } catch {
      samePattern = false;
    }
    if (!samePattern) {
      const description = rule.replayRuleOf ? `eventctl: ${rule.consumer}, approved replays only (opt-in twin of ${rule.replayRuleOf})` : `eventctl: ${rule.consumer}`;
      await eventBridge.putRule({ name: rule.name, busName: rule.bus, eventPattern: rule.pattern, description });
      live.set(rule.name, JSON.stringify(rule.pattern));
    }
    record({ kind: 'rule', name: `${rule.bus}/${rule.name}`, action: current === undefined ? 'created' : samePattern ? 'unchanged' : 'updated' });
    if (rule.target) {
      const arn = targetArnOf(rule.target);
      const settings = declaredTargetSettings(rule.target, rule.target.deadLetter ? queueArns.get(rule.target.deadLetter) : undefined);
      const targets = current === undefined ? [] : await eventBridge.listTargetsByRule(rule.name, rule.bus);
      const existing = targets.find((t) => t.arn === arn);
      const label = `${rule.name} → ${rule.target.resource}`;
      if (existing && sameTargetSettings(existing.settings ?? {}, settings)) {
        record({ kind: 'target', name: label, action: 'unchanged' });
      } else {
        // Delivering to a state machine or stream (or another bus) needs a role EventBridge assumes.
        const needsRole = rule.target.kind === 'stepfunctions' || rule.target.kind === 'kinesis';
        const roleArn = needsRole ? await (await ports.targets!.iam()).ensureServiceRole(SANDBOX_ROLE, 'events.amazonaws.com') : undefined;
        await eventBridge.putTargets(rule.name, rule.bus, [{ id: existing?.id ?? targetIdFor(rule.consumer), arn, settings: { ...settings, ...(roleArn ? { RoleArn: roleArn } : {}) } }]);
        record({ kind: 'target', name: label, action: existing ? 'updated' : 'created' });
      }
    }
  }

  for (const bus of plan.buses) {
    if (!bus.archive) continue;
    const busArn = busArns.get(bus.name)!;
    const archives = await eventBridge.listArchives(busArn);
    const existing = archives.find((a) => a.name === bus.archive!.name);
    if (!existing) {
      await eventBridge.createArchive(bus.archive.name, busArn, bus.archive.retentionDays);
      record({ kind: 'archive', name: bus.archive.name, action: 'created' });
    } else if ((existing.retentionDays ?? 0) !== bus.archive.retentionDays) {
      await eventBridge.updateArchive(bus.archive.name, bus.archive.retentionDays);
      record({ kind: 'archive', name: bus.archive.name, action: 'updated' });
    } else {
      record({ kind: 'archive', name: bus.archive.name, action: 'unchanged' });
    }
  }
  return steps;
}

/** The settings the manifest declares (DLQ, retry, input, partition key) equal the live ones; others (RoleArn) are not compared. */
export function sameTargetSettings(live: Record<string, unknown>, declared: Record<string, unknown>): boolean {
  for (const key of TARGET_SETTING_KEYS) {
    if (canonicalJson(live[key] ?? null) !== canonicalJson(declared[key] ?? null)) return false;
  }
  return true;
}

/** The target settings eventctl owns: drift reports a difference in any of them. */
export const TARGET_SETTING_KEYS = ['DeadLetterConfig', 'RetryPolicy', 'InputTransformer', 'KinesisParameters'] as const;

async function createTargetResource(
  ports: TargetPorts,
  eventBridge: EventBridgeWriter,
  resource: PlannedResource,
  role: () => Promise<string>,
): Promise<string> {
  switch (resource.kind) {
    case 'lambda':
      return (await ports.lambda()).createFunction(resource.name, await role());
    case 'stepfunctions':
      return (await ports.stepFunctions()).createStateMachine(resource.name, resource.type ?? 'STANDARD', await role());
    case 'kinesis': {
      const kinesis = await ports.kinesis();
      await kinesis.createStream(resource.name);
      return (await kinesis.listStreams()).get(resource.name) ?? '';
    }
    case 'sns':
      return (await ports.sns()).createTopic(resource.name);
    case 'api-destination':
      return eventBridge.createApiDestination(resource.name, SANDBOX_API_ENDPOINT);
  }
}
