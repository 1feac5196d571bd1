import type { SourceLocation } from '../errors.js';
import type { Finding, RuleDescriptor } from '../report/finding.js';
import { ruleMayRun, settingFor, type ConfiguredWaiver, type LintConfig } from './lint-config.js';
import type { LintInput } from './lint-input.js';
import { RULES } from './registry.js';
import type { LintRule } from './rule.js';
import { waiverEnds } from './waiver-expiry.js';

export interface WaivedFinding extends Finding {
  waiver: { reason: string; expires: string; approver?: string };
}

export interface LintResult {
  /** What the run reports: severity from the config, waived findings removed. */
  findings: Finding[];
  /** Findings an active waiver covers, kept for the report (never silently dropped). */
  waived: WaivedFinding[];
  /** Active waivers that covered nothing: stale, or their subject was renamed. */
  unusedWaivers: ConfiguredWaiver[];
  /** The rules that ran. */
  rules: LintRule[];
}

export interface RunLintOptions {
  /**
   * `configured` (lint): severities and `off` from the config. `every-rule` (review): every
   * rule runs at its configured severity, or its default where the config turns it off; only
   * waivers still apply, because readiness is about the platform, not about the CI gate's tuning.
   */
  mode?: 'configured' | 'every-rule';
  rules?: readonly LintRule[];
}

/** Runs the rules over the input. Pure: the clock is `input.now`, positions come from `locate`. */
export function runLint(
  input: LintInput,
  config: LintConfig,
  locate: (pointer: string) => SourceLocation,
  options: RunLintOptions = {},
): LintResult {
  const mode = options.mode ?? 'configured';
  const now = input.now.getTime();
  const activeWaivers = config.waivers.filter((w) => (waiverEnds(w.expires)?.getTime() ?? 0) > now);
  const used = new Set<ConfiguredWaiver>();
  const findings: Finding[] = [];
  const waived: WaivedFinding[] = [];
  const ran: LintRule[] = [];

  for (const rule of options.rules ?? RULES) {
    const id = rule.meta.id;
    if (mode === 'configured' && !ruleMayRun(config, id)) continue;
    ran.push(rule);
    rule.check(input, (raw) => {
      let severity = settingFor(config, id, raw.subject);
      if (severity === 'off') {
        if (mode === 'configured') return;
        severity = rule.meta.defaultSeverity;
      }
      const finding: Finding = {
        rule: id,
        severity,
        message: raw.message,
        subject: raw.subject,
        location: locate(raw.pointer),
      };
      if (raw.hint !== undefined) finding.hint = raw.hint;
      if (raw.path !== undefined) finding.path = raw.path;
      const waiver = activeWaivers.find((w) => w.rule === id && (w.subject === undefined || w.subject === raw.subject.name));
      if (waiver) {
        used.add(waiver);
        const entry: WaivedFinding = { ...finding, waiver: { reason: waiver.reason, expires: waiver.expires } };
        if (waiver.approver !== undefined) entry.waiver.approver = waiver.approver;
        waived.push(entry);
        return;
      }
      findings.push(finding);
    });
  }
  const unusedWaivers = activeWaivers.filter((w) => !used.has(w) && ran.some((r) => r.meta.id === w.rule));
  return { findings, waived, unusedWaivers, rules: ran };
}

export function describeRule(rule: LintRule): RuleDescriptor {
  const { id, summary, rationale, fix, defaultSeverity } = rule.meta;
  return { id, summary, rationale, fix, defaultSeverity };
}
