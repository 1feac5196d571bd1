import type { CommandContext } from '../../context.js';
import { ExitCode, InputError, UsageError } from '../../errors.js';
import type { Finding, Report, RuleDescriptor } from '../../report/finding.js';
import { lintPolicy, parsePolicy, type LoadedPolicy } from '../policy.js';
import { gitTopLevel, readPolicyFromFile, readPolicyFromGit, repoRelativePath } from '../policy-source.js';
import { optionalManifest } from './policy-input.js';

const RULES: RuleDescriptor[] = [
  { id: 'approval-policy-invalid', summary: 'the approval policy does not parse or validate', rationale: 'a policy eventctl cannot read strictly gates nothing; lenient YAML (duplicate keys, aliases, tags) is a way around review', fix: 'fix the reported field; see policies/approval-policy.example.yaml', defaultSeverity: 'error' },
  { id: 'approval-policy-problem', summary: 'the approval policy is expired, unsatisfiable or did not raise its version', rationale: 'an expired policy refuses every run; requirements nobody can meet block incident response; a version that does not grow defeats the rollback check', fix: 'renew `expires`, adjust requirements or groups, raise `version`', defaultSeverity: 'error' },
  { id: 'approval-policy-warning', summary: 'the approval policy will soon need attention', rationale: 'expiring policies and keys, and requesters who can never get approval, surprise people during an incident', fix: 'renew or widen before it matters', defaultSeverity: 'warn' },
];

/** `eventctl policy lint [file]`: parse strictly, then lint; `--base-ref` checks the version grew. */
export async function policyLint(ctx: CommandContext, fileArg: string | undefined, options: { baseRef?: string }): Promise<number> {
  let file = fileArg ? ctx.resolvePath(fileArg) : undefined;
  if (!file) {
    const manifest = await optionalManifest(ctx, true);
    const path = manifest?.manifest.replay?.approvalPolicy;
    if (!manifest || !path) throw new UsageError('no policy file given and the manifest names none', { hint: 'pass the file, or set replay.approvalPolicy in the manifest' });
    file = ctx.resolvePath(`${manifest.dir}/${path}`);
  }
  const shown = file.startsWith(`${ctx.cwd}/`) ? file.slice(ctx.cwd.length + 1) : file;
  const { bytes } = await readPolicyFromFile(file, shown);
  const subject = { kind: 'policy' as const, name: shown };
  const findings: Finding[] = [];
  let loaded: LoadedPolicy | undefined;
  try {
    loaded = parsePolicy(bytes, shown);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    for (const p of [error, ...error.problems]) {
      findings.push({ rule: 'approval-policy-invalid', severity: 'error', message: p.message, subject, ...(p.location ? { location: p.location } : {}), ...(p.hint ? { hint: p.hint } : {}) });
    }
  }
  if (loaded) {
    let base: LoadedPolicy | undefined;
    if (options.baseRef) {
      const repoDir = await gitTopLevel(ctx.cwd);
      try {
        const baseBytes = await readPolicyFromGit({ repoDir, ref: options.baseRef, path: repoRelativePath(repoDir, file) });
        base = parsePolicy(baseBytes.bytes, `${options.baseRef}:${shown}`);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        ctx.info(`note: no valid policy at ${options.baseRef} to compare versions with (${error.message})`);
      }
    }
    const result = lintPolicy(loaded, { now: ctx.now(), ...(base ? { base } : {}) });
    for (const message of result.errors) findings.push({ rule: 'approval-policy-problem', severity: 'error', message, subject, location: { file: shown, line: 1, column: 1 } });
    for (const message of result.warnings) findings.push({ rule: 'approval-policy-warning', severity: 'warn', message, subject, location: { file: shown, line: 1, column: 1 } });
  }
  const report: Report = {
    command: 'policy lint',
    findings,
    rules: RULES,
    extra: loaded ? { policy: { file: shown, version: loaded.policy.version, expires: loaded.policy.expires, sha256: loaded.sha256, principals: Object.keys(loaded.policy.principals).length, keys: loaded.keys.length } } : { policy: { file: shown } },
  };
  const { renderReport } = await import('../../report/render.js');
  const code = await renderReport(ctx, report);
  return findings.some((f) => f.severity === 'error') ? ExitCode.findings : code;
}
