import type { MessageMoveTask, MessageMoveTaskPort } from '../../aws/sqs-move-tasks.js';
import { AbortError, RefusedError, RemoteError, UsageError } from '../../errors.js';

/**
 * The server-side redrive: one SQS message-move task (StartMessageMoveTask), followed through
 * ListMessageMoveTasks until it ends; Ctrl-C cancels it (what moved stays moved). SQS only
 * allows it for a DLQ of SQS source queues, and it can neither filter nor stop at a count.
 */
export interface ServerMoveOptions {
  sourceArn: string;
  destinationArn: string;
  /** 1–500 messages per second; omitted: SQS chooses. */
  rate?: number;
  pollIntervalMs?: number;
  signal: { readonly aborted: boolean };
  sleep: (ms: number) => Promise<void>;
  onProgress?: (task: MessageMoveTask) => void;
}

export interface ServerMoveResult {
  taskHandle: string;
  status: MessageMoveTask['status'];
  moved: number;
  toMove?: number;
  failureReason?: string;
}

/** Whether the DLQ is fed by SQS queues (the queue's redrive policy points at it). */
export function serverSideEligible(input: { dlqArn?: string; queueRedriveTarget?: string }): boolean {
  return Boolean(input.dlqArn && input.queueRedriveTarget && input.dlqArn === input.queueRedriveTarget);
}

export const MAX_SERVER_RATE = 500;

export async function moveWithTask(port: MessageMoveTaskPort, options: ServerMoveOptions): Promise<ServerMoveResult> {
  if (options.rate !== undefined && (options.rate < 1 || options.rate > MAX_SERVER_RATE || !Number.isInteger(options.rate))) {
    throw new UsageError(`--rate must be a whole number from 1 to ${MAX_SERVER_RATE} with --server-side`);
  }
  const poll = options.pollIntervalMs ?? 2_000;
  const [running] = (await port.listMessageMoveTasks(options.sourceArn, 1)).filter((t) => t.status === 'RUNNING');
  if (running) {
    throw new RefusedError('a message-move task is already running on this DLQ', [
      `task ${running.taskHandle ?? '?'} has moved ${running.approximateMessagesMoved} message(s); SQS allows one at a time`,
    ]);
  }
  const { taskHandle } = await port.startMessageMoveTask({
    sourceArn: options.sourceArn,
    destinationArn: options.destinationArn,
    ...(options.rate !== undefined ? { maxMessagesPerSecond: options.rate } : {}),
  });
  let cancelled = false;
  for (;;) {
    if (options.signal.aborted && !cancelled) {
      cancelled = true;
      try {
        await port.cancelMessageMoveTask(taskHandle);
      } catch {
        /* it may have finished meanwhile; the next list tells */
      }
    }
    // Most recent first: while RUNNING it carries our handle; once ended, the latest is ours.
    const [latest] = await port.listMessageMoveTasks(options.sourceArn, 1);
    if (!latest) throw new RemoteError('the message-move task disappeared from ListMessageMoveTasks');
    if (latest.taskHandle !== undefined && latest.taskHandle !== taskHandle) {
      throw new RemoteError(`another message-move task (${latest.taskHandle}) started on this DLQ`);
    }
    options.onProgress?.(latest);
    if (latest.status !== 'RUNNING' && latest.status !== 'CANCELLING') {
      const result: ServerMoveResult = {
        taskHandle,
        status: latest.status,
        moved: latest.approximateMessagesMoved,
        ...(latest.approximateMessagesToMove !== undefined ? { toMove: latest.approximateMessagesToMove } : {}),
        ...(latest.failureReason ? { failureReason: latest.failureReason } : {}),
      };
      if (latest.status === 'FAILED') {
        throw new RemoteError(`the message-move task failed after ${latest.approximateMessagesMoved} message(s): ${latest.failureReason ?? 'no reason given'}`, {
          hint: 'check sqs:SendMessage on the destination and kms permissions; or drop --server-side',
        });
      }
      if (cancelled || latest.status === 'CANCELLED') {
        throw new AbortError(`redrive cancelled: the move task had moved ${latest.approximateMessagesMoved} message(s)`);
      }
      return result;
    }
    await options.sleep(poll);
  }
}
