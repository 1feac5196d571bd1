import { CreateStreamCommand, ListStreamsCommand, PutRecordCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { remoteCaller } from './errors.js';

/** Kinesis streams as rule targets. */
export interface KinesisPort {
  /** Stream ARNs by name (paged). */
  listStreams(): Promise<Map<string, string>>;
  /** Sandbox only: one on-demand-sized shard is plenty for an emulator. */
  createStream(name: string): Promise<void>;
  putRecord(stream: string, partitionKey: string, data: string): Promise<void>;
}

export function createKinesisPort(client: KinesisClient, endpoint?: string): KinesisPort {
  const call = remoteCaller('kinesis', endpoint);
  return {
    listStreams: () =>
      call('ListStreams', 'streams', async () => {
        const streams = new Map<string, string>();
        let token: string | undefined;
        do {
          const out = await client.send(new ListStreamsCommand({ NextToken: token }));
          for (const s of out.StreamSummaries ?? []) if (s.StreamName && s.StreamARN) streams.set(s.StreamName, s.StreamARN);
          token = out.HasMoreStreams ? out.NextToken : undefined;
        } while (token);
        return streams;
      }),

    createStream: (name) =>
      call('CreateStream', `stream ${name}`, async () => {
        await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
      }),

    putRecord: (stream, partitionKey, data) =>
      call('PutRecord', `stream ${stream}`, async () => {
        await client.send(new PutRecordCommand({ StreamName: stream, PartitionKey: partitionKey, Data: Buffer.from(data) }));
      }),
  };
}
