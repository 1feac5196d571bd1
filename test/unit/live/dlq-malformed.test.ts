import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { renderDlqInspect, type DlqInspectReport } from '../../../src/live/dlq-inspect-run.js';
import { groupMalformed, groupUnchecked, type CheckedMessage } from '../../../src/ops/dlq-malformed.js';

/** What `dlq inspect` prints at 80 columns for these checked messages. */
function inspectText(checkedMessages: readonly CheckedMessage[]): string {
  const checked = checkedMessages.map((m) => ({ ...m, errors: [...m.errors], receiveCount: 4, sentTimestamp: null, group: 'com.acme.orders / OrderPlaced' }));
  const report: DlqInspectReport = {
    schemaVersion: 1, consumer: 'orders-read-model', class: 'projection', dlq: 'orders-read-model-dlq', via: 'queue',
    approximateTotal: checked.length, seen: checked.length, fifo: false, released: checked.length,
    groups: [], errorCodes: [], messages: checked,
    malformed: checked.filter((m) => m.valid === false).length, malformedGroups: groupMalformed(checked), uncheckedGroups: groupUnchecked(checked),
  };
  return renderDlqInspect({ global: { format: 'text' } as never, color: new Chalk({ level: 0 }), tableWidth: 80 }, report);
}

/** The `count` lines under a heading of the text (none when the heading is missing). */
function linesAfter(text: string, heading: string, count: number): string[] {
  const at = text.indexOf(heading);
  return at < 0 ? [] : text.slice(at).split('\n').slice(1, 1 + count);
}

const bad = (messageId: string, topic: string | null, ...errors: string[]): CheckedMessage => ({ messageId, topic, valid: false, errors });
const MISSING_ID = "/detail must have required property 'orderId'";
const BAD_AMOUNT = '/detail/total/amount must be integer';

describe('dlq inspect: malformed events grouped by topic and reason', () => {
  const messages: CheckedMessage[] = [
    bad('m1', 'order.placed', MISSING_ID, BAD_AMOUNT),
    bad('m2', 'order.placed', BAD_AMOUNT),
    { messageId: 'ok', topic: 'order.placed', valid: true, errors: [] },
    bad('m3', 'order.placed', MISSING_ID),
    { messageId: 'unchecked', topic: null, valid: null, errors: ["no topic for source 'x' and detail-type 'y'"] },
    bad('m4', null, 'body is not a JSON event'),
    bad('m5', 'order.placed', MISSING_ID),
    bad('m6', 'payment.refunded', MISSING_ID),
  ];

  it('several messages with the same reason are one group with a count; different reasons and topics stay apart', () => {
    expect(groupMalformed(messages)).toEqual([
      { topic: 'order.placed', reason: MISSING_ID, count: 3, messageIds: ['m1', 'm3', 'm5'] },
      { topic: 'order.placed', reason: BAD_AMOUNT, count: 1, messageIds: ['m2'] },
      { topic: 'payment.refunded', reason: MISSING_ID, count: 1, messageIds: ['m6'] },
      { topic: null, reason: 'body is not a JSON event', count: 1, messageIds: ['m4'] },
    ]);
  });

  it('valid and unchecked events are not malformed; nothing malformed is no group', () => {
    expect(groupMalformed(messages.filter((m) => m.valid !== false))).toEqual([]);
    expect(groupMalformed([])).toEqual([]);
  });

  it('the order is stable: the same groups whatever order the messages were read in (largest first, then topic, unknown last, then reason)', () => {
    const expected = groupMalformed(messages).map((g) => [g.topic, g.reason, g.count]);
    // Every rotation and the reverse of the read order: SQS hands messages back in no fixed order.
    const orders = [...messages.map((_, i) => [...messages.slice(i), ...messages.slice(0, i)]), [...messages].reverse()];
    for (const order of orders) expect(groupMalformed(order).map((g) => [g.topic, g.reason, g.count])).toEqual(expected);
  });

  it('array positions in the path do not split a reason; the message without errors still counts', () => {
    const groups = groupMalformed([
      bad('a', 't', '/detail/lines/0/sku must be string'),
      bad('b', 't', '/detail/lines/12/sku must be string'),
      bad('c', 't', '/detail/lines/3 must have required property \'sku\''),
      bad('d', 't'),
    ]);
    expect(groups).toEqual([
      { topic: 't', reason: '/detail/lines/*/sku must be string', count: 2, messageIds: ['a', 'b'] },
      { topic: 't', reason: "/detail/lines/* must have required property 'sku'", count: 1, messageIds: ['c'] },
      { topic: 't', reason: 'invalid', count: 1, messageIds: ['d'] },
    ]);
  });

  it('the text of dlq inspect shows one line per group with its count, within 80 columns', () => {
    const text = inspectText(messages);
    expect(linesAfter(text, '6 malformed event(s), by topic and first error:', 5)).toEqual([
      'COUNT  TOPIC: ERROR',
      "    3  order.placed: /detail must have required property 'orderId'",
      '    1  order.placed: /detail/total/amount must be integer',
      "    1  payment.refunded: /detail must have required property 'orderId'",
      '    1  (unknown topic): body is not a JSON event',
    ]);
    expect(text.split('\n').filter((l) => l.length > 80)).toEqual([]);
  });

  it('events no topic matches are grouped the same way, not listed one a line', () => {
    const noTopic = (messageId: string, source: string) => ({ messageId, topic: null, valid: null, errors: [`no topic for source '${source}' and detail-type 'Ping'`] });
    const unchecked: CheckedMessage[] = [noTopic('u1', 'com.acme.x'), noTopic('u2', 'com.acme.y'), noTopic('u3', 'com.acme.x'), bad('m1', 't', MISSING_ID)];
    const groups = groupUnchecked(unchecked);
    expect(groups).toEqual([
      { topic: null, reason: "no topic for source 'com.acme.x' and detail-type 'Ping'", count: 2, messageIds: ['u1', 'u3'] },
      { topic: null, reason: "no topic for source 'com.acme.y' and detail-type 'Ping'", count: 1, messageIds: ['u2'] },
    ]);
    expect(linesAfter(inspectText(unchecked), '3 event(s) not checked, by topic and reason:', 3)).toEqual([
      'COUNT  TOPIC: REASON',
      "    2  (no topic): no topic for source 'com.acme.x' and detail-type 'Ping'",
      "    1  (no topic): no topic for source 'com.acme.y' and detail-type 'Ping'",
    ]);
  });
});
