import {
  CancelMessageMoveTaskCommand,
  ListMessageMoveTasksCommand,
  StartMessageMoveTaskCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { RemoteError } from '../errors.js';
import { toRemoteError } from './errors.js';
import { queueNameOf } from './sqs.js';

/**
 * SQS message-move tasks (the server-side DLQ redrive): a narrow port of the three operations.
 * Only a DLQ fed by SQS source queues can be moved this way (not EventBridge/SNS/Lambda DLQs).
 */

export type MessageMoveTaskStatus = 'RUNNING' | 'COMPLETED' | 'CANCELLING' | 'CANCELLED' | 'FAILED';

export interface MessageMoveTask {
  /** Present only while RUNNING. */
  taskHandle?: string;
  status: MessageMoveTaskStatus;
  sourceArn: string;
  destinationArn?: string;
  maxMessagesPerSecond?: number;
  approximateMessagesMoved: number;
  /** A snapshot taken when the task started. */
  approximateMessagesToMove?: number;
  failureReason?: string;
  startedAt?: number;
}

export interface StartMoveTaskInput {
  sourceArn: string;
  /** Omitted: each message goes back to its own original source queue. */
  destinationArn?: string;
  /** 1–500; omitted: SQS picks a rate from the backlog. */
  maxMessagesPerSecond?: number;
}

export interface MessageMoveTaskPort {
  startMessageMoveTask(input: StartMoveTaskInput): Promise<{ taskHandle: string }>;
  /** Most recent first; `maxResults` 1–10. */
  listMessageMoveTasks(sourceArn: string, maxResults?: number): Promise<MessageMoveTask[]>;
  cancelMessageMoveTask(taskHandle: string): Promise<{ approximateMessagesMoved: number }>;
}

const STATUSES: readonly MessageMoveTaskStatus[] = ['RUNNING', 'COMPLETED', 'CANCELLING', 'CANCELLED', 'FAILED'];

/** Pure mapper from the SDK's list entry. */
export function mapMoveTask(entry: {
  TaskHandle?: string;
  Status?: string;
  SourceArn?: string;
  DestinationArn?: string;
  MaxNumberOfMessagesPerSecond?: number;
  ApproximateNumberOfMessagesMoved?: number;
  ApproximateNumberOfMessagesToMove?: number;
  FailureReason?: string;
  StartedTimestamp?: number;
}): MessageMoveTask {
  const status = STATUSES.includes(entry.Status as MessageMoveTaskStatus) ? (entry.Status as MessageMoveTaskStatus) : 'FAILED';
  return {
    ...(entry.TaskHandle ? { taskHandle: entry.TaskHandle } : {}),
    status,
    sourceArn: entry.SourceArn ?? '',
    ...(entry.DestinationArn ? { destinationArn: entry.DestinationArn } : {}),
    ...(entry.MaxNumberOfMessagesPerSecond !== undefined ? { maxMessagesPerSecond: entry.MaxNumberOfMessagesPerSecond } : {}),
    approximateMessagesMoved: entry.ApproximateNumberOfMessagesMoved ?? 0,
    ...(entry.ApproximateNumberOfMessagesToMove !== undefined ? { approximateMessagesToMove: entry.ApproximateNumberOfMessagesToMove } : {}),
    ...(entry.FailureReason ? { failureReason: entry.FailureReason } : {}),
    ...(entry.StartedTimestamp !== undefined ? { startedAt: entry.StartedTimestamp } : {}),
    ...(status !== entry.Status ? { failureReason: `unknown task status '${entry.Status}'` } : {}),
  };
}

/** An endpoint that does not implement move tasks (moto answers with an HTML 500). */
function unsupported(error: unknown, operation: string, endpoint?: string): RemoteError | undefined {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  const status = e?.$metadata?.httpStatusCode;
  if (e?.name === 'UnsupportedOperation' || (e?.name === 'SyntaxError' && status !== undefined && status >= 500)) {
    return new RemoteError(`${operation} is not supported by ${endpoint ?? 'this endpoint'}`, {
      hint: 'drop --server-side to use the client-side redrive, which works on every DLQ',
      cause: error,
    });
  }
  return undefined;
}

export function createMessageMoveTaskPort(client: SQSClient, endpoint?: string): MessageMoveTaskPort {
  const call = async <T>(operation: string, resource: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw unsupported(error, operation, endpoint) ?? toRemoteError(error, { service: 'sqs', operation, resource, endpoint });
    }
  };
  return {
    startMessageMoveTask: (input) =>
      call('StartMessageMoveTask', `queue ${queueNameOf(input.sourceArn)}`, async () => {
        const out = await client.send(
          new StartMessageMoveTaskCommand({
            SourceArn: input.sourceArn,
            DestinationArn: input.destinationArn,
            MaxNumberOfMessagesPerSecond: input.maxMessagesPerSecond,
          }),
        );
        if (!out.TaskHandle) throw new RemoteError('StartMessageMoveTask returned no task handle');
        return { taskHandle: out.TaskHandle };
      }),
    listMessageMoveTasks: (sourceArn, maxResults = 1) =>
      call('ListMessageMoveTasks', `queue ${queueNameOf(sourceArn)}`, async () => {
        const out = await client.send(new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: maxResults }));
        return (out.Results ?? []).map(mapMoveTask);
      }),
    cancelMessageMoveTask: (taskHandle) =>
      call('CancelMessageMoveTask', 'move task', async () => {
        const out = await client.send(new CancelMessageMoveTaskCommand({ TaskHandle: taskHandle }));
        return { approximateMessagesMoved: out.ApproximateNumberOfMessagesMoved ?? 0 };
      }),
  };
}
