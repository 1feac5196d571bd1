/**
 * What a rule protects. Review groups its checks by the same categories, in this order:
 * operating the platform for a year comes before building it (issue 4, §5).
 */
export const RULE_CATEGORIES = [
  'failure-containment',
  'replay-readiness',
  'observability',
  'operability',
  'schema-governance',
  'consumer-roles',
  'routing',
] as const;
export type RuleCategory = (typeof RULE_CATEGORIES)[number];

export const CATEGORY_TITLES = {
  'failure-containment': 'Failure containment',
  'replay-readiness': 'Replay readiness',
  observability: 'Observability',
  operability: 'Operability',
  'schema-governance': 'Schema governance',
  'consumer-roles': 'Consumer roles',
  routing: 'Routing',
} satisfies Record<RuleCategory, string>;
