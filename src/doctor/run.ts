import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { assertProfileExists, sharedConfigFiles } from '../io/aws-profiles.js';
import type { CommandContext } from '../context.js';
import { EventctlError, ExitCode } from '../errors.js';
import { readUserFile } from '../io/read-user-file.js';
import { requireTextOrJson } from '../report/format-name.js';
import { renderTable } from '../report/table.js';
import type { LoadedManifest } from '../manifest/model.js';
import { environmentAsked } from '../ops/environment.js';
import { packageVersion } from '../version.js';
import { credentialSource, nodeSatisfies, type DoctorCheck } from './checks.js';

const MINIMUM_NODE = '20.11.0';

export interface DoctorOptions {
  offline?: boolean;
}

/** `eventctl doctor`: one report to paste into a ticket. Offline checks never need credentials. */
export async function runDoctor(ctx: CommandContext, options: DoctorOptions): Promise<number> {
  requireTextOrJson(ctx.global.format, 'doctor');
  const checks: DoctorCheck[] = [];
  checks.push({ name: 'eventctl', status: 'ok', detail: packageVersion() });
  checks.push(
    nodeSatisfies(process.version, MINIMUM_NODE)
      ? { name: 'node', status: 'ok', detail: `${process.version} (needs >=${MINIMUM_NODE})` }
      : { name: 'node', status: 'fail', detail: `${process.version}; eventctl needs >=${MINIMUM_NODE}`, hint: 'install Node 20.11 or later' },
  );
  checks.push(await gitCheck(ctx.cwd));
  const manifest = await manifestChecks(ctx);
  checks.push(...manifest.checks);

  const shared = sharedConfigFiles(ctx.env);
  const profile = ctx.global.profile ?? (ctx.env.AWS_PROFILE || undefined) ?? manifest.awsProfile;
  let credentials = credentialSource(ctx.env, profile, { credentials: existsSync(shared.credentials), config: existsSync(shared.config) });
  if (profile !== undefined && credentials.status === 'ok') {
    try {
      assertProfileExists(profile, ctx.env);
    } catch (error) {
      if (!(error instanceof EventctlError)) throw error;
      credentials = { name: 'credentials', status: 'fail', detail: error.message, hint: error.hint };
    }
  }
  checks.push(credentials);
  const envName = environmentAsked(ctx.global.environment, ctx.env);
  if (envName !== undefined && manifest.loaded && !options.offline && credentials.status === 'ok') {
    // Every account × region of the environment, each through its role.
    checks.push(...(await (await import('../live/doctor-fanout.js')).environmentDoctorChecks(ctx, manifest.loaded)));
  } else {
    checks.push(...(await remoteChecks(ctx, credentials, options, manifest.manifestAws)));
  }

  const failed = checks.some((c) => c.status === 'fail');
  if (ctx.global.format === 'json') {
    ctx.emit(JSON.stringify({ schemaVersion: 1, ok: !failed, checks }, null, 2));
  } else {
    const mark = { ok: ctx.color.green('✔'), warn: ctx.color.yellow('!'), fail: ctx.color.red('✘'), skip: ctx.color.dim('-') };
    const rows = checks.map((c) => [mark[c.status], c.name, c.hint ? [{ text: c.detail }, { text: `→ ${c.hint}`, style: (s: string) => ctx.color.dim(s) }] : c.detail]);
    const table = renderTable([{ header: '' }, { header: 'CHECK' }, { header: 'RESULT', wrap: true, minWidth: 30 }], rows, { width: ctx.tableWidth });
    ctx.emit(`${table}\n\n${failed ? ctx.color.red('some checks failed') : 'no failing check'}`);
  }
  return failed ? ExitCode.findings : ExitCode.ok;
}

async function gitCheck(cwd: string): Promise<DoctorCheck> {
  const { git } = await import('../schema/git.js');
  const version = await git(cwd, ['--version']).catch(() => ({ ok: false, stdout: '' }));
  if (!version.ok) return { name: 'git', status: 'fail', detail: 'git not found on PATH', hint: 'install git: `schema check` and approvals read history through it' };
  const top = await git(cwd, ['rev-parse', '--show-toplevel']).catch(() => ({ ok: false, stdout: '' }));
  if (!top.ok) {
    return { name: 'git', status: 'warn', detail: `${version.stdout.trim()}; not inside a git repository`, hint: '`schema check` and gated replays read the default branch through git' };
  }
  return { name: 'git', status: 'ok', detail: `${version.stdout.trim()}; repository ${top.stdout.trim()}` };
}

interface ManifestResult {
  checks: DoctorCheck[];
  awsProfile?: string;
  manifestAws?: { region?: string; profile?: string };
  loaded?: LoadedManifest;
}

async function manifestChecks(ctx: CommandContext): Promise<ManifestResult> {
  if (!existsSync(ctx.resolvePath(ctx.global.manifest))) {
    return {
      checks: [
        { name: 'manifest', status: 'warn', detail: `none found (${ctx.global.manifest}; looked up to the git top level)`, hint: 'pass -m <file>, set EVENTCTL_MANIFEST, or run eventctl inside the repository that holds eventctl.yaml' },
        { name: 'policy', status: 'skip', detail: 'needs a manifest' },
      ],
    };
  }
  let loaded;
  try {
    loaded = await ctx.loadManifest();
  } catch (error) {
    if (!(error instanceof EventctlError)) throw error;
    const where = error.location ? `${error.location.file}:${error.location.line}:${error.location.column}: ` : '';
    return {
      checks: [
        { name: 'manifest', status: 'fail', detail: `${ctx.global.manifest}: ${where}${error.message}`, hint: error.hint ?? 'run `eventctl validate` for every problem' },
        { name: 'policy', status: 'skip', detail: 'needs a manifest' },
      ],
    };
  }
  const checks: DoctorCheck[] = [
    { name: 'manifest', status: 'ok', detail: `${loaded.relativeFile}: ${loaded.manifest.topics.length} topics, ${loaded.manifest.consumers.length} consumers` },
  ];
  const policyRef = loaded.manifest.replay?.approvalPolicy;
  if (!policyRef) {
    checks.push({ name: 'policy', status: 'warn', detail: 'no replay.approvalPolicy in the manifest', hint: 'gated replays and redrives are refused without one' });
  } else {
    try {
      const bytes = await readUserFile(resolve(loaded.dir, policyRef), { maxBytes: 1_048_576, what: 'approval policy', shownAs: policyRef });
      const { validatePolicyText } = await import('../manifest/policy-check.js');
      const problems = await validatePolicyText(bytes, resolve(loaded.dir, policyRef), loaded.root);
      checks.push(
        problems.length === 0
          ? { name: 'policy', status: 'ok', detail: `${policyRef} (working tree; runs read it from the default branch)` }
          : { name: 'policy', status: 'fail', detail: `${policyRef}: ${problems[0]!.message}`, hint: 'run `eventctl policy lint`' },
      );
    } catch (error) {
      if (!(error instanceof EventctlError)) throw error;
      checks.push({ name: 'policy', status: 'fail', detail: error.message, hint: error.hint });
    }
  }
  return { checks, awsProfile: loaded.manifest.aws?.profile, manifestAws: loaded.manifest.aws, loaded };
}


/** Who the credentials belong to and whether the endpoint answers: one STS call, one attempt. */
async function remoteChecks(
  ctx: CommandContext,
  credentials: DoctorCheck,
  options: DoctorOptions,
  manifestAws: { region?: string; profile?: string } | undefined,
): Promise<DoctorCheck[]> {
  if (options.offline) return [{ name: 'aws', status: 'skip', detail: '--offline: identity and endpoint not checked' }];
  if (credentials.status !== 'ok') return [{ name: 'aws', status: 'skip', detail: 'no credentials: identity and endpoint not checked' }];
  const { openLiveAws } = await import('../live/aws-context.js');
  let aws;
  try {
    aws = await openLiveAws(ctx, { aws: manifestAws }, { maxAttempts: 1 });
  } catch (error) {
    if (!(error instanceof EventctlError)) throw error;
    return [{ name: 'aws', status: 'fail', detail: error.message, hint: error.hint }];
  }
  try {
    const where = await aws.where();
    const place = `region ${where.region ?? 'unset'}, endpoint ${where.endpoint ?? 'AWS default'}`;
    const region: DoctorCheck = where.region
      ? { name: 'region', status: 'ok', detail: where.region }
      : { name: 'region', status: 'fail', detail: 'no region configured', hint: 'pass --region, set AWS_REGION, or set aws.region in the manifest' };
    if (where.account === null) {
      return [region, { name: 'identity', status: 'fail', detail: `${where.accountError ?? 'unknown'} (${place})`, hint: 'check the credentials, --endpoint-url and your network' }];
    }
    return [
      region,
      { name: 'identity', status: 'ok', detail: `account ${where.account}, ${where.arn}` },
      { name: 'endpoint', status: 'ok', detail: `${where.endpoint ?? 'AWS default'} answered` },
    ];
  } finally {
    aws.close();
  }
}
