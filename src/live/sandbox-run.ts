import type { CommandContext } from '../context.js';
import { ExitCode } from '../errors.js';
import { applySandbox, assertLoopback, planSandbox, type SandboxStep } from '../ops/sandbox.js';
import { openLiveAws, type LiveAwsOptions } from './aws-context.js';
import { plainTable } from '../report/table.js';
import { requireTextOrJson } from '../report/format-name.js';

/** `eventctl sandbox up`: the manifest's buses, queues, DLQs, rules and archives in a local emulator. */
export async function runSandboxUp(ctx: CommandContext, hooks: LiveAwsOptions = {}): Promise<number> {
  const format = requireTextOrJson(ctx.global.format, 'sandbox up');
  const loaded = await ctx.loadManifest();
  const { openFanOut } = await import('./fanout.js');
  const fan = await openFanOut(ctx, loaded, hooks);
  if (fan) {
    try {
      const { sandboxAcrossAccounts, renderSandboxAcrossAccounts, sandboxFanOutExitCode } = await import('./sandbox-fanout.js');
      const report = await sandboxAcrossAccounts(fan, loaded);
      ctx.emit(renderSandboxAcrossAccounts(ctx, report));
      return sandboxFanOutExitCode(report);
    } finally {
      fan.close();
    }
  }
  const aws = await openLiveAws(ctx, loaded.manifest, hooks);
  try {
    // Before any call: the sandbox must never write to a real account.
    assertLoopback(aws.endpoint);
    const plan = planSandbox(loaded.manifest);
    const steps = await applySandbox(plan, { sqs: await aws.ports.sqs(), eventBridge: await aws.ports.eventBridge(), targets: aws.ports }, (step) => {
      if (format === 'text' && ctx.global.verbose) ctx.info(`${step.action} ${step.kind} ${step.name}`);
    });
    ctx.emit(renderSandbox(ctx, steps, aws.endpoint!, aws.region));
    return ExitCode.ok;
  } finally {
    aws.close();
  }
}

export function renderSandbox(ctx: Pick<CommandContext, 'global'> & { tableWidth?: number }, steps: readonly SandboxStep[], endpoint: string, region: string | undefined): string {
  const counts = { created: 0, updated: 0, unchanged: 0 };
  for (const step of steps) counts[step.action] += 1;
  if (ctx.global.format === 'json') {
    return JSON.stringify({ schemaVersion: 1, endpoint, region: region ?? null, summary: counts, steps }, null, 2);
  }
  const table = plainTable(['KIND', 'NAME', 'ACTION'], steps.map((s) => [s.kind, s.name, s.action]), new Set(), ctx.tableWidth);
  return `${table}\n\nsandbox at ${endpoint}: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged`;
}
