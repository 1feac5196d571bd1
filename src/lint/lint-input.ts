import type { ConsumerClass, LoadedManifest, Manifest } from '../manifest/model.js';
import { indexManifest, type ManifestIndex } from './manifest-index.js';

/** The replay limits rules need from the approval policy (docs/trust-model.md), read before rules run. */
export interface ApprovalPolicyFacts {
  /** Path as written in the manifest. */
  file: string;
  /** `classes.<class>.limits.maxWindowMinutes`, for the classes that declare it. */
  maxWindowMinutes: Partial<Record<ConsumerClass, number>>;
}

export interface RunbookFact {
  path: string;
  exists: boolean;
}

/** Facts from outside the manifest: read by `readLintFacts` so that rules stay pure. */
export interface LintFacts {
  approvalPolicy?: ApprovalPolicyFacts;
  /** Each `runbooks:` entry by key, and whether its file exists. */
  runbooks: Readonly<Record<string, RunbookFact>>;
}

/** Everything a rule may read. Built once per run. */
export interface LintInput {
  manifest: Manifest;
  /** Parsed JSON Schema documents by topic name (topics whose schema loaded). */
  schemas: ReadonlyMap<string, unknown>;
  /** Schema file paths relative to the repository root, by topic name (for messages). */
  schemaFiles: ReadonlyMap<string, string>;
  facts: LintFacts;
  index: ManifestIndex;
  /** The clock, as a parameter (waiver expiry). */
  now: Date;
}

export function createLintInput(loaded: LoadedManifest, facts: LintFacts, now: Date): LintInput {
  const schemas = new Map<string, unknown>();
  const schemaFiles = new Map<string, string>();
  for (const [topic, schema] of loaded.schemas) {
    schemas.set(topic, schema.document);
    schemaFiles.set(topic, schema.relativePath);
  }
  return { manifest: loaded.manifest, schemas, schemaFiles, facts, index: indexManifest(loaded.manifest), now };
}
