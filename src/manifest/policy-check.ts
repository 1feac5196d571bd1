import { relative } from 'node:path';
import { InputError, type Problem } from '../errors.js';

/**
 * Checks that the approval policy parses and validates, with the same strict parser
 * `replay verify` and `replay run` use (loaded lazily: `validate` on a manifest without a policy
 * never loads it). Semantic checks beyond parsing are `eventctl policy lint`.
 */
export async function validatePolicyText(bytes: Uint8Array, path: string, root: string): Promise<Problem[]> {
  const { parsePolicy } = await import('../approval/policy.js');
  try {
    parsePolicy(bytes, relative(root, path));
  } catch (error) {
    if (error instanceof InputError) {
      return [error, ...error.problems].map((p) => ({ message: `approval policy: ${p.message}`, hint: p.hint ?? 'run `eventctl policy lint` for details', location: p.location }));
    }
    throw error;
  }
  return [];
}
