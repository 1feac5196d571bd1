import type { AwsPorts } from '../aws/index.js';
import type { PushLagTarget } from '../ops/push-lag.js';

/**
 * State machine ARNs by name, which AWS/States metrics are keyed by: one paged ListStateMachines,
 * and only when a measured consumer is a state machine.
 */
export async function stateMachineArnsFor(push: readonly PushLagTarget[], ports: Pick<AwsPorts, 'stepFunctions'>): Promise<Map<string, string>> {
  if (!push.some((t) => t.kind === 'stepfunctions')) return new Map();
  const machines = await (await ports.stepFunctions()).listStateMachines();
  return new Map([...machines].map(([name, machine]) => [name, machine.arn]));
}
