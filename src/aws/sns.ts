import { CreateTopicCommand, ListTopicsCommand, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { remoteCaller } from './errors.js';

/** SNS topics as rule targets. */
export interface SnsPort {
  /** Topic ARNs by name (paged). */
  listTopics(): Promise<Map<string, string>>;
  /** Idempotent in SNS: returns the existing topic's ARN. */
  createTopic(name: string): Promise<string>;
  publish(topicArn: string, message: string): Promise<void>;
}

export function createSnsPort(client: SNSClient, endpoint?: string): SnsPort {
  const call = remoteCaller('sns', endpoint);
  return {
    listTopics: () =>
      call('ListTopics', 'topics', async () => {
        const topics = new Map<string, string>();
        let token: string | undefined;
        do {
          const out = await client.send(new ListTopicsCommand({ NextToken: token }));
          for (const t of out.Topics ?? []) if (t.TopicArn) topics.set(t.TopicArn.split(':').pop()!, t.TopicArn);
          token = out.NextToken;
        } while (token);
        return topics;
      }),

    createTopic: (name) =>
      call('CreateTopic', `topic ${name}`, async () => (await client.send(new CreateTopicCommand({ Name: name }))).TopicArn ?? ''),

    publish: (topicArn, message) =>
      call('Publish', `topic ${topicArn.split(':').pop()}`, async () => {
        await client.send(new PublishCommand({ TopicArn: topicArn, Message: message }));
      }),
  };
}
