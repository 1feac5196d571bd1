import { getRule } from './rules.js';

/** The one-line human message of a change: the rule's summary plus the values involved. */
export function changeMessage(rule: string, path: string, was: unknown, now: unknown): string {
  const where = path === '' ? 'at the root' : `at ${path}`;
  const values = was !== undefined && now !== undefined ? ` (${show(was)} → ${show(now)})` : was !== undefined ? ` (was ${show(was)})` : now !== undefined ? ` (now ${show(now)})` : '';
  const summary = getRule(rule).summary;
  return `${summary[0]!.toUpperCase()}${summary.slice(1)} ${where}${values}`;
}

function show(value: unknown): string {
  if (typeof value === 'string') return value.length > 60 ? `${JSON.stringify(value.slice(0, 57))}…` : JSON.stringify(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
