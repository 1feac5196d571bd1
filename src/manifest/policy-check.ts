import { relative } from 'node:path';
import type { Problem } from '../errors.js';
import { parseYamlSource } from './yaml-source.js';
import { InputError } from '../errors.js';

/**
 * Checks that the approval policy parses strictly. The full policy semantics live in
 * src/approval/policy.ts; this is the part `validate` needs without loading crypto.
 */
export async function validatePolicyText(text: string, path: string, root: string): Promise<Problem[]> {
  const displayPath = relative(root, path);
  try {
    parseYamlSource(text, { displayPath, forbidAliases: true });
  } catch (error) {
    if (error instanceof InputError) return [error, ...error.problems].map((p) => ({ message: `approval policy: ${p.message}`, hint: p.hint, location: p.location }));
    throw error;
  }
  return [];
}
