import { ListQueueTagsCommand, TagQueueCommand, UntagQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { remoteCaller } from './errors.js';
import { queueNameOf } from './sqs.js';

/**
 * Queue tags as the server-side record of spent redrive plans: a tag on the DLQ names each plan
 * whose run started, so a deleted or relocated local journal cannot run a spent plan again.
 * A narrow port of the three tag operations.
 */
export interface SqsTagPort {
  listQueueTags(queueUrl: string): Promise<Record<string, string>>;
  tagQueue(queueUrl: string, tags: Record<string, string>): Promise<void>;
  untagQueue(queueUrl: string, keys: readonly string[]): Promise<void>;
}

export function createSqsTagPort(client: SQSClient, endpoint?: string): SqsTagPort {
  const call = remoteCaller('sqs', endpoint);
  const q = (url: string) => `queue ${queueNameOf(url)}`;
  return {
    listQueueTags: (url) =>
      call('ListQueueTags', q(url), async () => ({ ...((await client.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags ?? {}) })),
    tagQueue: (url, tags) =>
      call('TagQueue', q(url), async () => {
        await client.send(new TagQueueCommand({ QueueUrl: url, Tags: tags }));
      }),
    untagQueue: (url, keys) =>
      call('UntagQueue', q(url), async () => {
        await client.send(new UntagQueueCommand({ QueueUrl: url, TagKeys: [...keys] }));
      }),
  };
}
