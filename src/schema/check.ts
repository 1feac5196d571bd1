import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { ENVELOPE_SUFFIX } from '../approval/approval.js';
import { MAX_ENVELOPE_BYTES } from '../approval/dsse.js';
import { parsePolicy, type LoadedPolicy } from '../approval/policy.js';
import { MAX_ENVELOPES } from '../approval/verify.js';
import { readUserFile } from '../io/read-user-file.js';
import { resolveInsideRoot } from '../manifest/load.js';
import { parseYamlSource } from '../manifest/yaml-source.js';
import { InputError } from '../errors.js';
import type { CompatibilityMode, LoadedManifest, Manifest, SchemaWaiver, Topic } from '../manifest/model.js';
import type { Finding, Report, Severity } from '../report/finding.js';
import { jsonPointerPositions, locateInJson } from '../text/json-locate.js';
import { loadBundle, type SchemaBundle } from './bundle.js';
import { metaValidateBundle, workingTreeReader } from './files.js';
import { BlobReader, History, resolveBase, shallowHint, type FileVersion } from './git.js';
import type { Mode, Policy, SchemaChange } from './model.js';
import { diffSchemas, isTransitive } from './modes.js';
import { getRule, ruleDescriptor } from './rules.js';
import { changeFingerprint, SchemaWaivers, type WaiverMatch } from './waivers.js';
import { verifyWaiverApprovals, type WaiverEnvelopeFile } from './waiver-approval.js';
import { consumerImpact, describeConsumers, ownersOf, type AffectedConsumer, type ConsumerImpact } from './affected-consumers.js';
import { deprecationOf, schemaNodeAt } from './deprecation.js';
import { fieldOfSchemaPath, formatField } from './field-path.js';

export interface CheckInput {
  loaded: LoadedManifest;
  now: Date;
  against?: string;
  mode?: Mode;
  policy?: Policy;
  warn(message: string): void;
}

export interface TopicSummary {
  topic: string;
  mode: Mode;
  policy: Policy;
  compatible: boolean;
  versionsChecked: number;
  majorVersionBumped: boolean;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warn: 2, info: 1 };

/**
 * `schema check`: every topic's schema in the working tree against the base revision (and, for
 * transitive modes, every earlier version in the base's history). Topics are matched by name.
 */
export async function runSchemaCheck(input: CheckInput): Promise<Report> {
  const { loaded, now } = input;
  const root = loaded.root;
  const base = await resolveBase(root, input.against);
  const reader = new BlobReader(root);
  try {
    const manifestPath = toPosix(loaded.relativeFile);
    const baseText = await reader.read(`${base.commit}:${manifestPath}`);
    const baseManifest = baseText === undefined ? undefined : parseBaseManifest(baseText, manifestPath, base.label);
    const baseTopics = new Map((baseManifest?.topics ?? []).map((t) => [t.name, t]));
    const manifestDir = posix.dirname(manifestPath);
    // Team files (`include:`) at the base revision; their schema paths are relative to the team file.
    for (const teamPath of loaded.includedFiles ?? []) {
      const teamText = await reader.read(`${base.commit}:${teamPath}`);
      if (teamText === undefined) continue; // a team file added since the base: its topics are new
      for (const topic of parseBaseManifest(teamText, teamPath, base.label).topics) {
        const schema = topic.schema === undefined ? undefined : posix.relative(manifestDir, posix.join(posix.dirname(teamPath), topic.schema));
        if (!baseTopics.has(topic.name)) baseTopics.set(topic.name, { ...topic, schema });
      }
    }
    const defaults = loaded.manifest.defaults ?? {};
    const modeOf = (topic: Topic): Mode => input.mode ?? topic.compatibility ?? defaults.compatibility ?? 'BACKWARD';
    const policyOf = (topic: Topic): Policy => input.policy ?? topic.policy ?? defaults.policy ?? 'strict';

    const needHistory = baseManifest !== undefined && loaded.manifest.topics.some((t) => baseTopics.has(t.name) && isTransitive(modeOf(t)));
    if (needHistory && base.shallow) {
      throw new InputError('transitive compatibility needs the schema history, but this is a shallow clone', { hint: shallowHint() });
    }
    const history = needHistory ? await History.read(root, base.commit) : undefined;
    const waivers = new SchemaWaivers(loaded.manifest.schemaWaivers, now);
    // Who may sign a waiver comes from the base revision, so a change cannot weaken its own rules.
    const approvals = await readWaiverApprovals(loaded, reader, base, manifestDir, baseManifest?.replay?.approvalPolicy, now);
    const bundles = new Map<string, Promise<SchemaBundle | undefined>>();
    const findings: Finding[] = [];
    const summaries: TopicSummary[] = [];
    const usedRules = new Set<string>();
    const impacts: BreakImpact[] = [];

    const oldBundle = (version: FileVersion, required: boolean): Promise<SchemaBundle | undefined> => {
      const key = version.blob || `${version.commit}:${version.path}`;
      let pending = bundles.get(key);
      if (!pending) {
        pending = loadBundle(version.path, (p) => reader.read(`${version.commit}:${p}`)).catch((error: unknown) => {
          if (required) throw error;
          input.warn(`skipping ${version.path} at ${version.commit.slice(0, 8)}: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        });
        bundles.set(key, pending);
      }
      return pending;
    };

    await Promise.all(
      loaded.manifest.topics.map(async (topic, index) => {
        const where = loaded.locate(`/topics/${index}`);
        const baseTopic = baseTopics.get(topic.name);
        if (!baseTopic) {
          findings.push({ rule: 'topic-added', severity: 'info', message: `New topic ${topic.name}: nothing to compare against`, subject: { kind: 'topic', name: topic.name }, location: where });
          usedRules.add('topic-added');
          return;
        }
        const mode = modeOf(topic);
        const policy = policyOf(topic);
        const major = majorOf(topic.version) !== majorOf(baseTopic.version);
        if (!topic.schema || !baseTopic.schema) {
          if (baseTopic.schema && !topic.schema) {
            addFinding(findings, waivers, approvals, usedRules, impacts, { topic: topic.name, rule: 'topic-schema-removed', path: '', severity: mode === 'NONE' || major ? 'info' : 'error', message: `Topic ${topic.name} no longer declares a schema${impactText(topic.name, consumerImpact(loaded.manifest, topic.name, undefined))}`, affected: consumerImpact(loaded.manifest, topic.name, undefined).affected, location: where });
          }
          return;
        }
        const current = loaded.schemas.get(topic.name);
        if (!current) return; // the manifest loader already reported why it could not load
        const newPath = toPosix(current.relativePath);
        const newBundle = await loadBundle(newPath, workingTreeReader(root), current.text);
        metaValidateBundle(newBundle);
        const newBlob = gitBlobId(current.text);
        const basePath = posix.normalize(posix.join(manifestDir, baseTopic.schema));
        let versions: FileVersion[];
        if (isTransitive(mode) && history) {
          versions = history.versions(basePath);
          if (versions.length === 0) versions = [{ commit: base.commit, path: basePath, blob: '' }];
        } else {
          versions = [{ commit: base.commit, path: basePath, blob: '' }];
        }
        const seenBlobs = new Set<string>();
        const merged = new Map<string, { change: SchemaChange; against: string[]; old: SchemaBundle }>();
        let checked = 0;
        for (let v = 0; v < versions.length; v += 1) {
          const version = versions[v]!;
          if (version.blob) {
            if (seenBlobs.has(version.blob)) continue;
            seenBlobs.add(version.blob);
            if (version.blob === newBlob && newBundle.documents.size === 1) {
              checked += 1;
              continue; // byte-identical: nothing changed
            }
          }
          const old = await oldBundle(version, v === 0);
          if (!old) {
            if (v === 0) throw new InputError(`${basePath} does not exist at ${base.label}`, { hint: 'the topic\'s schema path at the base revision is wrong in the base manifest' });
            continue;
          }
          checked += 1;
          const result = diffSchemas(old, newBundle, { mode: mode === 'NONE' ? 'NONE' : (mode.replace('_TRANSITIVE', '') as CompatibilityMode), policy });
          for (const change of result.changes) {
            const key = `${change.rule}\u0000${change.path}`;
            const entry = merged.get(key);
            if (!entry) merged.set(key, { change, against: change.severity === 'error' ? [version.commit.slice(0, 8)] : [], old });
            else {
              if (SEVERITY_RANK[change.severity] > SEVERITY_RANK[entry.change.severity]) entry.change = change;
              if (change.severity === 'error') entry.against.push(version.commit.slice(0, 8));
            }
          }
        }
        const positions = jsonPointerPositions(current.text);
        let compatible = true;
        for (const { change, against, old } of merged.values()) {
          let severity = change.severity;
          let message = change.message;
          const field = fieldOfSchemaPath(change.path);
          const impact = consumerImpact(loaded.manifest, topic.name, field);
          const sunset = change.rule === 'property-removed' ? deprecationOf(schemaNodeAt(old.root, change.path, (n) => old.deref(n))) : undefined;
          let rule = change.rule;
          if (sunset?.sunsetStart && mode !== 'NONE') {
            // A promised sunset decides, not the content model: before it, removal is an error; after it, readers left are a warning.
            if (now.getTime() < sunset.sunsetStart.getTime()) {
              rule = 'property-removed-before-sunset';
              severity = 'error';
              message = `${change.message} before its sunset ${sunset.sunset}`;
            } else {
              rule = 'property-removed-after-sunset';
              severity = impact.affected.length > 0 ? 'warn' : 'info';
              message = `${change.message} after its sunset ${sunset.sunset}`;
            }
          } else if (severity === 'error') {
            const directions = [change.backward ? 'BACKWARD' : '', change.forward ? 'FORWARD' : ''].filter(Boolean).join(' and ');
            message += ` — breaks ${directions} (${mode}, ${policy}) against ${isTransitive(mode) ? `version ${against.join(', ')}` : base.label}`;
            if (impact.affected.length === 0 && impact.unaffected.length > 0) {
              severity = 'info';
              message = `Not read by any consumer (${impact.unaffected.join(', ')} ${impact.unaffected.length === 1 ? 'declares' : 'declare'} \`reads\` for ${topic.name} that do not touch ${formatField(field)}): ${message}`;
            } else if (major) {
              severity = 'info';
              message = `Allowed by the major version bump: ${message}`;
            }
          }
          if (severity !== 'info' || (major && change.severity === 'error')) message += impactText(topic.name, impact);
          if (severity === 'error') compatible = false;
          addFinding(findings, waivers, approvals, usedRules, impacts, {
            topic: topic.name,
            rule,
            path: change.path,
            severity,
            message,
            affected: impact.affected,
            location: { file: newPath, ...locateInJson(positions, change.path) },
          });
        }
        if (major) {
          findings.push({ rule: 'major-version-bumped', severity: 'info', message: `Topic ${topic.name} declares major version ${String(topic.version)} (was ${String(baseTopic.version ?? 'none')}): breaking changes are allowed`, subject: { kind: 'topic', name: topic.name }, location: where });
          usedRules.add('major-version-bumped');
        }
        summaries.push({ topic: topic.name, mode, policy, compatible, versionsChecked: checked, majorVersionBumped: major });
      }),
    );

    const current = new Set(loaded.manifest.topics.map((t) => t.name));
    for (const [name, topic] of baseTopics) {
      if (current.has(name)) continue;
      const mode = modeOf(topic);
      addFinding(findings, waivers, approvals, usedRules, impacts, {
        topic: name,
        rule: 'topic-removed',
        path: '',
        severity: mode === 'NONE' ? 'info' : 'error',
        message: `Topic ${name} was removed (it exists at ${base.label}); consumers and producers lose their contract${impactText(name, consumerImpact(loaded.manifest, name, undefined))}`,
        affected: consumerImpact(loaded.manifest, name, undefined).affected,
        location: loaded.locate('/topics'),
      });
    }
    for (const match of waivers.all()) {
      const location = loaded.locate(`/schemaWaivers/${match.index}`);
      const subject = { kind: 'waiver' as const, name: match.waiver.fingerprint ?? match.waiver.rule };
      if (match.expired) {
        findings.push({ rule: 'waiver-expired', severity: 'error', message: `Schema waiver ${match.waiver.fingerprint} (${match.waiver.rule}) expired on ${match.waiver.expires}`, hint: getRule('waiver-expired').fix, subject, location });
        usedRules.add('waiver-expired');
      } else if (approvals.refused.has(match.index)) {
        findings.push({ rule: 'waiver-not-approved', severity: 'error', message: `Schema waiver ${match.waiver.fingerprint} (${match.waiver.rule}) is not approved: ${[...approvals.refused.get(match.index)!].join('; ')}`, hint: getRule('waiver-not-approved').fix, subject, location });
        usedRules.add('waiver-not-approved');
      } else if (!waivers.used.has(match.index)) {
        findings.push({ rule: 'waiver-unused', severity: 'warn', message: `Schema waiver ${match.waiver.fingerprint} (${match.waiver.rule}) matches no change`, hint: getRule('waiver-unused').fix, subject, location });
        usedRules.add('waiver-unused');
      }
    }
    summaries.sort((a, b) => a.topic.localeCompare(b.topic));
    return {
      command: 'schema check',
      findings,
      rules: [...usedRules].sort().map((id) => ruleDescriptor(id)),
      extra: { against: base.commit, base: base.label, compatible: !findings.some((f) => f.severity === 'error'), topics: summaries, impacts },
    };
  } finally {
    reader.close();
  }
}

function addFinding(
  findings: Finding[],
  waivers: SchemaWaivers,
  approvals: WaiverApprovals,
  usedRules: Set<string>,
  impacts: BreakImpact[],
  f: { topic: string; rule: string; path: string; severity: Severity; message: string; affected: readonly AffectedConsumer[]; location: Finding['location'] },
): void {
  let { severity, message } = f;
  let hint: string | undefined;
  if (severity === 'error') {
    const fingerprint = changeFingerprint(f.topic, f.rule, f.path);
    const match = waivers.match(fingerprint, f.rule);
    const approval = match && !match.expired ? approvals.judge(match, f.affected) : undefined;
    if (match && approval?.valid) {
      severity = 'info';
      message = `Waived (${match.waiver.reason}, ${approval.by}, until ${match.waiver.expires}): ${message}`;
    } else {
      const owners = ownersOf(f.affected);
      if (match && approval) message += ` (waiver ${fingerprint} does not count: ${approval.reasons.join('; ')})`;
      hint = `${owners.length ? `Talk to ${owners.join(', ')} first. ` : ''}${getRule(f.rule).fix} To accept this break on purpose, add to schemaWaivers: { fingerprint: "${fingerprint}", rule: ${f.rule}, reason: …, expires: YYYY-MM-DD${owners.length ? ', approvals: <dir of envelopes signed by the owners>' : ''} }`;
    }
  }
  usedRules.add(f.rule);
  findings.push({ rule: f.rule, severity, message, hint, subject: { kind: 'topic', name: f.topic }, location: f.location, path: f.path || undefined });
  if (severity !== 'info') {
    impacts.push({ topic: f.topic, rule: f.rule, path: f.path, severity, fingerprint: changeFingerprint(f.topic, f.rule, f.path), consumers: f.affected.map((c) => ({ name: c.name, owner: c.owner ?? null, class: c.class, reads: c.reads ?? null })) });
  }
}

/** For `--format json`: whom each error or warning reaches, as data (the messages say the same in prose). */
interface BreakImpact {
  topic: string;
  rule: string;
  path: string;
  severity: Severity;
  fingerprint: string;
  consumers: Array<{ name: string; owner: string | null; class: string; reads: string[] | null }>;
}

/** The approval policy and signed envelopes that decide whether a matching waiver counts. */
class WaiverApprovals {
  /** Waiver index → why it did not count. */
  readonly refused = new Map<number, Set<string>>();

  constructor(
    private readonly policy: LoadedPolicy | undefined,
    private readonly envelopes: ReadonlyMap<number, WaiverEnvelopeFile[]>,
    private readonly now: Date,
  ) {}

  judge(match: WaiverMatch, affected: readonly AffectedConsumer[]): { valid: boolean; by: string; reasons: string[] } {
    const waiver = match.waiver as SchemaWaiver;
    if (!this.policy) {
      // No approval policy at the base: nothing to verify signatures against, and nothing forbids an unsigned waiver.
      return { valid: true, by: waiver.approver ? `approved by ${waiver.approver}` : 'unsigned: the base revision has no approval policy', reasons: [] };
    }
    const verdict = verifyWaiverApprovals({ waiver, envelopes: this.envelopes.get(match.index) ?? [], policy: this.policy, affected, now: this.now });
    if (verdict.valid) {
      const by = verdict.unsignedAllowed ? 'no signature needed: the approval policy requires none for the consumers it reaches' : `signed by ${verdict.approvers.join(', ')}`;
      return { valid: true, by, reasons: [] };
    }
    let reasons = this.refused.get(match.index);
    if (!reasons) this.refused.set(match.index, (reasons = new Set()));
    for (const r of [...verdict.reasons, ...verdict.ignored.map((i) => `ignored ${i}`)]) reasons.add(r);
    return { valid: false, by: '', reasons: verdict.reasons };
  }
}

async function readWaiverApprovals(loaded: LoadedManifest, reader: BlobReader, base: { commit: string; label: string }, manifestDir: string, policyPath: string | undefined, now: Date): Promise<WaiverApprovals> {
  let policy: LoadedPolicy | undefined;
  // Only waivers need the policy: a broken policy on the base must not stop every schema check.
  if (policyPath !== undefined && (loaded.manifest.schemaWaivers ?? []).length > 0) {
    const path = posix.normalize(posix.join(manifestDir, policyPath));
    const text = await reader.read(`${base.commit}:${path}`);
    if (text === undefined) throw new InputError(`the approval policy ${path} named by the manifest at ${base.label} does not exist there`, { hint: 'fix replay.approvalPolicy on the base branch first' });
    policy = parsePolicy(Buffer.from(text, 'utf8'), `${path}@${base.label}`);
  }
  const envelopes = new Map<number, WaiverEnvelopeFile[]>();
  const list = (loaded.manifest.schemaWaivers ?? []) as SchemaWaiver[];
  for (const [index, waiver] of list.entries()) {
    if (waiver.approvals === undefined) continue;
    const location = loaded.locate(`/schemaWaivers/${index}/approvals`);
    const dir = resolveInsideRoot(waiver.approvals, loaded.dir, loaded.root, location, 'waiver approvals directory');
    let names: string[];
    try {
      names = (await readdir(dir)).filter((n) => n.endsWith(ENVELOPE_SUFFIX)).sort().slice(0, MAX_ENVELOPES);
    } catch {
      throw new InputError(`waiver approvals directory ${waiver.approvals} cannot be read`, { location, hint: 'create it with `eventctl schema waiver approve`, or remove `approvals`' });
    }
    const files: WaiverEnvelopeFile[] = [];
    for (const name of names) {
      files.push({ name, bytes: await readUserFile(join(dir, name), { maxBytes: MAX_ENVELOPE_BYTES, what: 'waiver approval', noFollow: true }) });
    }
    envelopes.set(index, files);
  }
  return new WaiverApprovals(policy, envelopes, now);
}

/** ` — read by billing (owner team-billing, reads /detail/amount)`, or who might read it when nobody is declared. */
function impactText(topic: string, impact: ConsumerImpact): string {
  if (impact.affected.length > 0) return ` — affects ${describeConsumers(impact.affected)}`;
  if (impact.unaffected.length === 0) return ` — no consumer in the manifest subscribes to ${topic} (undeclared consumers may still break)`;
  return '';
}

function parseBaseManifest(text: string, path: string, label: string): Pick<Manifest, 'topics' | 'replay'> {
  let value: unknown;
  try {
    value = parseYamlSource(text, { displayPath: `${path}@${label}` }).value;
  } catch (error) {
    throw new InputError(`${path} at ${label} is not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const topics = (value as { topics?: unknown } | null)?.topics;
  const approvalPolicy = (value as { replay?: { approvalPolicy?: unknown } } | null)?.replay?.approvalPolicy;
  const replay = typeof approvalPolicy === 'string' ? { replay: { approvalPolicy } } : {};
  if (!Array.isArray(topics)) return { topics: [], ...replay };
  return { topics: topics.filter((t): t is Topic => typeof t === 'object' && t !== null && typeof (t as Topic).name === 'string'), ...replay };
}

function majorOf(version: number | string | undefined): number | undefined {
  if (version === undefined) return undefined;
  if (typeof version === 'number') return Math.floor(version);
  const m = /^v?(\d+)/.exec(version);
  return m ? Number(m[1]) : undefined;
}

function gitBlobId(text: string): string {
  const body = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${body.length}\u0000`).update(body).digest('hex');
}

function toPosix(path: string): string {
  return path.split('\\').join('/');
}
