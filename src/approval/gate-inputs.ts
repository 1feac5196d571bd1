import { join } from 'node:path';
import type { CommandContext } from '../context.js';
import type { LoadedManifest } from '../manifest/model.js';
import { environmentAsked } from '../ops/environment.js';
import { gateFactDifferences } from './gate-facts.js';
import type { GateTrustedSource } from './gate.js';
import { readJournal, type JournalEntry } from './journal.js';
import { readPlanDirectory, type PlanDirectory } from './plan-directory.js';
import { readTrustRoot, type TrustRoot } from './trust-root.js';
import { readVetoRecords, vetoRecordPath } from './veto-journal.js';
import type { VetoRecord } from './veto-record.js';

/**
 * Everything the gate needs from disk and git (no AWS): the protected branch's manifest and
 * policy, the working tree's differences from it, the repository's journal, and the plan
 * directory. The journal belongs to the repository (its top level's `.eventctl/`), whatever
 * `-m` names, so a copy of the manifest elsewhere in the tree shares it.
 */
export interface GateInputs {
  root: TrustRoot;
  trusted: GateTrustedSource;
  working: LoadedManifest;
  workingTreeDifferences: string[];
  journalFile: string;
  journal: JournalEntry[];
  vetoFile: string;
  vetoRecords: VetoRecord[];
  planDirectory?: PlanDirectory;
  /**
   * The environment asked for (`--env`, else EVENTCTL_ENV): only its name. Its accounts,
   * regions and role are read from the protected branch's manifest, never the working tree.
   */
  environment?: string;
}

/** `<repository top level>/.eventctl/journal.jsonl`. */
export function repositoryJournalPath(repoDir: string): string {
  return join(repoDir, '.eventctl', 'journal.jsonl');
}

/** `<repository top level>/.eventctl/redrive/`: redrive message journals. */
export function repositoryStateDir(repoDir: string): string {
  return join(repoDir, '.eventctl');
}

export async function loadGateInputs(ctx: CommandContext, options: { planDir?: string; policyRef?: string; mode: 'run' | 'preview' }): Promise<GateInputs> {
  const working = await ctx.loadManifest();
  const root = await readTrustRoot({ manifestFile: working.file, mode: options.mode, ...(options.policyRef !== undefined ? { policyRef: options.policyRef } : {}) });
  const label = `${root.refLabel} at ${root.commit.slice(0, 12)}`;
  const trusted: GateTrustedSource = {
    manifest: root.manifest,
    policyBytes: root.policyBytes,
    policySource: root.policySource,
    protected: root.protected,
    label: root.protected ? label : `${root.policySource.kind === 'git' ? root.policySource.ref : 'another ref'} (PREVIEW; the protected branch is ${label})`,
  };
  const journalFile = repositoryJournalPath(root.repoDir);
  const asked = environmentAsked(ctx.global.environment, ctx.env);
  return {
    root,
    trusted,
    working,
    workingTreeDifferences: gateFactDifferences(root.manifest, working.manifest, root.ref),
    journalFile,
    journal: await readJournal(journalFile),
    vetoFile: vetoRecordPath(root.repoDir),
    vetoRecords: await readVetoRecords(vetoRecordPath(root.repoDir)),
    ...(asked !== undefined ? { environment: asked } : {}),
    ...(options.planDir !== undefined ? { planDirectory: await readPlanDirectory(ctx.resolvePath(options.planDir)) } : {}),
  };
}
