import { describe, expect, it } from 'vitest';
import { draftTarget, jsonPathToPointer } from '../../../src/import/draft-target.js';

const at = (service: string, resource: string, account = '123456789012') => `arn:aws:${service}:eu-west-1:${account}:${resource}`;
const context = { region: 'eu-west-1', account: '123456789012', stateMachineTypes: new Map([['track', 'EXPRESS'], ['ship', undefined]]) };

describe('import: a rule target → the consumer target', () => {
  it('maps every kind to its resource field', () => {
    const kinds = [
      [at('lambda', 'function:mailer'), { kind: 'lambda', function: 'mailer' }],
      [at('states', 'stateMachine:track'), { kind: 'stepfunctions', stateMachine: 'track', type: 'express' }],
      [at('kinesis', 'stream/timeline'), { kind: 'kinesis', stream: 'timeline' }],
      [at('sns', 'customer-events'), { kind: 'sns', topic: 'customer-events' }],
      [at('events', 'api-destination/partner/0af76519-16cd-43dd-8448-eb211c80319c'), { kind: 'api-destination', apiDestination: 'partner' }],
      [at('events', 'event-bus/payments'), { kind: 'eventbus', eventBus: 'payments' }],
    ] as const;
    for (const [arn, target] of kinds) expect(draftTarget({ id: 't', arn }, context).target, arn).toEqual(target);
  });

  it('keeps a plain queue in the queue form and gives target DLQ, retry, input and partition key their fields', () => {
    expect(draftTarget({ id: 't', arn: at('sqs', 'mail') }, context)).toEqual({ kind: 'sqs', queue: 'mail', notes: [] });
    const kinesis = draftTarget(
      {
        id: 't',
        arn: at('kinesis', 'stream/timeline'),
        deadLetterArn: at('sqs', 'timeline-target-dlq'),
        settings: { RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 }, KinesisParameters: { PartitionKeyPath: '$.detail.orderId' }, InputTransformer: { InputPathsMap: { id: '$.id' }, InputTemplate: '{"id": <id>}' } },
      },
      context,
    );
    expect(kinesis.target).toEqual({
      kind: 'kinesis',
      stream: 'timeline',
      partitionKey: '/detail/orderId',
      deadLetter: 'timeline-target-dlq',
      retry: { maxAttempts: 10, maxEventAgeSeconds: 3600 },
      input: { paths: { id: '$.id' }, template: '{"id": <id>}' },
    });
    expect(draftTarget({ id: 't', arn: at('sqs', 'mail'), settings: { RetryPolicy: { MaximumRetryAttempts: 0 } } }, context).target).toEqual({ kind: 'sqs', retry: { maxAttempts: 0 } });
  });

  it('says what the account does not tell or the manifest cannot say', () => {
    expect(draftTarget({ id: 't', arn: at('states', 'stateMachine:ship') }, context).notes.join('\n')).toContain('state machine type of ship could not be read: standard assumed, confirm');
    expect(draftTarget({ id: 't', arn: at('states', 'stateMachine:ship') }, context).target?.type).toBe('standard');
    expect(draftTarget({ id: 't', arn: at('firehose', 'deliverystream/x') }, context)).toEqual({ kind: 'other', notes: [expect.stringContaining('a kind the manifest does not model')] });
    expect(draftTarget({ id: 't', arn: at('events', 'event-bus/central', '210987654321') }, context).notes[0]).toContain('in another account');
    expect(draftTarget({ id: 't', arn: at('lambda', 'function:mailer:live') }, context).notes[0]).toContain('qualified as live');
  });

  it('turns plain JSONPaths into pointers and refuses richer ones', () => {
    expect(jsonPathToPointer('$.detail.orderId')).toBe('/detail/orderId');
    expect(jsonPathToPointer("$['detail']['a/b']")).toBe('/detail/a~1b');
    expect(jsonPathToPointer('$.detail.lines[0]')).toBeUndefined();
    expect(jsonPathToPointer('$')).toBeUndefined();
  });
});
