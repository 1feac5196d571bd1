import { InputError, type SourceLocation } from '../errors.js';
import { CONSUMER_CLASSES, type ConsumerClass } from '../manifest/model.js';
import { parseYamlSource } from '../manifest/yaml-source.js';
import { sha256Hex } from './digest.js';
import { instantMs } from './instant.js';
import { parseSshPublicKeyLine, type Ed25519PublicKey } from './keys.js';
import { ShapeReader, type ShapeProblem } from './shape.js';

/**
 * The approval policy: who may approve (principals → keys, groups), what each consumer class
 * needs, and the limits a plan must stay within. Parsed strictly (duplicate keys, aliases,
 * anchors, tags, unknown fields are errors) because a lenient parser is a way around the gate.
 */
export const POLICY_KIND = 'ApprovalPolicy';
export const MAX_POLICY_BYTES = 256 * 1024;
export const DEFAULT_SSH_NAMESPACE = 'replay-approval@eventctl.dev';
export const DEFAULT_MAX_SKEW_SECONDS = 120;
/** AWS recommends waiting 10 minutes before replaying (archive delivery delay); a hard floor. */
export const MIN_WINDOW_AGE_FLOOR_MINUTES = 10;
/** Floors no policy can lower: four eyes for operational consumers, two for workflows. */
export const MIN_APPROVERS_FLOOR: Readonly<Record<ConsumerClass, number>> = { operational: 2, workflow: 1, projection: 0 };

export type KeyScheme = 'ed25519' | 'sshsig';
export const KEY_SCHEMES: readonly KeyScheme[] = ['ed25519', 'sshsig'];

export interface PolicyKeySpec {
  id: string;
  scheme: KeyScheme;
  publicKey: string;
  notAfter?: string;
}

export interface GroupRequirement {
  anyOf: string[];
  count: number;
}

export interface ClassApprovals {
  required: boolean;
  /** Distinct principals, after excluding the requester. */
  minDistinctApprovers?: number;
  /** Each must hold: at least `count` approvers from any of `anyOf`. */
  requiredGroups?: GroupRequirement[];
  /** When set, only members of these groups count (and can veto). */
  eligibleGroups?: string[];
  requesterMustSign?: boolean;
  vetoOnReject?: boolean;
  maxApprovalTtlMinutes?: number;
}

export interface ClassLimits {
  maxWindowMinutes: number;
  maxEvents: number;
  minWindowAgeMinutes: number;
}

export interface ClassPolicy {
  approvals: ClassApprovals;
  limits: ClassLimits;
}

export interface ApprovalPolicy {
  apiVersion: 'eventctl/v1';
  kind: typeof POLICY_KIND;
  /** Strictly increasing on every change; a lower version than one already used is refused. */
  version: number;
  expires: string;
  signing?: { sshNamespace?: string; maxClockSkewSeconds?: number };
  plans?: { maxTtlMinutes?: number };
  principals: Record<string, { groups?: string[]; keys: PolicyKeySpec[] }>;
  classes: Record<ConsumerClass, ClassPolicy>;
  /** Pins consumers to a class; a plan may not claim a weaker one. */
  consumers?: Record<string, ConsumerClass>;
}

export interface PolicyKey {
  principal: string;
  id: string;
  scheme: KeyScheme;
  publicKey: Ed25519PublicKey;
  notAfter?: string;
}

/** A parsed, validated policy with its exact bytes and digest. */
export interface LoadedPolicy {
  policy: ApprovalPolicy;
  bytes: Buffer;
  sha256: string;
  keys: readonly PolicyKey[];
  sshNamespace: string;
  maxSkewSeconds: number;
  maxPlanTtlMinutes: number;
  groupsOf(principal: string): readonly string[];
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const NAMESPACE = /^[A-Za-z0-9._+-]+@[A-Za-z0-9.-]+$/;

/** Parses YAML strictly into plain data: no anchors, aliases or tags; every problem has file:line:column. */
function parseStrictYaml(text: string, file: string): { data: unknown; locate: (pointer: string) => SourceLocation } {
  const source = parseYamlSource(text, { displayPath: file, forbidAliases: true, forbidTags: true, what: 'an approval policy' });
  return { data: source.value, locate: (pointer) => source.locate(pointer) };
}

/** Validates the policy's shape and semantics; collects every problem. */
function checkPolicyShape(value: unknown): { problems: ShapeProblem[]; keys: PolicyKey[] } {
  const r = new ShapeReader();
  const keys: PolicyKey[] = [];
  const o = r.object(value, '', ['apiVersion', 'kind', 'version', 'expires', 'signing', 'plans', 'principals', 'classes', 'consumers'],
    ['apiVersion', 'kind', 'version', 'expires', 'principals', 'classes']);
  if (!o) return { problems: r.problems, keys };
  if (o.apiVersion !== 'eventctl/v1') r.fail('/apiVersion', 'must be eventctl/v1');
  if (o.kind !== POLICY_KIND) r.fail('/kind', `must be ${POLICY_KIND}`);
  r.integer(o.version, '/version', 1);
  r.instant(o.expires, '/expires');
  if (o.signing !== undefined) {
    const s = r.object(o.signing, '/signing', ['sshNamespace', 'maxClockSkewSeconds']);
    if (s) {
      r.optionalString(s.sshNamespace, '/signing/sshNamespace', { pattern: NAMESPACE, patternName: 'a NAME@DOMAIN namespace' });
      if (s.maxClockSkewSeconds !== undefined) r.integer(s.maxClockSkewSeconds, '/signing/maxClockSkewSeconds', 0, 600);
    }
  }
  if (o.plans !== undefined) {
    const p = r.object(o.plans, '/plans', ['maxTtlMinutes']);
    if (p && p.maxTtlMinutes !== undefined) r.integer(p.maxTtlMinutes, '/plans/maxTtlMinutes', 1, 7 * 24 * 60);
  }

  const groups = new Set<string>();
  const principals = r.object(o.principals, '/principals', Object.keys((o.principals ?? {}) as object)) ?? {};
  const owners = new Map<string, string>();
  for (const [name, spec] of Object.entries(principals)) {
    const at = `/principals/${name}`;
    if (!NAME.test(name)) r.fail(at, 'principal names are letters, digits, dot, dash, underscore');
    const p = r.object(spec, at, ['groups', 'keys'], ['keys']);
    if (!p) continue;
    if (p.groups !== undefined) {
      (r.array(p.groups, `${at}/groups`, { max: 50 }) ?? []).forEach((g, i) => {
        const group = r.string(g, `${at}/groups/${i}`, { pattern: NAME, patternName: 'a group name' });
        if (group) groups.add(group);
      });
    }
    (r.array(p.keys, `${at}/keys`, { min: 1, max: 20 }) ?? []).forEach((k, i) => {
      const kat = `${at}/keys/${i}`;
      const key = r.object(k, kat, ['id', 'scheme', 'publicKey', 'notAfter'], ['id', 'scheme', 'publicKey']);
      if (!key) return;
      const id = r.string(key.id, `${kat}/id`, { pattern: /^SHA256:[A-Za-z0-9+/]{43}$/, patternName: 'an OpenSSH SHA256: fingerprint' });
      const scheme = r.oneOf(key.scheme, `${kat}/scheme`, KEY_SCHEMES);
      const line = r.string(key.publicKey, `${kat}/publicKey`);
      const notAfter = key.notAfter === undefined ? undefined : r.instant(key.notAfter, `${kat}/notAfter`);
      if (!line) return;
      let publicKey: Ed25519PublicKey;
      try {
        publicKey = parseSshPublicKeyLine(line);
      } catch (error) {
        r.fail(`${kat}/publicKey`, (error as Error).message);
        return;
      }
      // TUF: the key id is recomputed from the key, never trusted as written.
      if (id && id !== publicKey.fingerprint) {
        r.fail(`${kat}/id`, `does not match the key (the key's fingerprint is ${publicKey.fingerprint})`);
        return;
      }
      const owner = owners.get(publicKey.fingerprint);
      if (owner !== undefined) {
        r.fail(`${kat}/publicKey`, `key ${publicKey.fingerprint} already belongs to ${owner === name ? 'this principal' : `principal '${owner}'`}; a key belongs to exactly one principal, once`);
        return;
      }
      owners.set(publicKey.fingerprint, name);
      if (scheme) keys.push({ principal: name, id: publicKey.fingerprint, scheme, publicKey, ...(notAfter ? { notAfter } : {}) });
    });
  }

  const classes = r.object(o.classes, '/classes', CONSUMER_CLASSES, CONSUMER_CLASSES);
  for (const cls of CONSUMER_CLASSES) {
    const at = `/classes/${cls}`;
    const c = classes?.[cls] === undefined ? undefined : r.object(classes[cls], at, ['approvals', 'limits'], ['approvals', 'limits']);
    if (!c) continue;
    const a = r.object(c.approvals, `${at}/approvals`, ['required', 'minDistinctApprovers', 'requiredGroups', 'eligibleGroups', 'requesterMustSign', 'vetoOnReject', 'maxApprovalTtlMinutes'], ['required']);
    if (a) {
      const required = r.boolean(a.required, `${at}/approvals/required`);
      const floor = MIN_APPROVERS_FLOOR[cls];
      if (required === false && floor > 0) r.fail(`${at}/approvals/required`, `${cls} consumers always need approvals`);
      if (required) {
        r.integer(a.minDistinctApprovers, `${at}/approvals/minDistinctApprovers`, Math.max(1, floor), 20);
        r.integer(a.maxApprovalTtlMinutes, `${at}/approvals/maxApprovalTtlMinutes`, 1, 7 * 24 * 60);
        if (a.requesterMustSign !== undefined) r.boolean(a.requesterMustSign, `${at}/approvals/requesterMustSign`);
        if (a.vetoOnReject !== undefined) r.boolean(a.vetoOnReject, `${at}/approvals/vetoOnReject`);
        const checkGroup = (g: unknown, gat: string): void => {
          const group = r.string(g, gat, { pattern: NAME, patternName: 'a group name' });
          if (group && !groups.has(group)) r.fail(gat, `no principal is in group '${group}'`);
        };
        if (a.eligibleGroups !== undefined) (r.array(a.eligibleGroups, `${at}/approvals/eligibleGroups`, { min: 1 }) ?? []).forEach((g, i) => checkGroup(g, `${at}/approvals/eligibleGroups/${i}`));
        if (a.requiredGroups !== undefined) {
          (r.array(a.requiredGroups, `${at}/approvals/requiredGroups`) ?? []).forEach((req, i) => {
            const rat = `${at}/approvals/requiredGroups/${i}`;
            const q = r.object(req, rat, ['anyOf', 'count'], ['anyOf', 'count']);
            if (!q) return;
            (r.array(q.anyOf, `${rat}/anyOf`, { min: 1 }) ?? []).forEach((g, j) => checkGroup(g, `${rat}/anyOf/${j}`));
            r.integer(q.count, `${rat}/count`, 1, 20);
          });
        }
      } else {
        for (const field of ['minDistinctApprovers', 'requiredGroups', 'eligibleGroups', 'requesterMustSign', 'vetoOnReject', 'maxApprovalTtlMinutes']) {
          if (a[field] !== undefined) r.fail(`${at}/approvals/${field}`, 'has no effect when approvals are not required');
        }
      }
    }
    const l = r.object(c.limits, `${at}/limits`, ['maxWindowMinutes', 'maxEvents', 'minWindowAgeMinutes'], ['maxWindowMinutes', 'maxEvents', 'minWindowAgeMinutes']);
    if (l) {
      r.integer(l.maxWindowMinutes, `${at}/limits/maxWindowMinutes`, 1);
      r.integer(l.maxEvents, `${at}/limits/maxEvents`, 1);
      r.integer(l.minWindowAgeMinutes, `${at}/limits/minWindowAgeMinutes`, MIN_WINDOW_AGE_FLOOR_MINUTES);
    }
  }
  if (o.consumers !== undefined) {
    const consumers = r.object(o.consumers, '/consumers', Object.keys((o.consumers ?? {}) as object));
    for (const [name, cls] of Object.entries(consumers ?? {})) {
      if (!NAME.test(name)) r.fail(`/consumers/${name}`, 'is not a consumer name');
      r.oneOf(cls, `/consumers/${name}`, CONSUMER_CLASSES);
    }
  }
  return { problems: r.problems, keys };
}

/**
 * Parses and validates policy bytes (pure). Throws InputError carrying every problem with its
 * file:line:column. The digest is over the exact bytes, as read from git.
 */
export function parsePolicy(bytes: Uint8Array, file = 'approval policy'): LoadedPolicy {
  if (bytes.byteLength > MAX_POLICY_BYTES) throw new InputError(`${file} is larger than ${MAX_POLICY_BYTES} bytes`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`${file} is not valid UTF-8`);
  }
  const { data, locate } = parseStrictYaml(text, file);
  const { problems, keys } = checkPolicyShape(data);
  if (problems.length > 0) {
    throw InputError.fromProblems(problems.map((p) => ({ message: `${p.pointer}: ${p.message}`, location: locate(p.pointer) })));
  }
  const policy = data as ApprovalPolicy;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    policy,
    bytes: buffer,
    sha256: sha256Hex(buffer),
    keys,
    sshNamespace: policy.signing?.sshNamespace ?? DEFAULT_SSH_NAMESPACE,
    maxSkewSeconds: policy.signing?.maxClockSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS,
    maxPlanTtlMinutes: policy.plans?.maxTtlMinutes ?? 24 * 60,
    groupsOf: (principal) => policy.principals[principal]?.groups ?? [],
  };
}

/** The principals that count for a class (all, or members of its eligible groups). */
export function eligiblePrincipals(loaded: LoadedPolicy, cls: ConsumerClass): string[] {
  const eligible = loaded.policy.classes[cls].approvals.eligibleGroups;
  return Object.keys(loaded.policy.principals).filter((p) => !eligible || loaded.groupsOf(p).some((g) => eligible.includes(g)));
}

/** Whether `approvers` (distinct principals) satisfy a class's count and group requirements; returns unmet ones. */
export function unmetRequirements(loaded: LoadedPolicy, cls: ConsumerClass, approvers: readonly string[]): string[] {
  const approvals = loaded.policy.classes[cls].approvals;
  if (!approvals.required) return [];
  const unmet: string[] = [];
  const min = approvals.minDistinctApprovers ?? MIN_APPROVERS_FLOOR[cls];
  if (approvers.length < min) {
    unmet.push(`${cls}: needs ${min} distinct approver${min === 1 ? '' : 's'} other than the requester, has ${approvers.length}${approvers.length ? ` (${approvers.join(', ')})` : ''}`);
  }
  for (const requirement of approvals.requiredGroups ?? []) {
    const from = approvers.filter((p) => loaded.groupsOf(p).some((g) => requirement.anyOf.includes(g)));
    if (from.length < requirement.count) {
      unmet.push(`${cls}: needs ${requirement.count} approver${requirement.count === 1 ? '' : 's'} from ${requirement.anyOf.join(' or ')}, has ${from.length}`);
    }
  }
  return unmet;
}

export interface PolicyLintResult {
  errors: string[];
  warnings: string[];
}

/**
 * Checks beyond parsing, for `policy lint` in CI: expiry, requirements that cannot be met once a
 * requester is excluded, and the version must grow when the policy changes against the base.
 */
export function lintPolicy(loaded: LoadedPolicy, options: { now: Date; base?: LoadedPolicy }): PolicyLintResult {
  const errors: string[] = [];
  const warnings: string[] = [];
  const expires = instantMs(loaded.policy.expires);
  const now = options.now.getTime();
  if (expires <= now) errors.push(`the policy expired at ${loaded.policy.expires}`);
  else if (expires - now < 30 * 24 * 3600_000) warnings.push(`the policy expires in less than 30 days (${loaded.policy.expires})`);
  for (const cls of CONSUMER_CLASSES) {
    if (!loaded.policy.classes[cls].approvals.required) continue;
    const eligible = eligiblePrincipals(loaded, cls);
    if (unmetRequirements(loaded, cls, eligible).length > 0) {
      errors.push(`${cls}: the requirements cannot be met even if every eligible principal approves`);
      continue;
    }
    const blocked = Object.keys(loaded.policy.principals).filter((requester) =>
      unmetRequirements(loaded, cls, eligible.filter((p) => p !== requester)).length > 0);
    if (blocked.length > 0) warnings.push(`${cls}: a plan requested by ${blocked.join(', ')} could never be approved (the requester does not count)`);
  }
  for (const key of loaded.keys) {
    if (key.notAfter && instantMs(key.notAfter) <= now) warnings.push(`key ${key.id} of ${key.principal} expired at ${key.notAfter}`);
  }
  if (options.base && options.base.sha256 !== loaded.sha256 && loaded.policy.version <= options.base.policy.version) {
    errors.push(`the policy changed but its version (${loaded.policy.version}) is not greater than the base's (${options.base.policy.version})`);
  }
  return { errors, warnings };
}
