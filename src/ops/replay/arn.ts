/** The parts of an ARN eventctl reads: account and region (for the plan), resource (names). */
export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export function parseArn(arn: string): ArnParts | undefined {
  const match = /^arn:([^:]+):([^:]+):([^:]*):(\d{12}):(.+)$/.exec(arn);
  if (!match) return undefined;
  return { partition: match[1]!, service: match[2]!, region: match[3]!, account: match[4]!, resource: match[5]! };
}

/** Bus and rule name of a rule ARN: `…:rule/<name>` (default bus) or `…:rule/<bus>/<name>`. */
export function ruleNameOfArn(arn: string): { busName: string; name: string } {
  const resource = parseArn(arn)?.resource.replace(/^rule\//, '') ?? arn;
  const parts = resource.split('/');
  return parts.length >= 2 ? { busName: parts[0]!, name: parts.slice(1).join('/') } : { busName: 'default', name: parts[0] ?? '' };
}
