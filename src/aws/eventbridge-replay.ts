import {
  CancelReplayCommand,
  DescribeArchiveCommand,
  DescribeReplayCommand,
  DescribeRuleCommand,
  ListReplaysCommand,
  ListTargetsByRuleCommand,
  StartReplayCommand,
  type EventBridgeClient,
  type Target,
} from '@aws-sdk/client-eventbridge';
import { InternalError } from '../errors.js';
import { isResourceNotFound, remoteCaller } from './errors.js';

/**
 * EventBridge archive replay: the narrow port `replay plan/run/status/cancel` use. Kept apart
 * from eventbridge.ts (configuration reads and sandbox writes) so the one write that matters,
 * StartReplay, sits behind its own interface.
 */

export interface LiveArchiveDetail {
  name: string;
  arn: string;
  /** The bus the archive records (its replays can only go back to this bus). */
  sourceArn: string;
  state: string;
  stateReason?: string;
  /** Reconciled about once a day by AWS: whole archive, never a window. */
  eventCount?: number;
}

/** A rule as it is now: what its digest is computed over. */
export interface LiveRuleDefinition {
  name: string;
  arn: string;
  busName: string;
  /** Parsed pattern (or the raw text when it is not JSON); undefined for scheduled rules. */
  eventPattern?: unknown;
  state?: string;
  managedBy?: string;
  /** Full target definitions (input, transformer, retry, DLQ…), sorted by id, without undefined fields. */
  targets: Array<Record<string, unknown>>;
}

export type ReplayState = 'STARTING' | 'RUNNING' | 'CANCELLING' | 'COMPLETED' | 'CANCELLED' | 'FAILED';
export const ACTIVE_REPLAY_STATES: readonly ReplayState[] = ['STARTING', 'RUNNING'];
export const FINAL_REPLAY_STATES: readonly ReplayState[] = ['COMPLETED', 'CANCELLED', 'FAILED'];

export interface ReplayDescription {
  name: string;
  arn?: string;
  state: ReplayState | string;
  stateReason?: string;
  description?: string;
  eventSourceArn?: string;
  destinationArn?: string;
  filterArns: string[];
  eventStartTime?: Date;
  eventEndTime?: Date;
  eventLastReplayedTime?: Date;
  replayStartTime?: Date;
  replayEndTime?: Date;
}

export interface StartReplayRequest {
  name: string;
  description?: string;
  archiveArn: string;
  busArn: string;
  /** Always non-empty: an absent FilterArns means "every rule on the bus". */
  filterArns: readonly string[];
  start: Date;
  end: Date;
}

export interface StartedReplay {
  arn: string;
  state: string;
  stateReason?: string;
  startedAt?: Date;
}

export interface EventBridgeReplayReader {
  /** Undefined when the archive does not exist. */
  describeArchive(name: string): Promise<LiveArchiveDetail | undefined>;
  /** DescribeRule + ListTargetsByRule; undefined when the rule does not exist. */
  describeRuleDefinition(ruleName: string, busName: string): Promise<LiveRuleDefinition | undefined>;
  /** Undefined when no replay has that name. */
  describeReplay(name: string): Promise<ReplayDescription | undefined>;
  /** Replays in a state (STARTING, RUNNING…), paged. */
  listReplays(filter: { state?: ReplayState; namePrefix?: string }): Promise<ReplayDescription[]>;
}

export interface EventBridgeReplayWriter {
  startReplay(request: StartReplayRequest): Promise<StartedReplay>;
  cancelReplay(name: string): Promise<{ arn?: string; state?: string; stateReason?: string }>;
}

export type EventBridgeReplayPort = EventBridgeReplayReader & EventBridgeReplayWriter;

/** Undefined-free plain JSON of an SDK target, so its digest depends only on what is set. */
export function normalizeTarget(target: Target): Record<string, unknown> {
  return JSON.parse(JSON.stringify(target)) as Record<string, unknown>;
}

function parsePattern(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function createEventBridgeReplayPort(client: EventBridgeClient, endpoint?: string): EventBridgeReplayPort {
  const call = remoteCaller('events', endpoint);
  const orUndefined = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (error) {
      if (isResourceNotFound(error)) return undefined;
      throw error;
    }
  };
  const listTargets = async (rule: string, bus: string): Promise<Target[]> => {
    const targets: Target[] = [];
    let token: string | undefined;
    do {
      const out = await client.send(new ListTargetsByRuleCommand({ Rule: rule, EventBusName: bus, NextToken: token, Limit: 100 }));
      targets.push(...(out.Targets ?? []));
      token = out.NextToken;
    } while (token);
    return targets;
  };

  return {
    describeArchive: (name) =>
      call('DescribeArchive', `archive ${name}`, () =>
        orUndefined(async () => {
          const out = await client.send(new DescribeArchiveCommand({ ArchiveName: name }));
          return {
            name: out.ArchiveName ?? name,
            arn: out.ArchiveArn ?? '',
            sourceArn: out.EventSourceArn ?? '',
            state: out.State ?? 'UNKNOWN',
            ...(out.StateReason ? { stateReason: out.StateReason } : {}),
            ...(out.EventCount !== undefined ? { eventCount: out.EventCount } : {}),
          };
        }),
      ),

    describeRuleDefinition: (ruleName, busName) =>
      call('DescribeRule', `rule ${busName}/${ruleName}`, () =>
        orUndefined(async () => {
          const rule = await client.send(new DescribeRuleCommand({ Name: ruleName, EventBusName: busName }));
          const targets = (await listTargets(ruleName, busName)).map(normalizeTarget);
          targets.sort((a, b) => String(a.Id).localeCompare(String(b.Id)));
          return {
            name: rule.Name ?? ruleName,
            arn: rule.Arn ?? '',
            busName: rule.EventBusName ?? busName,
            eventPattern: parsePattern(rule.EventPattern),
            ...(rule.State ? { state: rule.State } : {}),
            ...(rule.ManagedBy ? { managedBy: rule.ManagedBy } : {}),
            targets,
          };
        }),
      ),

    describeReplay: (name) =>
      call('DescribeReplay', `replay ${name}`, () =>
        orUndefined(async () => {
          const out = await client.send(new DescribeReplayCommand({ ReplayName: name }));
          return {
            name: out.ReplayName ?? name,
            ...(out.ReplayArn ? { arn: out.ReplayArn } : {}),
            state: out.State ?? 'UNKNOWN',
            ...(out.StateReason ? { stateReason: out.StateReason } : {}),
            ...(out.Description ? { description: out.Description } : {}),
            ...(out.EventSourceArn ? { eventSourceArn: out.EventSourceArn } : {}),
            ...(out.Destination?.Arn ? { destinationArn: out.Destination.Arn } : {}),
            filterArns: [...(out.Destination?.FilterArns ?? [])],
            ...(out.EventStartTime ? { eventStartTime: out.EventStartTime } : {}),
            ...(out.EventEndTime ? { eventEndTime: out.EventEndTime } : {}),
            ...(out.EventLastReplayedTime ? { eventLastReplayedTime: out.EventLastReplayedTime } : {}),
            ...(out.ReplayStartTime ? { replayStartTime: out.ReplayStartTime } : {}),
            ...(out.ReplayEndTime ? { replayEndTime: out.ReplayEndTime } : {}),
          };
        }),
      ),

    listReplays: (filter) =>
      call('ListReplays', 'replays', async () => {
        const replays: ReplayDescription[] = [];
        let token: string | undefined;
        do {
          // AWS allows at most one filter per call.
          const out = await client.send(
            new ListReplaysCommand({ State: filter.state, NamePrefix: filter.state ? undefined : filter.namePrefix, NextToken: token, Limit: 100 }),
          );
          for (const r of out.Replays ?? []) {
            replays.push({
              name: r.ReplayName ?? '',
              state: r.State ?? 'UNKNOWN',
              ...(r.StateReason ? { stateReason: r.StateReason } : {}),
              ...(r.EventSourceArn ? { eventSourceArn: r.EventSourceArn } : {}),
              filterArns: [],
              ...(r.EventStartTime ? { eventStartTime: r.EventStartTime } : {}),
              ...(r.EventEndTime ? { eventEndTime: r.EventEndTime } : {}),
              ...(r.EventLastReplayedTime ? { eventLastReplayedTime: r.EventLastReplayedTime } : {}),
              ...(r.ReplayStartTime ? { replayStartTime: r.ReplayStartTime } : {}),
              ...(r.ReplayEndTime ? { replayEndTime: r.ReplayEndTime } : {}),
            });
          }
          token = out.NextToken;
        } while (token);
        return replays;
      }),

    startReplay: async (request) => {
      // Defence in depth: an empty or missing FilterArns replays to every rule on the bus.
      if (request.filterArns.length === 0) throw new InternalError('refusing StartReplay without FilterArns (that would reach every rule on the bus)');
      return call('StartReplay', `replay ${request.name}`, async () => {
        const out = await client.send(
          new StartReplayCommand({
            ReplayName: request.name,
            Description: request.description,
            EventSourceArn: request.archiveArn,
            EventStartTime: request.start,
            EventEndTime: request.end,
            Destination: { Arn: request.busArn, FilterArns: [...request.filterArns] },
          }),
        );
        return {
          arn: out.ReplayArn ?? '',
          state: out.State ?? 'STARTING',
          ...(out.StateReason ? { stateReason: out.StateReason } : {}),
          ...(out.ReplayStartTime ? { startedAt: out.ReplayStartTime } : {}),
        };
      });
    },

    cancelReplay: (name) =>
      call('CancelReplay', `replay ${name}`, async () => {
        const out = await client.send(new CancelReplayCommand({ ReplayName: name }));
        return {
          ...(out.ReplayArn ? { arn: out.ReplayArn } : {}),
          ...(out.State ? { state: out.State } : {}),
          ...(out.StateReason ? { stateReason: out.StateReason } : {}),
        };
      }),
  };
}
