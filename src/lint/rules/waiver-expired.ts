import { defineRule } from '../rule.js';
import { waiverEnds } from '../waiver-expiry.js';

export default defineRule({
  meta: {
    id: 'waiver-expired',
    category: 'operability',
    defaultSeverity: 'error',
    locked: true,
    summary: 'Every lint waiver is still within its `expires` date.',
    rationale:
      'A waiver is a promise to fix something by a date. Once the date passes, the waiver stops hiding its finding and is itself an error, so exceptions are revisited instead of becoming permanent. This rule cannot be turned off or waived.',
    fix: 'Fix the waived finding and delete the waiver, or, with a new reason, move `expires` to a new date.',
    example: {
      bad: `lint:
  waivers:
    - { rule: operational-has-dlq, subject: legacy-sync, reason: "migrating to SQS", expires: 2024-01-31 }`,
      good: `lint:
  waivers:
    - { rule: operational-has-dlq, subject: legacy-sync, reason: "migrating to SQS (INC-123)", expires: 2026-12-31 }`,
    },
  },
  check({ manifest, now }, report) {
    (manifest.lint?.waivers ?? []).forEach((waiver, i) => {
      const name = waiver.subject ? `${waiver.rule} on ${waiver.subject}` : waiver.rule;
      const ends = waiverEnds(waiver.expires);
      const subject = { kind: 'waiver' as const, name };
      if (ends === undefined) {
        report({
          subject,
          pointer: `/lint/waivers/${i}/expires`,
          message: `waiver for ${name} has an invalid expiry date '${waiver.expires}'`,
          hint: 'write expires: YYYY-MM-DD',
        });
      } else if (ends.getTime() <= now.getTime()) {
        report({
          subject,
          pointer: `/lint/waivers/${i}/expires`,
          message: `waiver for ${name} expired on ${waiver.expires} (reason was: ${waiver.reason})`,
          hint: 'fix the finding and remove the waiver, or renew it with a new date and reason',
        });
      }
    });
  },
});
