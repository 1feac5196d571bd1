import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { parseYamlSource } from '../manifest/yaml-source.js';
import { InputError } from '../errors.js';
import type { CompatibilityMode, LoadedManifest, Manifest, Topic } from '../manifest/model.js';
import type { Finding, Report, Severity } from '../report/finding.js';
import { jsonPointerPositions, locateInJson } from '../text/json-locate.js';
import { loadBundle, type SchemaBundle } from './bundle.js';
import { metaValidateBundle, workingTreeReader } from './files.js';
import { BlobReader, History, resolveBase, shallowHint, type FileVersion } from './git.js';
import type { Mode, Policy, SchemaChange } from './model.js';
import { diffSchemas, isTransitive } from './modes.js';
import { getRule, ruleDescriptor } from './rules.js';
import { changeFingerprint, SchemaWaivers } from './waivers.js';

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
    const defaults = loaded.manifest.defaults ?? {};
    const modeOf = (topic: Topic): Mode => input.mode ?? topic.compatibility ?? defaults.compatibility ?? 'BACKWARD';
    const policyOf = (topic: Topic): Policy => input.policy ?? topic.policy ?? defaults.policy ?? 'strict';

    const needHistory = baseManifest !== undefined && loaded.manifest.topics.some((t) => baseTopics.has(t.name) && isTransitive(modeOf(t)));
    if (needHistory && base.shallow) {
      throw new InputError('transitive compatibility needs the schema history, but this is a shallow clone', { hint: shallowHint() });
    }
    const history = needHistory ? await History.read(root, base.commit) : undefined;
    const waivers = new SchemaWaivers(loaded.manifest.schemaWaivers, now);
    const bundles = new Map<string, Promise<SchemaBundle | undefined>>();
    const findings: Finding[] = [];
    const summaries: TopicSummary[] = [];
    const usedRules = new Set<string>();

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
            addFinding(findings, waivers, usedRules, { topic: topic.name, rule: 'topic-schema-removed', path: '', severity: mode === 'NONE' || major ? 'info' : 'error', message: `Topic ${topic.name} no longer declares a schema`, location: where });
          }
          return;
        }
        const current = loaded.schemas.get(topic.name);
        if (!current) return; // the manifest loader already reported why it could not load
        const newPath = toPosix(current.relativePath);
        const newBundle = await loadBundle(newPath, workingTreeReader(root), current.text);
        await metaValidateBundle(newBundle);
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
        const merged = new Map<string, { change: SchemaChange; against: string[] }>();
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
            if (!entry) merged.set(key, { change, against: change.severity === 'error' ? [version.commit.slice(0, 8)] : [] });
            else {
              if (SEVERITY_RANK[change.severity] > SEVERITY_RANK[entry.change.severity]) entry.change = change;
              if (change.severity === 'error') entry.against.push(version.commit.slice(0, 8));
            }
          }
        }
        const positions = jsonPointerPositions(current.text);
        let compatible = true;
        for (const { change, against } of merged.values()) {
          let severity = change.severity;
          let message = change.message;
          if (severity === 'error') {
            const directions = [change.backward ? 'BACKWARD' : '', change.forward ? 'FORWARD' : ''].filter(Boolean).join(' and ');
            message += ` — breaks ${directions} (${mode}, ${policy}) against ${isTransitive(mode) ? `version ${against.join(', ')}` : base.label}`;
            if (major) {
              severity = 'info';
              message = `Allowed by the major version bump: ${message}`;
            }
          }
          if (severity === 'error') compatible = false;
          addFinding(findings, waivers, usedRules, {
            topic: topic.name,
            rule: change.rule,
            path: change.path,
            severity,
            message,
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
      addFinding(findings, waivers, usedRules, {
        topic: name,
        rule: 'topic-removed',
        path: '',
        severity: mode === 'NONE' ? 'info' : 'error',
        message: `Topic ${name} was removed (it exists at ${base.label}); consumers and producers lose their contract`,
        location: loaded.locate('/topics'),
      });
    }
    for (const match of waivers.all()) {
      const location = loaded.locate(`/schemaWaivers/${match.index}`);
      const subject = { kind: 'waiver' as const, name: match.waiver.fingerprint ?? match.waiver.rule };
      if (match.expired) {
        findings.push({ rule: 'waiver-expired', severity: 'error', message: `Schema waiver ${match.waiver.fingerprint} (${match.waiver.rule}) expired on ${match.waiver.expires}`, hint: getRule('waiver-expired').fix, subject, location });
        usedRules.add('waiver-expired');
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
      extra: { against: base.commit, base: base.label, compatible: !findings.some((f) => f.severity === 'error'), topics: summaries },
    };
  } finally {
    reader.close();
  }
}

function addFinding(
  findings: Finding[],
  waivers: SchemaWaivers,
  usedRules: Set<string>,
  f: { topic: string; rule: string; path: string; severity: Severity; message: string; location: Finding['location'] },
): void {
  let { severity, message } = f;
  let hint: string | undefined;
  if (severity === 'error') {
    const fingerprint = changeFingerprint(f.topic, f.rule, f.path);
    const match = waivers.match(fingerprint, f.rule);
    if (match && !match.expired) {
      severity = 'info';
      message = `Waived (${match.waiver.reason}${match.waiver.approver ? `, approved by ${match.waiver.approver}` : ''}, until ${match.waiver.expires}): ${message}`;
    } else {
      hint = `${getRule(f.rule).fix} To accept this break on purpose, add to schemaWaivers: { fingerprint: "${fingerprint}", rule: ${f.rule}, reason: …, expires: YYYY-MM-DD, approver: … }`;
    }
  }
  usedRules.add(f.rule);
  findings.push({ rule: f.rule, severity, message, hint, subject: { kind: 'topic', name: f.topic }, location: f.location, path: f.path || undefined });
}

function parseBaseManifest(text: string, path: string, label: string): Pick<Manifest, 'topics'> {
  let value: unknown;
  try {
    value = parseYamlSource(text, { displayPath: `${path}@${label}` }).value;
  } catch (error) {
    throw new InputError(`${path} at ${label} is not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const topics = (value as { topics?: unknown } | null)?.topics;
  if (!Array.isArray(topics)) return { topics: [] };
  return { topics: topics.filter((t): t is Topic => typeof t === 'object' && t !== null && typeof (t as Topic).name === 'string') };
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
