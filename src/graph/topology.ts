import { targetOf } from '../manifest/consumer-target.js';
import type { Consumer, ConsumerClass, Manifest, TargetKind } from '../manifest/model.js';
import { guardsReplays } from '../ops/event-pattern.js';
import { replayRuleName } from '../ops/replay-rule.js';

/**
 * The platform as a graph: topics → buses → rules → consumers → DLQs. Pure; the mermaid, dot and
 * HTML renderers draw this model and nothing else, so they always agree.
 *
 * `deliveryOf` is the one place that reads how a consumer is reached (its target kind, resource
 * and target DLQ); nodes carry `account`, and an edge between two accounts is marked
 * `crossAccount`, which every renderer draws distinctly.
 */
export type NodeKind = 'topic' | 'bus' | 'rule' | 'consumer' | 'dlq' | 'workflow';

export interface GraphNode {
  /** Stable, renderer-safe id: [A-Za-z0-9_]. */
  id: string;
  kind: NodeKind;
  label: string;
  /** Second line: owner, target kind, obligations. */
  detail?: string;
  consumerClass?: ConsumerClass;
  /** Operational consumers: side effects; replays reach them only under approval. */
  operational?: boolean;
  /** The AWS account the resource lives in, when it is known and not the platform's own. */
  account?: string;
}

export type EdgeKind = 'publish' | 'route' | 'deliver' | 'replay' | 'dead-letter' | 'target-dead-letter' | 'starts';

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  label?: string;
  crossAccount?: boolean;
}

export interface Topology {
  platform: string;
  account?: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** How a consumer's rule reaches it: the target kind and resource, the queue's DLQ and the target's own DLQ. */
export interface Delivery {
  /** A target kind (sqs, lambda, stepfunctions, …), or `none` when the consumer declares no target. */
  kind: TargetKind | 'none';
  /** The resource the rule targets (queue name, function, state machine…). */
  target?: string;
  /** The queue's DLQ (redrive policy). */
  dlq?: string;
  /** The EventBridge target's own DLQ (events the bus could not deliver). */
  targetDlq?: string;
  account?: string;
}

export function deliveryOf(consumer: Consumer): Delivery {
  const target = targetOf(consumer);
  return {
    kind: target?.kind ?? 'none',
    target: target?.resource,
    dlq: consumer.dlq,
    ...(target?.deadLetter ? { targetDlq: target.deadLetter } : {}),
    account: consumer.account,
  };
}

const HOME = '\u0000platform';

export function nodeId(kind: NodeKind, name: string): string {
  return `${kind}_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
}

export function buildTopology(manifest: Manifest): Topology {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const home = manifest.aws?.account;
  const add = (node: GraphNode) => {
    if (!nodes.has(node.id)) nodes.set(node.id, node);
    return node.id;
  };
  // Accounts are the manifest's aliases; a node without one lives in the platform's own account.
  const edge = (e: GraphEdge) => {
    const a = nodes.get(e.from)?.account;
    const b = nodes.get(e.to)?.account;
    edges.push((a ?? HOME) !== (b ?? HOME) ? { ...e, crossAccount: true } : e);
  };
  const busAccount = new Map(manifest.buses.map((b) => [b.name, b.account]));
  const topics = new Map(manifest.topics.map((t) => [t.name, t]));

  for (const bus of manifest.buses) {
    add({ id: nodeId('bus', bus.name), kind: 'bus', label: bus.name, detail: bus.archive ? `archive ${bus.archive.name}` : 'no archive', account: bus.account });
  }
  for (const bus of manifest.buses) {
    // Hub and spoke: a rule on the hub forwards to this bus, usually in another account.
    if (bus.forwardFrom) edge({ from: nodeId('bus', bus.forwardFrom), to: nodeId('bus', bus.name), kind: 'route', label: 'forwarded' });
  }
  for (const topic of manifest.topics) {
    const id = add({ id: nodeId('topic', topic.name), kind: 'topic', label: topic.name, detail: topic.owner ? `owner ${topic.owner}` : undefined, account: busAccount.get(topic.bus) });
    const bus = add({ id: nodeId('bus', topic.bus), kind: 'bus', label: topic.bus, detail: 'not declared' });
    edge({ from: id, to: bus, kind: 'publish', label: topic.detailType });
  }
  for (const workflow of manifest.workflows ?? []) {
    add({ id: nodeId('workflow', workflow.name), kind: 'workflow', label: workflow.name, detail: workflow.engine });
  }

  for (const consumer of manifest.consumers) {
    const delivery = deliveryOf(consumer);
    const consumerNode = add({
      id: nodeId('consumer', consumer.name),
      kind: 'consumer',
      label: consumer.name,
      detail: [consumer.class, delivery.kind !== 'none' ? `${delivery.kind} ${delivery.target ?? ''}`.trim() : undefined].filter(Boolean).join(' · '),
      consumerClass: consumer.class,
      operational: consumer.class === 'operational',
      account: delivery.account,
    });
    const subscribed = consumer.subscribes.flatMap((n) => (topics.has(n) ? [topics.get(n)!] : []));
    const buses = [...new Set(subscribed.map((t) => t.bus))];
    const replayRule = replayRuleName(consumer);
    for (const bus of buses) {
      const types = subscribed.filter((t) => t.bus === bus).map((t) => t.detailType);
      const busId = nodeId('bus', bus);
      if (consumer.rule) {
        const ruleId = add({
          id: nodeId('rule', `${bus}/${consumer.rule}`),
          kind: 'rule',
          label: consumer.rule,
          detail: guardsReplays(consumer) ? 'replays excluded' : 'replays accepted',
          account: busAccount.get(bus),
        });
        edge({ from: busId, to: ruleId, kind: 'route', label: types.join(', ') });
        edge({ from: ruleId, to: consumerNode, kind: 'deliver' });
      } else {
        edge({ from: busId, to: consumerNode, kind: 'route', label: types.join(', ') });
      }
      if (replayRule) {
        const replayId = add({ id: nodeId('rule', `${bus}/${replayRule}`), kind: 'rule', label: replayRule, detail: 'approved replays only', account: busAccount.get(bus) });
        edge({ from: busId, to: replayId, kind: 'replay', label: 'ectl-* replays' });
        edge({ from: replayId, to: consumerNode, kind: 'replay' });
      }
    }
    if (delivery.dlq) {
      const dlq = add({ id: nodeId('dlq', delivery.dlq), kind: 'dlq', label: delivery.dlq, detail: consumer.maxReceiveCount ? `after ${consumer.maxReceiveCount} receives` : undefined, account: delivery.account });
      edge({ from: consumerNode, to: dlq, kind: 'dead-letter' });
    }
    if (delivery.targetDlq && consumer.rule) {
      const dlq = add({ id: nodeId('dlq', delivery.targetDlq), kind: 'dlq', label: delivery.targetDlq, detail: `target DLQ · ${delivery.kind}` });
      for (const bus of buses) edge({ from: nodeId('rule', `${bus}/${consumer.rule}`), to: dlq, kind: 'target-dead-letter', label: 'undeliverable' });
    }
    if (consumer.workflow && nodes.has(nodeId('workflow', consumer.workflow))) {
      edge({ from: consumerNode, to: nodeId('workflow', consumer.workflow), kind: 'starts' });
    }
  }
  return { platform: manifest.platform, account: home, nodes: [...nodes.values()], edges };
}

/** Colours by consumer class, shared by every renderer (readable on white and in dark mode). */
export const CLASS_COLORS: Record<ConsumerClass, { fill: string; stroke: string }> = {
  operational: { fill: '#fde2e1', stroke: '#c0392b' },
  projection: { fill: '#e3f1e6', stroke: '#2e7d32' },
  workflow: { fill: '#e6ecfb', stroke: '#3d5a99' },
};
