import {
  CreateApiDestinationCommand,
  CreateArchiveCommand,
  CreateConnectionCommand,
  CreateEventBusCommand,
  DescribeEventBusCommand,
  ListApiDestinationsCommand,
  ListArchivesCommand,
  ListEventBusesCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutPermissionCommand,
  PutRuleCommand,
  PutTargetsCommand,
  UpdateArchiveCommand,
  type EventBridgeClient,
  type Rule,
  type Target,
} from '@aws-sdk/client-eventbridge';
import { isResourceNotFound, remoteCaller } from './errors.js';

// ---------------------------------------------------------------------------------------------
// Ports
// ---------------------------------------------------------------------------------------------

export interface LiveBus {
  name: string;
  arn: string;
  /** The bus's resource policy (JSON text), when it has one: who may put events on it. */
  policy?: string;
}

export interface LiveRule {
  name: string;
  arn?: string;
  busName: string;
  /** Parsed event pattern; undefined for scheduled rules or an unparsable pattern. */
  eventPattern?: unknown;
  eventPatternText?: string;
  state?: string;
  /** Set on rules AWS manages, e.g. the archive's own rule. */
  managedBy?: string;
}

export interface LiveTarget {
  id: string;
  arn: string;
  /** EventBridge target DLQ (DeadLetterConfig.Arn), if any. */
  deadLetterArn?: string;
  /**
   * Everything else the target defines (DLQ, retry policy, input or transformer, role, SQS
   * parameters) as plain JSON without undefined fields: drift compares two rules' targets by it.
   */
  settings?: Record<string, unknown>;
}

export interface LiveArchive {
  name: string;
  sourceArn?: string;
  state?: string;
  retentionDays?: number;
  eventCount?: number;
}

export interface RuleSpec {
  name: string;
  busName: string;
  eventPattern: unknown;
  description?: string;
}

export interface TargetSpec {
  id: string;
  arn: string;
  /** DeadLetterConfig, RetryPolicy, InputTransformer, KinesisParameters, RoleArn… in the SDK's shape. */
  settings?: Record<string, unknown>;
}

/** Reading EventBridge configuration: drift, sandbox (to stay idempotent), replay planning. */
export interface EventBridgeReader {
  /** Undefined when the bus does not exist. */
  describeEventBus(name: string): Promise<LiveBus | undefined>;
  /** Every rule on the bus (paged). */
  listRules(busName: string): Promise<LiveRule[]>;
  listTargetsByRule(ruleName: string, busName: string): Promise<LiveTarget[]>;
  /** Archives whose source is the given bus ARN (or all, without one). */
  listArchives(sourceArn?: string): Promise<LiveArchive[]>;
  /** Every event bus in the account and region (paged): import. */
  listEventBuses(): Promise<LiveBus[]>;
  /** API destination ARNs by name (an ARN ends in a generated id, so it cannot be derived). */
  listApiDestinations(): Promise<Map<string, string>>;
}

/** Writes: sandbox only for now. */
export interface EventBridgeWriter {
  createEventBus(name: string): Promise<LiveBus>;
  /** PutRule is an upsert. Returns the rule ARN. */
  putRule(rule: RuleSpec): Promise<string>;
  /** PutTargets is an upsert by target id; per-entry failures are thrown as one error. */
  putTargets(ruleName: string, busName: string, targets: readonly TargetSpec[]): Promise<void>;
  createArchive(name: string, sourceArn: string, retentionDays: number): Promise<void>;
  updateArchive(name: string, retentionDays: number): Promise<void>;
  /** Sandbox only: an API destination (with a placeholder API-key connection) to `endpoint`. */
  createApiDestination(name: string, invocationEndpoint: string): Promise<string>;
  /** Lets another account put events on the bus (a hub forwarding to this spoke). */
  allowAccount(busName: string, accountId: string, statementId: string): Promise<void>;
}

export type EventBridgePort = EventBridgeReader & EventBridgeWriter;

// ---------------------------------------------------------------------------------------------
// Pure mappers
// ---------------------------------------------------------------------------------------------

export function mapRule(rule: Rule, busName: string): LiveRule {
  let eventPattern: unknown;
  if (rule.EventPattern) {
    try {
      eventPattern = JSON.parse(rule.EventPattern);
    } catch {
      eventPattern = undefined;
    }
  }
  return {
    name: rule.Name ?? '',
    arn: rule.Arn,
    busName: rule.EventBusName ?? busName,
    eventPattern,
    eventPatternText: rule.EventPattern,
    state: rule.State,
    managedBy: rule.ManagedBy,
  };
}

export function mapTarget(target: Target): LiveTarget {
  const { Id: _id, Arn: _arn, ...rest } = target;
  return {
    id: target.Id ?? '',
    arn: target.Arn ?? '',
    deadLetterArn: target.DeadLetterConfig?.Arn,
    settings: JSON.parse(JSON.stringify(rest)) as Record<string, unknown>,
  };
}

// ---------------------------------------------------------------------------------------------
// Implementation
// ---------------------------------------------------------------------------------------------

export function createEventBridgePort(client: EventBridgeClient, endpoint?: string): EventBridgePort {
  const call = remoteCaller('events', endpoint);

  return {
    describeEventBus: (name) =>
      call('DescribeEventBus', `event bus ${name}`, async () => {
        try {
          const out = await client.send(new DescribeEventBusCommand({ Name: name }));
          return { name: out.Name ?? name, arn: out.Arn ?? '', ...(out.Policy ? { policy: out.Policy } : {}) };
        } catch (error) {
          if (isResourceNotFound(error)) return undefined;
          throw error;
        }
      }),

    listRules: (busName) =>
      call('ListRules', `event bus ${busName}`, async () => {
        const rules: LiveRule[] = [];
        let token: string | undefined;
        do {
          const out = await client.send(new ListRulesCommand({ EventBusName: busName, NextToken: token, Limit: 100 }));
          for (const rule of out.Rules ?? []) rules.push(mapRule(rule, busName));
          token = out.NextToken;
        } while (token);
        return rules;
      }),

    listTargetsByRule: (ruleName, busName) =>
      call('ListTargetsByRule', `rule ${busName}/${ruleName}`, async () => {
        const targets: LiveTarget[] = [];
        let token: string | undefined;
        do {
          const out = await client.send(
            new ListTargetsByRuleCommand({ Rule: ruleName, EventBusName: busName, NextToken: token, Limit: 100 }),
          );
          for (const target of out.Targets ?? []) targets.push(mapTarget(target));
          token = out.NextToken;
        } while (token);
        return targets;
      }),

    listArchives: (sourceArn) =>
      call('ListArchives', sourceArn ? `archives of ${sourceArn}` : 'archives', async () => {
        const archives: LiveArchive[] = [];
        let token: string | undefined;
        do {
          const out = await client.send(new ListArchivesCommand({ EventSourceArn: sourceArn, NextToken: token, Limit: 100 }));
          for (const a of out.Archives ?? []) {
            archives.push({
              name: a.ArchiveName ?? '',
              sourceArn: a.EventSourceArn,
              state: a.State,
              retentionDays: a.RetentionDays,
              eventCount: a.EventCount,
            });
          }
          token = out.NextToken;
        } while (token);
        return archives;
      }),

    listEventBuses: () =>
      call('ListEventBuses', 'event buses', async () => {
        const buses: LiveBus[] = [];
        let token: string | undefined;
        do {
          const out = await client.send(new ListEventBusesCommand({ NextToken: token, Limit: 100 }));
          for (const bus of out.EventBuses ?? []) buses.push({ name: bus.Name ?? '', arn: bus.Arn ?? '' });
          token = out.NextToken;
        } while (token);
        return buses;
      }),

    listApiDestinations: () =>
      call('ListApiDestinations', 'API destinations', async () => {
        const found = new Map<string, string>();
        let token: string | undefined;
        do {
          const out = await client.send(new ListApiDestinationsCommand({ NextToken: token, Limit: 100 }));
          for (const d of out.ApiDestinations ?? []) if (d.Name && d.ApiDestinationArn) found.set(d.Name, d.ApiDestinationArn);
          token = out.NextToken;
        } while (token);
        return found;
      }),

    createApiDestination: (name, invocationEndpoint) =>
      call('CreateApiDestination', `API destination ${name}`, async () => {
        const connection = await client.send(
          new CreateConnectionCommand({
            Name: `${name}-connection`.slice(0, 64),
            AuthorizationType: 'API_KEY',
            AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'sandbox' } },
          }),
        );
        const out = await client.send(
          new CreateApiDestinationCommand({ Name: name, ConnectionArn: connection.ConnectionArn, InvocationEndpoint: invocationEndpoint, HttpMethod: 'POST' }),
        );
        return out.ApiDestinationArn ?? '';
      }),

    createEventBus: (name) =>
      call('CreateEventBus', `event bus ${name}`, async () => {
        const out = await client.send(new CreateEventBusCommand({ Name: name }));
        return { name, arn: out.EventBusArn ?? '' };
      }),

    putRule: (rule) =>
      call('PutRule', `rule ${rule.busName}/${rule.name}`, async () => {
        const out = await client.send(
          new PutRuleCommand({
            Name: rule.name,
            EventBusName: rule.busName,
            EventPattern: JSON.stringify(rule.eventPattern),
            State: 'ENABLED',
            Description: rule.description,
          }),
        );
        return out.RuleArn ?? '';
      }),

    putTargets: (ruleName, busName, targets) =>
      call('PutTargets', `rule ${busName}/${ruleName}`, async () => {
        const out = await client.send(
          new PutTargetsCommand({
            Rule: ruleName,
            EventBusName: busName,
            Targets: targets.map((t) => ({ ...(t.settings ?? {}), Id: t.id, Arn: t.arn }) as Target),
          }),
        );
        const failed = out.FailedEntries ?? [];
        if (failed.length > 0) {
          const first = failed[0]!;
          throw Object.assign(new Error(`${first.TargetId}: ${first.ErrorMessage ?? first.ErrorCode}`), {
            name: first.ErrorCode ?? 'PutTargetsFailed',
          });
        }
      }),

    createArchive: (name, sourceArn, retentionDays) =>
      call('CreateArchive', `archive ${name}`, async () => {
        await client.send(new CreateArchiveCommand({ ArchiveName: name, EventSourceArn: sourceArn, RetentionDays: retentionDays }));
      }),

    updateArchive: (name, retentionDays) =>
      call('UpdateArchive', `archive ${name}`, async () => {
        await client.send(new UpdateArchiveCommand({ ArchiveName: name, RetentionDays: retentionDays }));
      }),

    allowAccount: (busName, accountId, statementId) =>
      call('PutPermission', `event bus ${busName}`, async () => {
        await client.send(
          new PutPermissionCommand({ EventBusName: busName, Action: 'events:PutEvents', Principal: accountId, StatementId: statementId }),
        );
      }),
  };
}
