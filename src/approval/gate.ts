import { parseTargetArn } from '../manifest/consumer-target.js';
import type { ConsumerClass, Manifest } from '../manifest/model.js';
import { parseArn } from '../ops/replay/arn.js';
import type { JournalEntry } from './journal.js';
import { parsePlanBytes, type Plan } from './plan.js';
import { conflictingClaims, consumerAccount, environmentClaims, manifestClaims, ownersOf, queueArn, ROLES_FOR_USE, TARGET_RESOURCE_KINDS, type GateResource, type ResourceClaim, type ResourceScope } from './resources.js';
import type { PolicySource } from './policy-source.js';
import { removedVetoes, type VetoRecord } from './veto-record.js';
import { verifyApprovals, type EnvelopeFile, type Verdict } from './verify.js';

/**
 * THE gate: whether a replay or a DLQ redrive may run, in one pure function that replay and
 * redrive both call. Everything it decides from is something the gated person cannot change:
 *
 *   - `trusted`: the manifest and approval policy read with git from the protected branch
 *     (trust-root.ts), never the working tree;
 *   - `resources`: every resource the run will touch, resolved with AWS to ARNs (never the
 *     plan's words); each must be owned by a consumer of the trusted manifest, and the
 *     strictest class among the owners decides which approvals are needed;
 *   - `journal`: the repository's journal of executed plans (one-time use, rollback floor);
 *   - `now`, read once by the caller.
 *
 * The plan's own `consumer`/`class` fields and the working tree are cross-checks: a mismatch is
 * a refusal, never a reason to allow. To plug in a new target kind (Lambda, Step Functions,
 * Kinesis, SNS target DLQs) or another account, add its claims in resources.ts and resolve its
 * resources at the edge; this function does not change.
 */
export type GateMode = 'run' | 'verify';

export interface GateTrustedSource {
  manifest: Manifest;
  policyBytes: Uint8Array;
  policySource: PolicySource;
  /** False for a labelled preview (`--policy-ref` another commit, `--policy <file>`); refused in run mode. */
  protected: boolean;
  /** For messages: "origin/HEAD (origin/main) at 1a2b3c4d5e6f". */
  label: string;
}

/** What is asked: a signed plan, or a plan-less redrive of one consumer's DLQ (projection only). */
export type GateRequest =
  | { kind: 'plan'; planBytes: Uint8Array; envelopes: readonly EnvelopeFile[] }
  | { kind: 'direct-redrive'; consumer: string };

export interface GateInput {
  trusted: GateTrustedSource;
  request: GateRequest;
  /** Resolved with AWS (run) or taken as named in the plan (offline verify; see `resourcesAsNamed`). */
  resources: readonly GateResource[];
  /** Resources that could not be resolved (missing queue, rule), each one line. */
  unresolved?: readonly string[];
  /**
   * Where this run acts: the configured region and, once resolved, the account. With
   * `environment` (`--env`), each target's own account and region instead, as the trusted
   * manifest's environment of that name maps them (the plan names them per target).
   */
  run: { region: string; account?: string; environment?: string };
  /** Working-tree facts that differ from the protected branch (gate-facts.ts). */
  workingTreeDifferences?: readonly string[];
  /** Plan-directory problems (non-regular files and the like), each one line. */
  planDirectoryProblems?: readonly string[];
  journal: readonly JournalEntry[];
  /** Vetoes and withdrawals recorded when first seen (veto-record.ts): binding even once their files are gone. */
  recordedVetoes?: readonly VetoRecord[];
  now: Date;
  mode: GateMode;
}

export interface GateDecision {
  schemaVersion: 1;
  allowed: boolean;
  reasons: string[];
  warnings: string[];
  /** The consumers the run reaches, with their trusted class (the basis of the decision). */
  reached: Array<{ consumer: string; class: ConsumerClass }>;
  /** Each resource and who owns it. */
  resources: Array<{ use: GateResource['use']; arn: string; owners: string[] }>;
  source: { label: string; protected: boolean };
  /** The approval verdict, for plan requests. */
  verdict?: Verdict;
}

const STRICTNESS: Record<ConsumerClass, number> = { projection: 0, workflow: 1, operational: 2 };

/** The resource scope of the trusted manifest for this run (its account if it declares one). */
export function resourceScope(manifest: Manifest, run: { region: string; account?: string }): ResourceScope | undefined {
  const account = manifest.aws?.account ?? run.account;
  return account ? { account, region: run.region } : undefined;
}

export function decideGate(input: GateInput): GateDecision {
  const reasons: string[] = [];
  const warnings: string[] = [];
  const decision: GateDecision = {
    schemaVersion: 1,
    allowed: false,
    reasons,
    warnings,
    reached: [],
    resources: [],
    source: { label: input.trusted.label, protected: input.trusted.protected },
  };
  const refuse = (reason: string) => void (reasons.includes(reason) ? undefined : reasons.push(reason));

  // 1. One trust root.
  if (!input.trusted.protected) {
    if (input.mode === 'run') refuse(`the approval policy is not from the protected branch (${input.trusted.label}); a run reads it from the protected branch only`);
    else warnings.push(`PREVIEW: the policy was read from ${input.trusted.label}, not the protected branch; \`run\` would use the protected branch`);
  }
  for (const difference of input.workingTreeDifferences ?? []) {
    if (input.mode === 'run') refuse(`the working tree differs from the protected branch: ${difference}`);
    else warnings.push(`the working tree differs from the protected branch: ${difference}`);
  }
  for (const problem of input.planDirectoryProblems ?? []) refuse(problem);
  for (const problem of input.unresolved ?? []) refuse(problem);

  // 2. Ownership, from the trusted manifest only: one scope, or each account of the environment.
  const manifest = input.trusted.manifest;
  const envName = input.run.environment;
  const environment = envName === undefined ? undefined : manifest.environments?.[envName];
  if (envName !== undefined && !environment) refuse(`environment '${envName}' is not declared on the protected branch`);
  // Consumers placed in accounts are owned only there: one scope for all of them would claim them anywhere.
  const declared = Object.keys(manifest.environments ?? {});
  if (envName === undefined && declared.length > 0 && (!manifest.aws?.account || manifest.consumers.some((c) => c.account !== undefined))) {
    refuse(`the protected branch places consumers in the accounts of environments (${declared.join(', ')}); pass --env to say which`);
  }
  const scope = envName === undefined ? resourceScope(manifest, input.run) : undefined;
  if (envName === undefined && !scope) {
    refuse('the account the run acts in is unknown (the trusted manifest declares no aws.account and no resource was resolved)');
  }
  const claims = environment ? environmentClaims(manifest, environment) : scope ? manifestClaims(manifest, scope) : [];
  for (const conflict of conflictingClaims(claims)) refuse(`the trusted manifest is ambiguous: ${conflict}`);

  let plan: Plan | undefined;
  if (input.request.kind === 'plan') {
    try {
      plan = parsePlanBytes(input.request.planBytes).plan;
    } catch {
      /* the verifier below reports why */
    }
  }
  if (plan && envName === undefined) {
    if (plan.aws.region !== input.run.region) refuse(`the plan was signed for region ${plan.aws.region}, this run acts in ${input.run.region}`);
    if (manifest.aws?.account && plan.aws.account !== manifest.aws.account) refuse(`the plan was signed for account ${plan.aws.account}, the trusted manifest declares ${manifest.aws.account}`);
  }
  if (input.resources.length === 0 && (input.unresolved ?? []).length === 0) refuse('the run touches no resource the gate could check');
  // Where each plan target acts: the account and region it names, checked against the trusted environment.
  const targetOf = new Map<string, Plan['targets'][number]>();
  for (const target of plan?.targets ?? []) {
    for (const what of [target.ruleArn, target.dlqUrl, target.queueUrl, target.targetArn]) if (what) targetOf.set(what, target);
    const named = target.account !== undefined ? `${target.account}/${target.region}` : undefined;
    if (envName === undefined) {
      if (named && (target.account !== plan!.aws.account || target.region !== plan!.aws.region)) refuse(`target ${target.consumer} names ${named}, the plan was signed for ${plan!.aws.account}/${plan!.aws.region}`);
      continue;
    }
    if (!named) {
      refuse(`target ${target.consumer} names no account and region; a plan for environment '${envName}' names them per target`);
      continue;
    }
    const trusted = manifest.consumers.find((c) => c.name === target.consumer);
    const account = trusted && environment ? consumerAccount(trusted, environment) : undefined;
    if (trusted && environment && target.account !== account) refuse(`target ${target.consumer} names account ${target.account}, the protected branch puts it in ${account ?? 'no account'} of environment '${envName}'`);
    if (environment && !environment.regions.includes(target.region!)) refuse(`target ${target.consumer} names region ${target.region}, not a region of environment '${envName}' (${environment.regions.join(', ')})`);
  }

  const reached = new Map<string, ConsumerClass>();
  const ownersByNamed = new Map<string, ResourceClaim[]>();
  for (const resource of input.resources) {
    if (envName === undefined) {
      if (scope && resource.account !== scope.account) refuse(`${resource.named} is in account ${resource.account}, not ${scope.account}`);
      if (plan && resource.account !== plan.aws.account) refuse(`${resource.named} is in account ${resource.account}, the plan was signed for ${plan.aws.account}`);
      if (resource.region !== input.run.region) refuse(`${resource.named} is in region ${resource.region}, this run acts in ${input.run.region}`);
    } else {
      const target = targetOf.get(resource.named);
      if (target?.account !== undefined && (resource.account !== target.account || resource.region !== target.region)) {
        refuse(`${resource.named} is in ${resource.account}/${resource.region}, target ${target.consumer} names ${target.account}/${target.region}`);
      }
    }
    const owners = ownersOf(resource, claims).filter((c) => ROLES_FOR_USE[resource.use].includes(c.role));
    decision.resources.push({ use: resource.use, arn: resource.arn, owners: owners.map((o) => `${o.consumer} (${o.class}, ${o.role})`) });
    ownersByNamed.set(`${resource.use}\u0000${resource.named}`, owners);
    if (owners.length === 0) {
      refuse(`${resource.arn} (${resource.use}) is owned by no consumer of the trusted manifest; nothing is run against unowned resources`);
      continue;
    }
    for (const owner of owners) reached.set(owner.consumer, owner.class);
  }
  // A redrive moves a DLQ back to its own consumer's queue (or, for a target DLQ, its target), nowhere else.
  const sources = input.resources.filter((r) => r.use === 'redrive-source');
  const destinations = input.resources.filter((r) => r.use === 'redrive-destination');
  for (const destination of destinations) {
    const to = new Set((ownersByNamed.get(`${destination.use}\u0000${destination.named}`) ?? []).map((o) => o.consumer));
    for (const source of sources) {
      const from = (ownersByNamed.get(`${source.use}\u0000${source.named}`) ?? []).map((o) => o.consumer);
      if (from.length > 0 && to.size > 0 && !from.some((c) => to.has(c))) {
        refuse(`${source.arn} is the DLQ of ${from.join(', ')}, but ${destination.arn} is not its queue or target; a redrive goes back to the DLQ's own consumer`);
      }
    }
  }
  decision.reached = [...reached].map(([consumer, cls]) => ({ consumer, class: cls })).sort((a, b) => a.consumer.localeCompare(b.consumer));

  // 3. Cross-check the plan's claims against what its resources really are.
  if (plan) {
    for (const target of plan.targets) {
      const named = plan.kind === 'replay' ? [['replay-filter', target.ruleArn]] : [['redrive-source', target.dlqUrl], ['redrive-destination', target.queueUrl], ['redrive-destination', target.targetArn]];
      for (const [use, what] of named) {
        if (!what) continue;
        const owners = ownersByNamed.get(`${use}\u0000${what}`);
        if (owners === undefined) {
          refuse(`${what} (target ${target.consumer}) was not checked by the gate`);
          continue;
        }
        if (owners.length > 0 && !owners.some((o) => o.consumer === target.consumer)) {
          refuse(`the plan says ${what} belongs to ${target.consumer} (${target.class}), but the trusted manifest gives it to ${owners.map((o) => `${o.consumer} (${o.class})`).join(', ')}`);
        }
      }
      const trusted = manifest.consumers.find((c) => c.name === target.consumer);
      if (!trusted) refuse(`target ${target.consumer} is not a consumer on the protected branch`);
      else if (trusted.class !== target.class) refuse(`target ${target.consumer} is listed as ${target.class}, the protected branch says ${trusted.class}`);
    }
  }

  // 4. Approvals: a plan is verified with the classes the resources decided.
  if (input.request.kind === 'plan') {
    const verdict = verifyApprovals({
      planBytes: input.request.planBytes,
      policyBytes: input.trusted.policyBytes,
      policySource: input.trusted.policySource,
      envelopes: input.request.envelopes,
      now: input.now,
      mode: input.mode,
      journal: input.journal,
      reached: decision.reached,
    });
    for (const reason of verdict.reasons) refuse(reason);
    for (const reason of removedVetoes(input.recordedVetoes ?? [], verdict)) refuse(reason);
    warnings.push(...verdict.warnings);
    decision.verdict = verdict;
  } else {
    const named = input.request.consumer;
    if (!manifest.consumers.some((c) => c.name === named)) refuse(`${named} is not a consumer on the protected branch`);
    const strictest = decision.reached.reduce<ConsumerClass | undefined>((s, r) => (s === undefined || STRICTNESS[r.class] > STRICTNESS[s] ? r.class : s), undefined);
    if (strictest && strictest !== 'projection') {
      const who = decision.reached.filter((r) => r.class !== 'projection').map((r) => `${r.consumer} (${r.class})`).join(', ');
      refuse(`the DLQ redrive reaches ${who}: operational and workflow consumers are redriven only under a signed plan`);
    }
  }
  decision.allowed = reasons.length === 0;
  return decision;
}

/**
 * Offline (`replay verify`): the plan's resources as it names them, without AWS. A queue URL's
 * ARN is derived from its path and the plan's region; `replay run` and `dlq redrive --plan`
 * resolve them with AWS instead.
 */
export function resourcesAsNamed(plan: Plan): { resources: GateResource[]; unresolved: string[] } {
  const resources: GateResource[] = [];
  const unresolved: string[] = [];
  for (const target of plan.targets) {
    if (plan.kind === 'replay' && target.ruleArn) {
      const arn = parseArn(target.ruleArn);
      if (!arn) unresolved.push(`${target.ruleArn} is not an ARN`);
      else resources.push({ kind: 'eventbridge-rule', arn: target.ruleArn, account: arn.account, region: arn.region, use: 'replay-filter', named: target.ruleArn });
    }
    for (const [use, url] of [['redrive-source', target.dlqUrl], ['redrive-destination', target.queueUrl]] as const) {
      if (plan.kind !== 'redrive' || !url) continue;
      const match = /\/(\d{12})\/([^/?#]+)$/.exec(url);
      if (!match) {
        unresolved.push(`${url} is not a queue URL with an account and a name`);
        continue;
      }
      const region = target.region ?? plan.aws.region;
      resources.push({ kind: 'sqs-queue', arn: queueArn({ account: match[1]!, region }, match[2]!), account: match[1]!, region, use, named: url });
    }
    if (plan.kind === 'redrive' && target.targetArn) {
      const arn = parseArn(target.targetArn);
      const kind = TARGET_RESOURCE_KINDS[parseTargetArn(target.targetArn).kind as keyof typeof TARGET_RESOURCE_KINDS];
      if (!arn || !kind) unresolved.push(`${target.targetArn} is not the ARN of a Lambda function, state machine, Kinesis stream or SNS topic`);
      else resources.push({ kind, arn: target.targetArn, account: arn.account, region: arn.region, use: 'redrive-destination', named: target.targetArn });
    }
  }
  return { resources, unresolved };
}
