import { getRule } from './rules.js';

/** The one-line human message of a change: the rule's summary plus the values involved. */
export function changeMessage(rule: string, path: string, was: unknown, now: unknown): string {
  const where = path === '' ? 'at the root' : `at ${path}`;
  // Property and tuple rules carry the governing content model instead of values.
  if (typeof was === 'string' && MODELS.has(was) && now === undefined) return `${capital(getRule(rule).summary)} ${where} (${was} content model)`;
  if (typeof now === 'string' && MODELS.has(now) && was === undefined) return `${capital(getRule(rule).summary)} ${where} (${now} content model)`;
  const values = was !== undefined && now !== undefined ? ` (${show(was)} → ${show(now)})` : was !== undefined ? ` (was ${show(was)})` : now !== undefined ? ` (now ${show(now)})` : '';
  return `${capital(getRule(rule).summary)} ${where}${values}`;
}

const MODELS = new Set(['open', 'closed', 'partial']);

function capital(text: string): string {
  return `${text[0]!.toUpperCase()}${text.slice(1)}`;
}

function show(value: unknown): string {
  if (typeof value === 'string') return value.length > 60 ? `${JSON.stringify(value.slice(0, 57))}…` : JSON.stringify(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
