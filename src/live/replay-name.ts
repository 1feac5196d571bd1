import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { executionName, PLAN_FILE, readPlan, type Plan } from '../approval/plan.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';

/** `<name|plan-dir>`: a plan directory (its replay is `ectl-<planId>`) or a replay name as AWS knows it. */
export interface ReplayRef {
  name: string;
  plan?: Plan;
}

const REPLAY_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;

export async function resolveReplayRef(ctx: CommandContext, arg: string): Promise<ReplayRef> {
  const dir = ctx.resolvePath(arg);
  const isPlanDir = await stat(join(dir, PLAN_FILE)).then((s) => s.isFile(), () => false);
  if (isPlanDir) {
    const { plan } = await readPlan(dir);
    if (plan.kind !== 'replay') throw new UsageError(`${arg} holds a ${plan.kind} plan, not a replay`);
    return { name: executionName(plan), plan };
  }
  if (!REPLAY_NAME.test(arg)) throw new UsageError(`'${arg}' is neither a plan directory nor a replay name`, { hint: 'replay names are 1-64 of letters, digits, . - _ (eventctl names them ectl-<planId>)' });
  return { name: arg };
}
