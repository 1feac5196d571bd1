/**
 * The AWS layer: the only place that imports @aws-sdk/*. Reach it with `await import()` so
 * offline commands never load the SDK.
 */
export { createAwsClients, resolveAwsSettings, type AwsClients, type AwsSettings, type ClientPlugin } from './clients.js';
export { toRemoteError, permissionFor, type CallSite } from './errors.js';
export { createCallCounter, type CallCounter } from './call-counter.js';
export { createRoleSessions, type AccountRole, type RoleSessions } from './assume-role.js';
export * from './sqs.js';
export * from './eventbridge.js';
export * from './cloudwatch.js';
export { describeWhere, type AwsWhere } from './where.js';

import type { AwsClients } from './clients.js';
import { redactUrlPasswords } from '../text/redact.js';
import { createCloudWatchPort, type CloudWatchPort } from './cloudwatch.js';
import { createEventBridgePort, type EventBridgePort } from './eventbridge.js';
import { createSqsPort, type SqsPort } from './sqs.js';

/** Ports over lazily built clients. */
export interface AwsPorts {
  sqs(): Promise<SqsPort>;
  eventBridge(): Promise<EventBridgePort>;
  cloudWatch(): Promise<CloudWatchPort>;
}

export function createAwsPorts(clients: AwsClients): AwsPorts {
  // Named in "cannot reach" errors: without a password from its userinfo.
  const endpoint = clients.settings.endpoint === undefined ? undefined : redactUrlPasswords(clients.settings.endpoint);
  let sqs: Promise<SqsPort> | undefined;
  let events: Promise<EventBridgePort> | undefined;
  let cw: Promise<CloudWatchPort> | undefined;
  return {
    sqs: () => (sqs ??= clients.sqs().then((c) => createSqsPort(c, endpoint))),
    eventBridge: () => (events ??= clients.eventBridge().then((c) => createEventBridgePort(c, endpoint))),
    cloudWatch: () => (cw ??= clients.cloudWatch().then((c) => createCloudWatchPort(c, endpoint))),
  };
}
