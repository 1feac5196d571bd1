import type { LiveRule, LiveTarget } from '../aws/eventbridge.js';
import type { Environment, Manifest, Topic } from '../manifest/model.js';
import type { Finding, RuleDescriptor } from '../report/finding.js';
import { buildEventPattern, patternMatches } from './event-pattern.js';

/** A hub → spoke rule: events of the spoke's subscribed hub topics, sent to the spoke account's bus. */
export interface ForwardingRule {
  name: string;
  hubBus: string;
  hubAccount: string;
  spokeBus: string;
  spokeAccount: string;
  /** Hub topics some consumer in the spoke account subscribes to. */
  topics: Topic[];
  pattern: Record<string, unknown>;
}

/** `forward-to-<spoke bus>`: one per spoke bus (bus names are unique across the platform). */
export function forwardingRuleName(spokeBus: string): string {
  return `forward-to-${spokeBus}`.slice(0, 64);
}

/** Every forwarding rule the manifest implies. Pure. */
export function planForwarding(manifest: Manifest): ForwardingRule[] {
  const buses = new Map(manifest.buses.map((b) => [b.name, b]));
  const rules: ForwardingRule[] = [];
  for (const spoke of manifest.buses) {
    const hub = spoke.forwardFrom === undefined ? undefined : buses.get(spoke.forwardFrom);
    if (!hub || hub.account === undefined || spoke.account === undefined) continue;
    const wanted = new Set(manifest.consumers.filter((c) => c.account === spoke.account).flatMap((c) => c.subscribes));
    const topics = manifest.topics.filter((t) => t.bus === hub.name && wanted.has(t.name));
    if (topics.length === 0) continue;
    rules.push({
      name: forwardingRuleName(spoke.name),
      hubBus: hub.name,
      hubAccount: hub.account,
      spokeBus: spoke.name,
      spokeAccount: spoke.account,
      topics,
      // Replays of the hub archive travel on too: the spoke consumers' own rules decide.
      pattern: buildEventPattern(topics, { replays: 'accept' }),
    });
  }
  return rules;
}

export function eventBusArn(region: string, accountId: string, bus: string): string {
  return `arn:aws:events:${region}:${accountId}:event-bus/${bus}`;
}

export const FORWARDING_DRIFT_RULES: readonly RuleDescriptor[] = [
  { id: 'drift/forward-missing', summary: 'A hub → spoke forwarding rule does not exist on the hub bus', rationale: 'Spoke consumers subscribe to hub topics; without the rule none of their events arrive.', fix: 'Create the rule (eventctl sandbox up in an emulator; your IaC on AWS).', defaultSeverity: 'error' },
  { id: 'drift/forward-pattern', summary: "A forwarding rule's pattern misses a topic a spoke consumer subscribes to", rationale: 'The consumer waits for events the hub never sends it.', fix: "Add the topic's source and detail-type to the forwarding rule's pattern.", defaultSeverity: 'error' },
  { id: 'drift/forward-target', summary: 'A forwarding rule does not target the spoke bus', rationale: 'Matching events go somewhere other than the account the consumers live in.', fix: "Add the spoke bus's ARN as a target of the rule.", defaultSeverity: 'error' },
  { id: 'drift/forward-policy', summary: "The spoke bus's policy does not let the hub account put events", rationale: 'Cross-account delivery fails (FailedInvocations on the hub rule) and events are dropped.', fix: 'Allow events:PutEvents for the hub account on the spoke bus (PutPermission).', defaultSeverity: 'error' },
];

/** What the fan-out read for one forwarding rule in one region. */
export interface ForwardingLive {
  /** Undefined when the hub bus (or its account) could not be read. */
  hubRules?: LiveRule[];
  targets?: LiveTarget[];
  /** The spoke bus's policy; null when the spoke bus does not exist or has none. */
  spokePolicy?: string | null;
}

/** Drift of one forwarding rule in one region. Pure. */
export function forwardingDrift(rule: ForwardingRule, environment: Environment, region: string, live: ForwardingLive): Finding[] {
  const hubId = environment.accounts[rule.hubAccount]!;
  const spokeId = environment.accounts[rule.spokeAccount]!;
  const findings: Finding[] = [];
  const subject = { kind: 'rule' as const, name: `${rule.hubBus}/${rule.name}` };
  const add = (id: string, message: string) => findings.push({ rule: id, severity: 'error', message, subject });
  if (live.hubRules !== undefined) {
    const found = live.hubRules.find((r) => r.name === rule.name);
    if (!found) {
      add('drift/forward-missing', `rule ${rule.name} on hub bus ${rule.hubBus} (${rule.hubAccount}) does not exist; ${rule.spokeAccount} consumers get nothing`);
    } else {
      for (const topic of rule.topics) {
        if (patternMatches(found.eventPattern, { source: topic.source, detailType: topic.detailType }) !== true) {
          add('drift/forward-pattern', `rule ${rule.name} does not forward ${topic.name} (${topic.source} / ${topic.detailType}) to ${rule.spokeAccount}`);
        }
      }
      const arn = eventBusArn(region, spokeId, rule.spokeBus);
      if (live.targets !== undefined && !live.targets.some((t) => t.arn === arn)) {
        add('drift/forward-target', `rule ${rule.name} does not deliver to ${arn}`);
      }
    }
  }
  if (live.spokePolicy !== undefined && !policyAllowsAccount(live.spokePolicy, hubId)) {
    add('drift/forward-policy', `bus ${rule.spokeBus} (${rule.spokeAccount}) does not allow account ${hubId} (${rule.hubAccount}) to put events`);
  }
  return findings;
}

/** True when some Allow statement grants events:PutEvents (or events:*) to the account. */
export function policyAllowsAccount(policy: string | null, accountId: string): boolean {
  if (!policy) return false;
  let document: { Statement?: unknown };
  try {
    document = JSON.parse(policy) as { Statement?: unknown };
  } catch {
    return false;
  }
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);
  return statements.some((raw) => {
    const s = (raw ?? {}) as { Effect?: string; Action?: unknown; Principal?: unknown };
    if (s.Effect !== 'Allow') return false;
    if (!list(s.Action).some((a) => a === 'events:PutEvents' || a === 'events:*')) return false;
    const principal = s.Principal as { AWS?: unknown } | string | undefined;
    const principals = typeof principal === 'string' ? [principal] : list(principal?.AWS);
    return principals.some((p) => p === accountId || p === `arn:aws:iam::${accountId}:root`);
  });
}
