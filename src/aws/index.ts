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
export type { LambdaPort } from './lambda.js';
export type { StepFunctionsPort, LiveStateMachine } from './sfn.js';
export type { KinesisPort } from './kinesis.js';
export type { SnsPort } from './sns.js';
export type { IamPort } from './iam.js';

import type { AwsClients } from './clients.js';
import { redactUrlPasswords } from '../text/redact.js';
import { createCloudWatchPort, type CloudWatchPort } from './cloudwatch.js';
import { createEventBridgePort, type EventBridgePort } from './eventbridge.js';
import type { IamPort } from './iam.js';
import type { KinesisPort } from './kinesis.js';
import type { LambdaPort } from './lambda.js';
import type { SnsPort } from './sns.js';
import type { StepFunctionsPort } from './sfn.js';
import { createSqsPort, type SqsPort } from './sqs.js';

/** Ports over lazily built clients; a port's module (and SDK client) loads on first use. */
export interface AwsPorts {
  sqs(): Promise<SqsPort>;
  eventBridge(): Promise<EventBridgePort>;
  cloudWatch(): Promise<CloudWatchPort>;
  lambda(): Promise<LambdaPort>;
  stepFunctions(): Promise<StepFunctionsPort>;
  kinesis(): Promise<KinesisPort>;
  sns(): Promise<SnsPort>;
  iam(): Promise<IamPort>;
}

export function createAwsPorts(clients: AwsClients): AwsPorts {
  // Named in "cannot reach" errors: without a password from its userinfo.
  const endpoint = clients.settings.endpoint === undefined ? undefined : redactUrlPasswords(clients.settings.endpoint);
  const cache = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, make: () => Promise<T>): Promise<T> => {
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key) as Promise<T>;
  };
  return {
    sqs: () => once('sqs', async () => createSqsPort(await clients.sqs(), endpoint)),
    eventBridge: () => once('events', async () => createEventBridgePort(await clients.eventBridge(), endpoint)),
    cloudWatch: () => once('cloudwatch', async () => createCloudWatchPort(await clients.cloudWatch(), endpoint)),
    lambda: () => once('lambda', async () => (await import('./lambda.js')).createLambdaPort(await clients.lambda(), endpoint)),
    stepFunctions: () => once('states', async () => (await import('./sfn.js')).createStepFunctionsPort(await clients.stepFunctions(), endpoint)),
    kinesis: () => once('kinesis', async () => (await import('./kinesis.js')).createKinesisPort(await clients.kinesis(), endpoint)),
    sns: () => once('sns', async () => (await import('./sns.js')).createSnsPort(await clients.sns(), endpoint)),
    iam: () => once('iam', async () => (await import('./iam.js')).createIamPort(await clients.iam(), endpoint)),
  };
}
