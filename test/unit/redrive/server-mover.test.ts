import { describe, expect, it } from 'vitest';
import { createMessageMoveTaskPort, mapMoveTask, type MessageMoveTask, type MessageMoveTaskPort } from '../../../src/aws/sqs-move-tasks.js';
import { AbortError, RefusedError, RemoteError, UsageError } from '../../../src/errors.js';
import { moveWithTask, serverSideEligible } from '../../../src/ops/redrive/server-mover.js';

const SOURCE = 'arn:aws:sqs:eu-west-1:123456789012:billing-charge-dlq';
const DEST = 'arn:aws:sqs:eu-west-1:123456789012:billing-charge';

/** A fake SQS move-task service: a task moves `perPoll` messages per list call. */
class FakeMoveTasks implements MessageMoveTaskPort {
  tasks: Array<MessageMoveTask & { handle: string }> = [];
  started: unknown[] = [];
  cancelled: string[] = [];
  constructor(private total: number, private perPoll: number, private failAt?: number) {}
  async startMessageMoveTask(input: { sourceArn: string; destinationArn?: string; maxMessagesPerSecond?: number }) {
    this.started.push(input);
    const handle = `h${this.tasks.length + 1}`;
    this.tasks.unshift({ handle, taskHandle: handle, status: 'RUNNING', sourceArn: input.sourceArn, approximateMessagesMoved: 0, approximateMessagesToMove: this.total });
    return { taskHandle: handle };
  }
  async listMessageMoveTasks() {
    const t = this.tasks[0];
    if (t && t.status === 'RUNNING') {
      t.approximateMessagesMoved = Math.min(this.total, t.approximateMessagesMoved + this.perPoll);
      if (this.failAt !== undefined && t.approximateMessagesMoved >= this.failAt) Object.assign(t, { status: 'FAILED', failureReason: 'AccessDenied on kms:Decrypt' });
      else if (t.approximateMessagesMoved >= this.total) t.status = 'COMPLETED';
    }
    if (t && t.status === 'CANCELLING') t.status = 'CANCELLED';
    return this.tasks.map(({ handle: _h, ...rest }) => (rest.status === 'RUNNING' ? rest : { ...rest, taskHandle: undefined }) as MessageMoveTask);
  }
  async cancelMessageMoveTask(handle: string) {
    this.cancelled.push(handle);
    const t = this.tasks.find((x) => x.handle === handle)!;
    t.status = 'CANCELLING';
    return { approximateMessagesMoved: t.approximateMessagesMoved };
  }
}

const base = { sourceArn: SOURCE, destinationArn: DEST, signal: { aborted: false }, sleep: async () => undefined };

describe('server-side redrive (message-move task)', () => {
  it('starts one task with the rate and follows its progress to COMPLETED', async () => {
    const fake = new FakeMoveTasks(100, 30);
    const seen: number[] = [];
    const result = await moveWithTask(fake, { ...base, rate: 50, onProgress: (t) => seen.push(t.approximateMessagesMoved) });
    expect(fake.started).toEqual([{ sourceArn: SOURCE, destinationArn: DEST, maxMessagesPerSecond: 50 }]);
    expect(seen).toEqual([30, 60, 90, 100]);
    expect(result).toMatchObject({ status: 'COMPLETED', moved: 100, toMove: 100, taskHandle: 'h1' });
  });

  it('cancels the task on Ctrl-C and reports what moved (exit 130)', async () => {
    const fake = new FakeMoveTasks(100, 10);
    const signal = { aborted: false };
    const run = moveWithTask(fake, { ...base, signal, onProgress: (t) => { if (t.approximateMessagesMoved >= 20) signal.aborted = true; } });
    await expect(run).rejects.toBeInstanceOf(AbortError);
    expect(fake.cancelled).toEqual(['h1']);
  });

  it('a FAILED task is a remote error with its reason', async () => {
    await expect(moveWithTask(new FakeMoveTasks(100, 40, 40), base)).rejects.toThrow(/kms:Decrypt/);
    await expect(moveWithTask(new FakeMoveTasks(100, 40, 40), base)).rejects.toBeInstanceOf(RemoteError);
  });

  it('refuses while another task is running, and a rate outside 1–500', async () => {
    const fake = new FakeMoveTasks(100, 0);
    await fake.startMessageMoveTask({ sourceArn: SOURCE });
    await expect(moveWithTask(fake, base)).rejects.toBeInstanceOf(RefusedError);
    await expect(moveWithTask(new FakeMoveTasks(1, 1), { ...base, rate: 501 })).rejects.toBeInstanceOf(UsageError);
  });

  it('is offered only for a DLQ fed by the SQS queue', () => {
    expect(serverSideEligible({ dlqArn: SOURCE, queueRedriveTarget: SOURCE })).toBe(true);
    expect(serverSideEligible({ dlqArn: SOURCE, queueRedriveTarget: undefined })).toBe(false);
    expect(serverSideEligible({ dlqArn: SOURCE, queueRedriveTarget: `${SOURCE}-other` })).toBe(false);
  });
});

describe('sqs-move-tasks port over the SDK', () => {
  const client = (answer: (command: { constructor: { name: string }; input: unknown }) => unknown) =>
    ({ send: async (command: { constructor: { name: string }; input: unknown }) => answer(command) }) as never;

  it('maps requests and list entries', async () => {
    const sent: Array<[string, unknown]> = [];
    const port = createMessageMoveTaskPort(client((c) => {
      sent.push([c.constructor.name, c.input]);
      if (c.constructor.name === 'StartMessageMoveTaskCommand') return { TaskHandle: 'th' };
      if (c.constructor.name === 'CancelMessageMoveTaskCommand') return { ApproximateNumberOfMessagesMoved: 7 };
      return { Results: [{ Status: 'COMPLETED', SourceArn: SOURCE, ApproximateNumberOfMessagesMoved: 3, ApproximateNumberOfMessagesToMove: 3, StartedTimestamp: 5 }] };
    }));
    expect(await port.startMessageMoveTask({ sourceArn: SOURCE, destinationArn: DEST, maxMessagesPerSecond: 10 })).toEqual({ taskHandle: 'th' });
    expect(await port.listMessageMoveTasks(SOURCE)).toEqual([{ status: 'COMPLETED', sourceArn: SOURCE, approximateMessagesMoved: 3, approximateMessagesToMove: 3, startedAt: 5 }]);
    expect(await port.cancelMessageMoveTask('th')).toEqual({ approximateMessagesMoved: 7 });
    expect(sent[0]).toEqual(['StartMessageMoveTaskCommand', { SourceArn: SOURCE, DestinationArn: DEST, MaxNumberOfMessagesPerSecond: 10 }]);
    expect(sent[1]).toEqual(['ListMessageMoveTasksCommand', { SourceArn: SOURCE, MaxResults: 1 }]);
    expect(mapMoveTask({ Status: 'WEIRD' })).toMatchObject({ status: 'FAILED', failureReason: "unknown task status 'WEIRD'" });
  });

  it('turns an emulator without move tasks (HTML 500) into a clear remote error', async () => {
    const port = createMessageMoveTaskPort(client(() => {
      throw Object.assign(new SyntaxError('Unexpected token <'), { $metadata: { httpStatusCode: 500 } });
    }), 'http://127.0.0.1:5000');
    await expect(port.startMessageMoveTask({ sourceArn: SOURCE })).rejects.toThrow(/StartMessageMoveTask is not supported by http:\/\/127\.0\.0\.1:5000/);
  });
});
