import { existsSync } from 'node:fs';
import type { CommandContext } from '../../context.js';
import type { LoadedManifest } from '../../manifest/model.js';
import { resolvePolicyBytes, type PolicyBytes } from '../policy-source.js';

export interface PolicyFlags {
  policy?: string;
  policyRef?: string;
}

/** The manifest, when the command needs it and it exists (`--policy` alone works without one). */
export async function optionalManifest(ctx: CommandContext, needed: boolean): Promise<LoadedManifest | undefined> {
  if (!needed && !existsSync(ctx.resolvePath(ctx.global.manifest))) return undefined;
  return ctx.loadManifest();
}

/**
 * Policy bytes for approve/verify: `--policy <file>` (working tree, flagged as such) or the
 * manifest's `replay.approvalPolicy` read from `--policy-ref` (default: the default branch).
 */
export async function commandPolicyBytes(ctx: CommandContext, flags: PolicyFlags): Promise<{ policy: PolicyBytes; manifest?: LoadedManifest }> {
  const manifest = await optionalManifest(ctx, flags.policy === undefined);
  const policy = await resolvePolicyBytes({
    cwd: ctx.cwd,
    ...(flags.policy !== undefined ? { file: flags.policy } : {}),
    ...(flags.policyRef !== undefined ? { ref: flags.policyRef } : {}),
    ...(manifest?.manifest.replay?.approvalPolicy ? { manifestPolicy: { dir: manifest.dir, path: manifest.manifest.replay.approvalPolicy } } : {}),
  });
  return manifest ? { policy, manifest } : { policy };
}
