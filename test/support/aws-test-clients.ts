// The SDK's Node-version notice would otherwise fill the test log (eventctl itself silences it in src/live/aws-context.ts).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { CloudWatchClient, PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { AwsJson1_0Protocol } from '@aws-sdk/core/protocols';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** Credentials moto accepts; passed explicitly, never invented by eventctl itself. */
export const TEST_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
export const TEST_REGION = 'us-east-1';

/** Environment for a CLI run against moto. */
export function motoEnv(endpoint: string): NodeJS.ProcessEnv {
  return {
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_REGION: TEST_REGION,
    AWS_ENDPOINT_URL: endpoint,
    // moto answers unimplemented calls with an HTML 500; a retry would repeat side effects.
    AWS_MAX_ATTEMPTS: '1',
  };
}

/**
 * Added to motoEnv for runs that move messages with several workers: eventctl's own retry policy
 * instead of one attempt. moto's threaded SQS answers a 500 when two requests race on a queue
 * (a receive iterating the in-flight set while a delete shrinks it), as AWS may answer one; the
 * SDK retries it, as it would on AWS.
 */
export const PRODUCT_RETRIES: NodeJS.ProcessEnv = { AWS_MAX_ATTEMPTS: '' };

/** Raw SDK clients for test setup and assertions (not eventctl's factory). */
export function testClients(endpoint: string) {
  const config = { endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  return {
    sqs: new SQSClient(config),
    events: new EventBridgeClient(config),
    // moto 5.2.1 fails (500) on gzip-compressed JSON bodies; the SDK compresses PutMetricData above 10 KB.
    cloudWatch: new CloudWatchClient({ ...config, protocol: AwsJson1_0Protocol, disableRequestCompression: true }),
    lambda: new LambdaClient(config),
    sfn: new SFNClient(config),
    // Kinesis defaults to HTTP/2; moto speaks HTTP/1.1.
    kinesis: new KinesisClient({ ...config, requestHandler: new NodeHttpHandler() }),
    sns: new SNSClient(config),
    destroy() {
      for (const client of [this.sqs, this.events, this.cloudWatch, this.lambda, this.sfn, this.kinesis, this.sns]) client.destroy();
    },
  };
}

/** Seeds AWS/SQS metrics (moto publishes none) for a queue. */
export async function putQueueMetrics(
  cloudWatch: CloudWatchClient,
  queue: string,
  points: Array<{ metric: string; value: number; at: Date }>,
): Promise<void> {
  const data: MetricDatum[] = points.map((p) => ({
    MetricName: p.metric,
    Dimensions: [{ Name: 'QueueName', Value: queue }],
    Timestamp: p.at,
    Value: p.value,
  }));
  for (let i = 0; i < data.length; i += 500) {
    await cloudWatch.send(new PutMetricDataCommand({ Namespace: 'AWS/SQS', MetricData: data.slice(i, i + 500) }));
  }
}

/** Seeds any namespace's metrics (moto publishes none for Lambda, Step Functions, Kinesis or EventBridge). */
export async function putMetrics(
  cloudWatch: CloudWatchClient,
  namespace: string,
  dimensions: Record<string, string>,
  points: Array<{ metric: string; value: number; at: Date }>,
): Promise<void> {
  const data: MetricDatum[] = points.map((p) => ({
    MetricName: p.metric,
    Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
    Timestamp: p.at,
    Value: p.value,
  }));
  for (let i = 0; i < data.length; i += 500) {
    await cloudWatch.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: data.slice(i, i + 500) }));
  }
}
