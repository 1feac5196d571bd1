import type { Manifest } from '../manifest/model.js';
import { targetOf } from '../manifest/consumer-target.js';
import { replayRuleName } from '../ops/replay-rule.js';

/**
 * The facts of a manifest a gate decision depends on: account and region, the policy path, and
 * per consumer its class, buses, rule, replay rule, queue, DLQ, target and target DLQ. Pure. When the working tree's
 * facts differ from the protected branch's, a run is refused naming each difference, so nobody
 * runs believing something the gate does not.
 */
export function gateFacts(manifest: Manifest): Map<string, string> {
  const facts = new Map<string, string>();
  const set = (key: string, value: string | undefined) => {
    if (value !== undefined) facts.set(key, value);
  };
  set('aws.account', manifest.aws?.account);
  set('aws.region', manifest.aws?.region);
  set('replay.approvalPolicy', manifest.replay?.approvalPolicy);
  const topicBus = new Map(manifest.topics.map((t) => [t.name, t.bus]));
  for (const c of manifest.consumers) {
    const at = `consumer ${c.name}`;
    set(`${at} class`, c.class);
    set(`${at} buses`, [...new Set(c.subscribes.map((t) => topicBus.get(t) ?? '?'))].sort().join(', '));
    set(`${at} rule`, c.rule);
    set(`${at} replay rule`, replayRuleName(c));
    set(`${at} queue`, c.queue);
    set(`${at} dlq`, c.dlq);
    const target = c.target ? targetOf(c) : undefined;
    set(`${at} target`, target ? `${target.kind} ${target.resource}` : undefined);
    set(`${at} target dlq`, c.target?.deadLetter);
  }
  return facts;
}

/** Each gate-relevant difference of `working` from `trusted`, as one line. */
export function gateFactDifferences(trusted: Manifest, working: Manifest, trustedLabel: string): string[] {
  const a = gateFacts(trusted);
  const b = gateFacts(working);
  const differences: string[] = [];
  const trustedConsumers = new Set(trusted.consumers.map((c) => c.name));
  const workingConsumers = new Set(working.consumers.map((c) => c.name));
  for (const name of workingConsumers) {
    if (!trustedConsumers.has(name)) differences.push(`consumer ${name} is in the working tree but not on ${trustedLabel}`);
  }
  for (const name of trustedConsumers) {
    if (!workingConsumers.has(name)) differences.push(`consumer ${name} is on ${trustedLabel} but not in the working tree`);
  }
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    if (key.startsWith('consumer ')) {
      const name = key.slice('consumer '.length).split(' ')[0]!;
      if (!trustedConsumers.has(name) || !workingConsumers.has(name)) continue;
    }
    const x = a.get(key);
    const y = b.get(key);
    if (x !== y) differences.push(`${key}: ${y ?? '(none)'} in the working tree, ${x ?? '(none)'} on ${trustedLabel}`);
  }
  return differences;
}
