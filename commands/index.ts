import type { CommandSpec } from '../src/define-command.js';
// One import and one entry per subcommand, sorted by name. Command files are thin:
// heavy modules load inside run() with await import().
import dlqInspect from './dlq-inspect.js';
import dlqList from './dlq-list.js';
import dlqRedrive from './dlq-redrive.js';
import drift from './drift.js';
import guardrails from './guardrails.js';
import keyGenerate from './key-generate.js';
import lag from './lag.js';
import lint from './lint.js';
import policyLint from './policy-lint.js';
import replayApprove from './replay-approve.js';
import replayCancel from './replay-cancel.js';
import replayPlan from './replay-plan.js';
import replayRun from './replay-run.js';
import replayStatus from './replay-status.js';
import replayVerify from './replay-verify.js';
import review from './review.js';
import rules from './rules.js';
import sandboxUp from './sandbox-up.js';
import schemaCheck from './schema-check.js';
import schemaDiff from './schema-diff.js';
import schemaRules from './schema-rules.js';
import schemaWaiverApprove from './schema-waiver-approve.js';
import validate from './validate.js';

export const COMMANDS: readonly CommandSpec[] = [
  dlqInspect,
  dlqList,
  dlqRedrive,
  drift,
  guardrails,
  keyGenerate,
  lag,
  lint,
  policyLint,
  replayApprove,
  replayCancel,
  replayPlan,
  replayRun,
  replayStatus,
  replayVerify,
  review,
  rules,
  sandboxUp,
  schemaCheck,
  schemaDiff,
  schemaRules,
  schemaWaiverApprove,
  validate,
];
