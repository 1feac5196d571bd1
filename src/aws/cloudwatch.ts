import { GetMetricDataCommand, type CloudWatchClient, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { toRemoteError } from './errors.js';

/** GetMetricData accepts at most this many queries per call. */
export const MAX_QUERIES_PER_CALL = 500;

export type MetricStatistic = 'Sum' | 'Average' | 'Minimum' | 'Maximum' | 'SampleCount';

/** One MetricStat query. `id` must start with a lower-case letter: [a-z][a-zA-Z0-9_]*. */
export interface MetricQuery {
  id: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  stat: MetricStatistic;
  periodSeconds: number;
}

export interface MetricSeries {
  /** Oldest first. */
  points: Array<{ timestamp: Date; value: number }>;
  /** PartialData, InternalError, … as reported. */
  status?: string;
}

export interface MetricWindow {
  start: Date;
  end: Date;
}

export interface CloudWatchReader {
  /**
   * Runs every query over the window, batching at most 500 queries per GetMetricData call (one
   * call per batch unless CloudWatch paginates the datapoints). Series for ids with no data are empty.
   */
  getMetricData(queries: readonly MetricQuery[], window: MetricWindow): Promise<Map<string, MetricSeries>>;
}

export type CloudWatchPort = CloudWatchReader;

export function toSdkQuery(query: MetricQuery): MetricDataQuery {
  return {
    Id: query.id,
    ReturnData: true,
    MetricStat: {
      Metric: {
        Namespace: query.namespace,
        MetricName: query.metricName,
        Dimensions: Object.entries(query.dimensions).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: query.periodSeconds,
      Stat: query.stat,
    },
  };
}

export function createCloudWatchPort(client: CloudWatchClient, endpoint?: string): CloudWatchPort {
  return {
    async getMetricData(queries, window) {
      const series = new Map<string, MetricSeries>();
      for (const q of queries) series.set(q.id, { points: [] });
      for (let i = 0; i < queries.length; i += MAX_QUERIES_PER_CALL) {
        const batch = queries.slice(i, i + MAX_QUERIES_PER_CALL);
        let token: string | undefined;
        do {
          let out;
          try {
            out = await client.send(
              new GetMetricDataCommand({
                MetricDataQueries: batch.map(toSdkQuery),
                StartTime: window.start,
                EndTime: window.end,
                ScanBy: 'TimestampAscending',
                NextToken: token,
              }),
            );
          } catch (error) {
            throw toRemoteError(error, {
              service: 'cloudwatch',
              operation: 'GetMetricData',
              resource: `${batch.length} metric queries`,
              endpoint,
            });
          }
          for (const result of out.MetricDataResults ?? []) {
            const entry = series.get(result.Id ?? '');
            if (!entry) continue;
            const timestamps = result.Timestamps ?? [];
            const values = result.Values ?? [];
            timestamps.forEach((t, k) => {
              const value = values[k];
              if (value !== undefined) entry.points.push({ timestamp: new Date(t), value });
            });
            entry.status = result.StatusCode;
          }
          token = out.NextToken;
        } while (token);
      }
      for (const entry of series.values()) entry.points.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
      return series;
    },
  };
}
