import { describe, expect, it } from 'vitest';
import { parseTargetArn, pointerToJsonPath, targetOf } from '../../../src/manifest/consumer-target.js';
import type { Consumer } from '../../../src/manifest/model.js';
import { classifyPushLag, type PushLagObservation } from '../../../src/ops/push-lag-status.js';
import { executionNameFor, partitionKeyFor } from '../../../src/ops/redrive/target-delivery.js';

const base: Consumer = { name: 'c', class: 'operational', subscribes: ['t'], rule: 'c' };
const observe = (o: Partial<PushLagObservation>): PushLagObservation => ({ kind: 'lambda', targetDlqInflow: 0, windowSeconds: 600, ...o });

describe('consumer targets', () => {
  it('the queue form is an sqs target; a declared target names its resource field', () => {
    expect(targetOf({ ...base, queue: 'q' })).toMatchObject({ kind: 'sqs', resource: 'q', field: 'queue' });
    expect(targetOf({ ...base, target: { kind: 'lambda', function: 'f', deadLetter: 'd' } })).toMatchObject({ kind: 'lambda', resource: 'f', deadLetter: 'd', field: 'target/function' });
    expect(targetOf(base)).toBeUndefined();
  });

  it('parses every target ARN into kind and name', () => {
    expect(parseTargetArn('arn:aws:lambda:eu-west-1:1:function:f:live')).toEqual({ kind: 'lambda', name: 'f' });
    expect(parseTargetArn('arn:aws:states:eu-west-1:1:stateMachine:m')).toEqual({ kind: 'stepfunctions', name: 'm' });
    expect(parseTargetArn('arn:aws:kinesis:eu-west-1:1:stream/s')).toEqual({ kind: 'kinesis', name: 's' });
    expect(parseTargetArn('arn:aws:sns:eu-west-1:1:t')).toEqual({ kind: 'sns', name: 't' });
    expect(parseTargetArn('arn:aws:sqs:eu-west-1:1:q')).toEqual({ kind: 'sqs', name: 'q' });
    expect(parseTargetArn('arn:aws:events:eu-west-1:1:api-destination/a/uuid')).toEqual({ kind: 'api-destination', name: 'a' });
    expect(parseTargetArn('arn:aws:events:eu-west-1:1:event-bus/b')).toEqual({ kind: 'eventbus', name: 'b' });
  });

  it('turns pointers into EventBridge JSONPath', () => {
    expect(pointerToJsonPath('/detail/orderId')).toBe('$.detail.orderId');
    expect(pointerToJsonPath('/detail/a~1b')).toBe("$.detail['a/b']");
  });
});

describe('push lag status', () => {
  it('ERR when events are lost or parked, or the age breaches the SLO', () => {
    expect(classifyPushLag(observe({ asyncEventsDropped: 1 })).status).toBe('ERR');
    expect(classifyPushLag(observe({ targetDlqInflow: 2 })).status).toBe('ERR');
    expect(classifyPushLag(observe({ kind: 'stepfunctions', executionsTimedOut: 1 })).status).toBe('ERR');
    const slow = classifyPushLag(observe({ asyncEventAgeSeconds: [10, 500], slo: { maxAgeSeconds: 300 } }));
    expect(slow).toMatchObject({ status: 'ERR', sloBreaches: ['oldest event 500s > maxAgeSeconds 300'] });
  });

  it('STALL when the age rises at every datapoint, WARN on throttling or an age that never falls, else OK', () => {
    expect(classifyPushLag(observe({ kind: 'kinesis', iteratorAgeSeconds: [60, 120, 180] })).status).toBe('STALL');
    expect(classifyPushLag(observe({ throttledRules: 3 })).status).toBe('WARN');
    expect(classifyPushLag(observe({ kind: 'kinesis', iteratorAgeSeconds: [60, 60] })).status).toBe('WARN');
    expect(classifyPushLag(observe({ kind: 'kinesis', iteratorAgeSeconds: [120, 60, 0] })).status).toBe('OK');
    const sns = classifyPushLag(observe({ kind: 'sns', invocations: 4 }));
    expect(sns.status).toBe('OK');
    expect(sns.reasons.join(' ')).toContain('sns targets publish no consumer-side lag metric');
  });
});

describe('target-DLQ redrive delivery', () => {
  it('names executions from the event id, the same for the same event', () => {
    const body = JSON.stringify({ id: '6a7e-11', detail: {} });
    expect(executionNameFor(body)).toBe('ectl-6a7e-11');
    expect(executionNameFor(body)).toBe(executionNameFor(body));
    expect(executionNameFor('not json')).toMatch(/^ectl-[0-9a-f]{40}$/);
    expect(executionNameFor(JSON.stringify({ id: 'x'.repeat(200) }))).toHaveLength(80);
  });

  it('partitions by the declared key, else by the event id', () => {
    const body = JSON.stringify({ id: 'e1', detail: { orderId: 'o-7' } });
    expect(partitionKeyFor(body, '/detail/orderId')).toBe('o-7');
    expect(partitionKeyFor(body, '/detail/missing')).toBe('e1');
    expect(partitionKeyFor(body, undefined)).toBe('e1');
  });
});
