import type { CommandContext } from '../context.js';
import { canonicalJson, applySandbox, assertLoopback, planSandbox, type SandboxStep } from '../ops/sandbox.js';
import { placeLabel } from '../ops/environment.js';
import { eventBusArn, planForwarding, policyAllowsAccount } from '../ops/forwarding.js';
import { fanOutExitCode, type FanOut } from './fanout.js';
import { placeFields, type PlaceStatus } from './lag-fanout.js';
import { plainTable, wrapParagraph } from '../report/table.js';
import type { LoadedManifest } from '../manifest/model.js';
import { RemoteError } from '../errors.js';

export type PlacedStep = (SandboxStep | { kind: 'forward' | 'bus-policy'; name: string; action: SandboxStep['action'] }) & { account: string; accountId: string; region: string };

export interface FanOutSandboxReport {
  schemaVersion: 1;
  environment: string;
  endpoint: string;
  steps: PlacedStep[];
  places: PlaceStatus[];
}

/**
 * `sandbox up --env`: each account's part of the platform in each region, then the hub → spoke
 * forwarding rules and the spoke bus policies that let the hub in. Loopback endpoints only.
 */
export async function sandboxAcrossAccounts(fan: FanOut, loaded: LoadedManifest): Promise<FanOutSandboxReport> {
  assertLoopback(fan.endpoint);
  const steps: PlacedStep[] = [];
  const results = await fan.run(
    async (slice) => applySandbox(planSandbox(slice.projection.manifest), { sqs: await slice.ports.sqs(), eventBridge: await slice.ports.eventBridge(), targets: slice.ports }),
    { skip: (projection) => projection.manifest.buses.length === 0 && projection.manifest.consumers.length === 0 },
  );
  const failed = new Set(results.filter((r) => !r.ok).map((r) => placeLabel(r.place)));
  for (const result of results) if (result.ok) for (const step of result.value) steps.push({ ...placeFields(result.place), ...step });

  const accounts = fan.environment.accounts;
  for (const region of new Set(fan.places.map((p) => p.region))) {
    for (const rule of planForwarding(loaded.manifest)) {
      if (failed.has(placeLabel({ alias: rule.hubAccount, region })) || failed.has(placeLabel({ alias: rule.spokeAccount, region }))) continue;
      const spoke = fan.slice(rule.spokeAccount, region);
      const hub = fan.slice(rule.hubAccount, region);
      try {
        const spokeEvents = await spoke.ports.eventBridge();
        const bus = await spokeEvents.describeEventBus(rule.spokeBus);
        const allowed = policyAllowsAccount(bus?.policy ?? null, accounts[rule.hubAccount]!);
        if (!allowed) await spokeEvents.allowAccount(rule.spokeBus, accounts[rule.hubAccount]!, `eventctl-forward-from-${rule.hubAccount}`);
        steps.push({ ...placeFields(spoke.place), kind: 'bus-policy', name: `${rule.spokeBus} ← ${rule.hubAccount}`, action: allowed ? 'unchanged' : 'created' });

        const hubEvents = await hub.ports.eventBridge();
        const current = (await hubEvents.listRules(rule.hubBus)).find((r) => r.name === rule.name);
        const same = current?.eventPattern !== undefined && canonicalJson(current.eventPattern) === canonicalJson(rule.pattern);
        if (!same) await hubEvents.putRule({ name: rule.name, busName: rule.hubBus, eventPattern: rule.pattern, description: `eventctl: forward to ${rule.spokeAccount}/${rule.spokeBus}` });
        const arn = eventBusArn(region, accounts[rule.spokeAccount]!, rule.spokeBus);
        const targets = current ? await hubEvents.listTargetsByRule(rule.name, rule.hubBus) : [];
        if (!targets.some((t) => t.arn === arn)) await hubEvents.putTargets(rule.name, rule.hubBus, [{ id: `forward-${rule.spokeAccount}`.slice(0, 64), arn }]);
        steps.push({ ...placeFields(hub.place), kind: 'forward', name: `${rule.hubBus}/${rule.name} → ${rule.spokeAccount}`, action: !current ? 'created' : same && targets.some((t) => t.arn === arn) ? 'unchanged' : 'updated' });
      } catch (error) {
        if (!(error instanceof RemoteError)) throw error;
        results.push({ place: hub.place, ok: false, reason: `forwarding ${rule.name}: ${error.message}` });
      }
    }
  }
  return {
    schemaVersion: 1,
    environment: fan.envName,
    endpoint: fan.endpoint!,
    steps,
    places: results.map((r) => ({ ...placeFields(r.place), ok: r.ok, ...(r.ok ? {} : { reason: r.reason }) })),
  };
}

export function sandboxFanOutExitCode(report: FanOutSandboxReport): number {
  return fanOutExitCode(report.places, false);
}

export function renderSandboxAcrossAccounts(ctx: Pick<CommandContext, 'global'> & { tableWidth?: number }, report: FanOutSandboxReport): string {
  if (ctx.global.format === 'json') return JSON.stringify(report, null, 2);
  const counts = { created: 0, updated: 0, unchanged: 0 };
  for (const step of report.steps) counts[step.action] += 1;
  const table = plainTable(['ACCOUNT/REGION', 'KIND', 'NAME', 'ACTION'], report.steps.map((s) => [placeLabel({ alias: s.account, region: s.region }), s.kind, s.name, s.action]), new Set(), ctx.tableWidth);
  const errors = report.places.filter((p) => !p.ok).map((p) => `ERR ${placeLabel({ alias: p.account, region: p.region })} (${p.accountId}): ${p.reason}`);
  const summary = `sandbox at ${report.endpoint} (${report.environment}): ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged`;
  return [table, '', ...[...errors, summary].map((line) => wrapParagraph(line, ctx.tableWidth))].join('\n');
}
