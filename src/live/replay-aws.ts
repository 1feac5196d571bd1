import type { EventBridgeReplayPort } from '../aws/eventbridge-replay.js';
import type { CloudWatchReader } from '../aws/cloudwatch.js';
import type { EventBridgeReader } from '../aws/eventbridge.js';
import { ruleDigest } from '../ops/replay/rule-digest.js';
import { estimatePeriodSeconds, estimateQueries, metricWindow, summarizeEstimate, type EstimateRule, type ReplayEstimate } from '../ops/replay/estimate.js';
import type { ReplayWindow } from '../ops/replay/window.js';
import type { LiveAws } from './aws-context.js';

/** The AWS side of the replay commands: existing EventBridge/CloudWatch ports plus the replay port. */
export interface ReplayPorts {
  eventBridge: EventBridgeReader;
  replay: EventBridgeReplayPort;
  cloudWatch(): Promise<CloudWatchReader>;
}

export async function openReplayPorts(aws: LiveAws): Promise<ReplayPorts> {
  const { createEventBridgeReplayPort } = await import('../aws/eventbridge-replay.js');
  return {
    eventBridge: await aws.ports.eventBridge(),
    replay: createEventBridgeReplayPort(await aws.clients.eventBridge(), aws.endpoint),
    cloudWatch: () => aws.ports.cloudWatch(),
  };
}

/** The rule's current definition and digest; undefined when it does not exist. */
export async function liveRuleDigest(replay: EventBridgeReplayPort, ruleName: string, busName: string) {
  const rule = await replay.describeRuleDefinition(ruleName, busName);
  return rule ? { rule, digest: ruleDigest(rule) } : undefined;
}

/** MatchedEvents of each rule over the window (one GetMetricData call for up to 500 rules). */
export async function estimateReplay(cloudWatch: CloudWatchReader, rules: readonly EstimateRule[], window: ReplayWindow, now: Date): Promise<ReplayEstimate> {
  const period = estimatePeriodSeconds(window, now);
  const span = metricWindow(window, period);
  const series = await cloudWatch.getMetricData(estimateQueries(rules, period), span);
  return summarizeEstimate(rules, series, span, period);
}
