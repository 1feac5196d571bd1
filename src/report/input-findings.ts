import type { CommandContext } from '../context.js';
import type { InputError, Problem } from '../errors.js';
import type { Finding, Report, RuleDescriptor } from './finding.js';
import { loadFormatter } from './formatters/index.js';
import { packageVersion } from '../version.js';

/** Input that cannot be read or does not validate is a finding too, so CI annotates it like any other. */
export const INPUT_RULE: RuleDescriptor = {
  id: 'input/invalid',
  summary: 'The manifest or another input file cannot be read or does not validate',
  rationale: 'Nothing else can be checked until the input is valid; the commonest mistake in a pull request.',
  fix: 'Fix the file at the line and column given; `eventctl validate` explains each problem.',
  defaultSeverity: 'error',
};

export function inputErrorReport(command: string, manifest: string, error: InputError): Report {
  const problems: Problem[] = [{ message: error.message, hint: error.hint, location: error.location }, ...error.problems];
  const findings = problems.map(
    (p): Finding => ({
      rule: INPUT_RULE.id,
      severity: 'error',
      message: p.message,
      ...(p.hint ? { hint: p.hint } : {}),
      subject: { kind: 'manifest', name: p.location?.file ?? manifest },
      ...(p.location ? { location: p.location } : {}),
    }),
  );
  return { command, findings, rules: [INPUT_RULE], extra: { inputError: true } };
}

/** Writes an input error in the chosen machine format (stdout or `-o`); text stays on stderr only. */
export async function emitInputError(ctx: CommandContext, command: string, error: InputError): Promise<void> {
  if (ctx.global.format === 'text') return;
  const formatter = await loadFormatter(ctx.global.format);
  ctx.emit(
    formatter(inputErrorReport(command, ctx.global.manifest, error), {
      chalk: ctx.color,
      failOn: ctx.global.failOn,
      toolVersion: packageVersion(),
      width: ctx.tableWidth,
    }),
  );
}
