import { readFileSync } from 'node:fs';
import type { CommandContext } from '../context.js';
import { ExitCode, InputError, type Problem } from '../errors.js';
import { jsonPointerPositions, locateInJson } from '../text/json-locate.js';
import { metaValidateSchema } from './meta-validate-schema.js';
import type { LoadedManifest } from './model.js';
import { resolve } from 'node:path';

export interface PlatformValidation {
  manifest: LoadedManifest;
  drafts: Record<string, string>;
  policy?: string;
}

/** Schema meta-validation and policy parsing on top of a loaded manifest; throws InputError with every problem. */
export async function checkReferencedFiles(loaded: LoadedManifest): Promise<PlatformValidation> {
  const problems: Problem[] = [];
  const drafts: Record<string, string> = {};
  for (const schema of loaded.schemas.values()) {
    const result = metaValidateSchema(schema.document);
    if (result.draft) drafts[schema.topic] = result.draft;
    if (result.errors.length === 0) continue;
    const positions = jsonPointerPositions(schema.text);
    for (const error of result.errors) {
      const at = locateInJson(positions, error.pointer);
      problems.push({
        message: `schema of topic '${schema.topic}' is not a valid JSON Schema (${result.draft ?? 'unknown draft'}): ${error.message}`,
        hint: 'fix the schema so it validates against its draft\'s meta-schema',
        location: { file: schema.relativePath, line: at.line, column: at.column },
      });
    }
  }
  let policy: string | undefined;
  const policyRef = loaded.manifest.replay?.approvalPolicy;
  if (policyRef) {
    const path = resolve(loaded.dir, policyRef);
    policy = path;
    const { validatePolicyText } = await import('./policy-check.js');
    problems.push(...(await validatePolicyText(readFileSync(path), path, loaded.root)));
  }
  // The replay/redrive gate maps every resource to one owner: a resource claimed twice is ambiguous.
  const { claimConflicts, manifestClaims } = await import('../approval/resources.js');
  const scope = { account: loaded.manifest.aws?.account ?? '000000000000', region: loaded.manifest.aws?.region ?? 'region' };
  for (const { arn, owners } of claimConflicts(manifestClaims(loaded.manifest, scope))) {
    const last = owners[owners.length - 1]!;
    const index = loaded.manifest.consumers.findIndex((c) => c.name === last.consumer);
    problems.push({
      message: `${arn.replace(/^arn:[^:]+:[^:]+:[^:]*:\d{12}:/, '')} is claimed by ${owners.map((o) => `${o.consumer} (${o.role})`).join(' and ')}`,
      hint: 'each rule, queue and DLQ belongs to one consumer; the replay and redrive gate refuses ambiguous ownership',
      location: loaded.locate(`/consumers/${index}`),
    });
  }
  if (problems.length > 0) throw InputError.fromProblems(problems);
  return { manifest: loaded, drafts, policy };
}

export async function validatePlatform(ctx: CommandContext): Promise<number> {
  const loaded = await ctx.loadManifest();
  const result = await checkReferencedFiles(loaded);
  const { manifest } = loaded;
  if (ctx.global.format === 'json') {
    ctx.emit(
      JSON.stringify(
        {
          schemaVersion: 1,
          valid: true,
          manifest: loaded.relativeFile,
          platform: manifest.platform,
          counts: {
            buses: manifest.buses.length,
            topics: manifest.topics.length,
            consumers: manifest.consumers.length,
            schemas: loaded.schemas.size,
          },
          schemas: Object.fromEntries(
            [...loaded.schemas.values()].map((s) => [s.topic, { file: s.relativePath, draft: result.drafts[s.topic] }]),
          ),
          approvalPolicy: manifest.replay?.approvalPolicy ?? null,
        },
        null,
        2,
      ),
    );
  } else {
    const c = ctx.color;
    const parts = [
      `${manifest.buses.length} buses`,
      `${manifest.topics.length} topics`,
      `${manifest.consumers.length} consumers`,
      `${loaded.schemas.size} schemas`,
    ];
    if (manifest.replay?.approvalPolicy) parts.push('approval policy');
    ctx.emit(`${c.green('✔')} ${loaded.relativeFile} is valid (${manifest.platform}: ${parts.join(', ')})`);
  }
  return ExitCode.ok;
}
