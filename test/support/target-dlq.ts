import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import type { testClients } from './aws-test-clients.js';
import { queueUrl } from './live-scenario.js';

type Clients = ReturnType<typeof testClients>;

export interface DeadLetteredEvent {
  id: string;
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
}

export function platformEvent(source: string, detailType: string, detail: Record<string, unknown>): DeadLetteredEvent {
  return { id: randomUUID(), source, detailType, detail };
}

/**
 * Parks events in a target DLQ the way EventBridge does once a target's retries are exhausted:
 * the original event as the body, ERROR_CODE / ERROR_MESSAGE / RULE_ARN / TARGET_ARN as string
 * attributes. moto cannot deliver to Lambda or Step Functions targets, so tests dead-letter directly.
 */
export async function deadLetterLikeEventBridge(
  aws: Clients,
  dlq: string,
  events: readonly DeadLetteredEvent[],
  failure: { code: string; message: string; ruleArn: string; targetArn: string },
): Promise<void> {
  const url = await queueUrl(aws, dlq);
  const attr = (value: string) => ({ DataType: 'String', StringValue: value });
  for (let i = 0; i < events.length; i += 10) {
    const out = await aws.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: events.slice(i, i + 10).map((e, k) => ({
          Id: String(k),
          MessageBody: JSON.stringify({
            version: '0',
            id: e.id,
            'detail-type': e.detailType,
            source: e.source,
            account: '123456789012',
            time: '2026-11-29T08:00:00Z',
            region: 'us-east-1',
            resources: [],
            detail: e.detail,
          }),
          MessageAttributes: {
            ERROR_CODE: attr(failure.code),
            ERROR_MESSAGE: attr(failure.message),
            RULE_ARN: attr(failure.ruleArn),
            TARGET_ARN: attr(failure.targetArn),
          },
        })),
      }),
    );
    if (out.Failed?.length) throw new Error(`dead-lettering failed: ${JSON.stringify(out.Failed)}`);
  }
}
