import type { LoadedManifest } from '../manifest/model.js';
import { computeDrift, DRIFT_RULES } from '../ops/drift.js';
import { placeLabel } from '../ops/environment.js';
import { FORWARDING_DRIFT_RULES, forwardingDrift, planForwarding } from '../ops/forwarding.js';
import { readLiveSnapshot, type LiveSnapshot } from '../ops/live-snapshot.js';
import type { Finding, RuleDescriptor } from '../report/finding.js';
import type { FanOut } from './fanout.js';
import { placeFields, type PlaceStatus } from './lag-fanout.js';

export const ACCOUNT_UNREADABLE: RuleDescriptor = {
  id: 'drift/account-unreadable',
  summary: 'An account-region of the environment could not be read',
  rationale: 'Its drift is unknown: the role is missing or denied, or the endpoint is unreachable.',
  fix: 'Create the role in the account (or fix roleName/roleArn and the first-hop credentials), then run again.',
  defaultSeverity: 'error',
};

export const FANOUT_DRIFT_RULES: readonly RuleDescriptor[] = [...DRIFT_RULES, ...FORWARDING_DRIFT_RULES, ACCOUNT_UNREADABLE];

export interface FanOutDrift {
  findings: Finding[];
  places: PlaceStatus[];
  environment: string;
}

/**
 * Drift in every account × region: each account's part of the platform against what that
 * account holds, plus the hub → spoke forwarding rules and spoke bus policies. Every finding's
 * message starts with `<account>/<region>:`.
 */
export async function collectDriftAcrossAccounts(fan: FanOut, loaded: LoadedManifest): Promise<FanOutDrift> {
  const forwarding = planForwarding(loaded.manifest);
  const forwardingNames = new Set(forwarding.map((f) => `${f.hubBus}/${f.name}`));
  const results = await fan.run(
    async (slice) => {
      const snapshot = await readLiveSnapshot({ sqs: await slice.ports.sqs(), eventBridge: await slice.ports.eventBridge(), targets: slice.ports }, slice.projection.manifest);
      const locate = (pointer: string) => loaded.locate(slice.projection.toPlatformPointer(pointer));
      // The hub's forwarding rules belong to no consumer of the hub; they are checked below.
      const findings = computeDrift(slice.projection.manifest, snapshot, locate).filter((f) => !(f.rule === 'drift/extra-rule' && forwardingNames.has(f.subject.name)));
      return { findings, snapshot };
    },
    { skip: (projection) => projection.manifest.buses.length === 0 && projection.manifest.consumers.length === 0 },
  );
  const findings: Finding[] = [];
  const snapshots = new Map<string, LiveSnapshot | null>();
  for (const result of results) {
    const label = placeLabel(result.place);
    snapshots.set(label, result.ok ? result.value.snapshot : null);
    if (result.ok) {
      for (const f of result.value.findings) findings.push({ ...f, message: `${label}: ${f.message}` });
    } else {
      findings.push({ rule: ACCOUNT_UNREADABLE.id, severity: 'error', message: `${label} (${result.place.accountId}): ${result.reason}`, subject: { kind: 'manifest', name: label } });
    }
  }
  const busIndex = new Map(loaded.manifest.buses.map((b, i) => [b.name, i]));
  for (const region of new Set(fan.places.map((p) => p.region))) {
    for (const rule of forwarding) {
      const hub = snapshots.get(placeLabel({ alias: rule.hubAccount, region }));
      const spoke = snapshots.get(placeLabel({ alias: rule.spokeAccount, region }));
      const spokeBus = spoke?.buses[rule.spokeBus];
      const hubReadable = hub !== null && hub !== undefined && hub.buses[rule.hubBus] !== null;
      const location = loaded.locate(`/buses/${busIndex.get(rule.spokeBus)}/forwardFrom`);
      const found = forwardingDrift(rule, fan.environment, region, {
        hubRules: hubReadable ? (hub.rules[rule.hubBus] ?? []) : undefined,
        targets: hubReadable ? hub.targets[`${rule.hubBus}/${rule.name}`] : undefined,
        // A missing spoke bus is already drift/missing-bus.
        spokePolicy: spokeBus ? (spokeBus.policy ?? null) : undefined,
      });
      for (const f of found) findings.push({ ...f, message: `${placeLabel({ alias: rule.hubAccount, region })}: ${f.message}`, location });
    }
  }
  return {
    findings,
    environment: fan.envName,
    places: results.map((r) => ({ ...placeFields(r.place), ok: r.ok, ...(r.ok ? {} : { reason: r.reason }) })),
  };
}
