import { bundleFromValue } from '../../../src/schema/bundle.js';
import type { DiffResult, Mode, Policy, SchemaChange } from '../../../src/schema/model.js';
import { diffSchemas } from '../../../src/schema/modes.js';

export async function diff(oldSchema: unknown, newSchema: unknown, options: { mode?: Mode; policy?: Policy } = {}): Promise<DiffResult> {
  const [o, n] = await Promise.all([bundleFromValue(oldSchema, 'old.json'), bundleFromValue(newSchema, 'new.json')]);
  return diffSchemas(o, n, { mode: options.mode ?? 'FULL', policy: options.policy ?? 'strict' });
}

export function find(result: DiffResult, rule: string): SchemaChange | undefined {
  return result.changes.find((c) => c.rule === rule);
}
