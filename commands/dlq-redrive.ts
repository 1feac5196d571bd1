import { defineCommand, POLICY_REF_OPTION } from '../src/define-command.js';

export default defineCommand({
  name: 'dlq redrive',
  summary: "move a consumer's DLQ messages back to its queue or target (journaled, resumable; gated like replay)",
  description:
    "Moves messages from a consumer's DLQ back to its queue. Operational and workflow consumers need a signed plan: write it with --plan-out, have it approved (`eventctl replay approve`), then run it with --plan (verified offline against the policy on the protected git ref; a refusal is exit 3 before any AWS write). Projection consumers need a confirmation or --yes. The client-side path long-polls batches of 10, journals each batch before sending, preserves body, attributes and FIFO group/dedup ids, deletes only what was sent, marks each message with the eventctl-redrive-id attribute, and resumes after a crash or Ctrl-C by running the same command again. --server-side uses an SQS message-move task instead (DLQs fed by SQS queues only). --target-dlq (the default for a consumer without a queue DLQ) reads the EventBridge target DLQ and re-delivers each event to that one target only: Lambda async invoke, StartExecution named from the event id (a re-run starts nothing twice), PutRecord, Publish or SendMessage.",
  arguments: [{ name: 'consumer', description: 'the consumer whose DLQ to redrive (omit with --plan)' }],
  options: [
    { flags: '--plan <dir>', description: 'run an approved redrive plan' },
    { flags: '--plan-out <dir>', description: 'write a redrive plan for approval instead of moving' },
    { flags: '-y, --yes', description: 'do not ask for confirmation' },
    { flags: '--dry-run', description: 'show what would move; receives nothing' },
    { flags: '--filter <spec>', description: 'move only matching messages: detail-type=X, error-code=X or /json/pointer=value (repeatable, all must match)', repeatable: true },
    { flags: '--keep', description: 'copy: send without deleting from the DLQ' },
    { flags: '--target-dlq', description: "redrive the EventBridge target DLQ to that one target (Lambda, state machine, stream, topic, queue); the default for a consumer without a queue DLQ" },
    { flags: '--rate <msgs/s>', description: 'at most this many messages per second' },
    { flags: '--concurrency <n>', description: 'parallel receivers (sends are one at a time; FIFO queues always use one)', default: '4' },
    { flags: '--max-messages <n>', description: 'move at most this many (with --plan-out: the cap approvers sign)' },
    { flags: '--server-side', description: 'use an SQS message-move task (DLQs of SQS queues only)' },
    { flags: '--requester <principal>', description: 'with --plan-out: the policy principal asking (also EVENTCTL_PRINCIPAL)' },
    { flags: '--reason <text>', description: 'with --plan-out: why (shown to approvers)' },
    POLICY_REF_OPTION,
    { flags: '--ttl <minutes>', description: 'with --plan-out: how long the plan stays valid (capped by the policy)', default: '240' },
    { flags: '--wait <seconds>', description: 'long-poll wait per receive (0–20)', default: '5' },
    { flags: '--empty-polls <n>', description: 'stop after this many consecutive empty long polls', default: '3' },
    { flags: '--visibility-timeout <seconds>', description: 'how long a received batch stays hidden (default: sized to the batch)' },
    { flags: '--force', description: 'redrive even if the DLQ has its own redrive policy' },
  ],
  aws: true,
  examples: [
    'eventctl dlq redrive orders-read-model --dry-run',
    'eventctl dlq redrive orders-read-model --yes --rate 200',
    'eventctl dlq redrive billing-charge --plan-out replays/redrive-1 --requester carol --reason INC-4821',
    'eventctl dlq redrive --plan replays/redrive-1 --yes',
  ],
  async run(ctx, args, options) {
    const { runRedrive } = await import('../src/ops/redrive/run.js');
    return runRedrive(ctx, args, options);
  },
});
