import type { OutgoingMessage, ReceivedMessage } from '../../aws/sqs.js';
import type { JournaledAttribute, JournaledMessage } from './journal-state.js';

/**
 * Converting between what SQS hands us, what the journal stores, and what a redrive sends.
 * Pure. Types only from the AWS layer, so nothing here loads the SDK.
 */
type MessageAttributeValue = NonNullable<OutgoingMessage['messageAttributes']>[string];

/** The attribute a redriven message carries so consumers can tell it apart. */
export const REDRIVE_ATTRIBUTE = 'eventctl-redrive-id';
/** SQS allows at most 10 message attributes per message. */
export const MAX_MESSAGE_ATTRIBUTES = 10;

export function toJournaled(message: ReceivedMessage): JournaledMessage {
  const attrs: Record<string, JournaledAttribute> = {};
  for (const [name, value] of Object.entries(message.rawMessageAttributes)) {
    if (!value.DataType) continue;
    attrs[name] = {
      DataType: value.DataType,
      ...(value.StringValue !== undefined ? { StringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined ? { BinaryValue: Buffer.from(value.BinaryValue).toString('base64') } : {}),
    };
  }
  const group = message.attributes.MessageGroupId;
  const dedup = message.attributes.MessageDeduplicationId;
  return {
    id: message.messageId,
    rh: message.receiptHandle,
    body: message.body,
    ...(Object.keys(attrs).length ? { attrs } : {}),
    ...(group ? { g: group } : {}),
    ...(dedup ? { d: dedup } : {}),
  };
}

/** String attributes by name, for filters. */
export function stringAttributes(message: JournaledMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.attrs ?? {})) {
    if (value.StringValue !== undefined) out[name] = value.StringValue;
  }
  return out;
}

/**
 * The message to send: same body, attributes, FIFO group and dedup id, plus the redrive marker
 * `<runId>/<original message id>` (unless the message already has 10 attributes).
 */
export function toOutgoing(message: JournaledMessage, entryId: string, runId: string, fifo: boolean): { outgoing: OutgoingMessage; marked: boolean } {
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(message.attrs ?? {})) {
    if (name === REDRIVE_ATTRIBUTE) continue;
    attributes[name] = {
      DataType: value.DataType,
      ...(value.StringValue !== undefined ? { StringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined ? { BinaryValue: Buffer.from(value.BinaryValue, 'base64') } : {}),
    };
  }
  const marked = Object.keys(attributes).length < MAX_MESSAGE_ATTRIBUTES;
  if (marked) attributes[REDRIVE_ATTRIBUTE] = { DataType: 'String', StringValue: `${runId}/${message.id}` };
  return {
    outgoing: {
      id: entryId,
      body: message.body,
      ...(Object.keys(attributes).length ? { messageAttributes: attributes } : {}),
      ...(fifo && message.g ? { messageGroupId: message.g } : {}),
      // Without an explicit dedup id a queue without content-based dedup would refuse the send.
      ...(fifo ? { messageDeduplicationId: message.d ?? message.id } : {}),
    },
    marked,
  };
}
