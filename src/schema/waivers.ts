import { createHash } from 'node:crypto';
import type { Waiver } from '../manifest/model.js';
import { waiverEnds } from '../lint/waiver-expiry.js';

/** Stable id of one schema change of one topic: what a waiver names to accept it. */
export function changeFingerprint(topic: string, rule: string, path: string): string {
  return createHash('sha256').update(`${topic}\u0000${rule}\u0000${path}`).digest('hex').slice(0, 12);
}

export interface WaiverMatch {
  waiver: Waiver;
  index: number;
  expired: boolean;
}

/** Schema waivers by fingerprint, with expiry judged at `now` (a date covers its whole UTC day). */
export class SchemaWaivers {
  private readonly byFingerprint = new Map<string, WaiverMatch>();
  readonly used = new Set<number>();

  constructor(waivers: readonly Waiver[] | undefined, now: Date) {
    (waivers ?? []).forEach((waiver, index) => {
      if (!waiver.fingerprint) return;
      const ends = waiverEnds(waiver.expires);
      this.byFingerprint.set(waiver.fingerprint, { waiver, index, expired: !ends || ends.getTime() <= now.getTime() });
    });
  }

  match(fingerprint: string, rule: string): WaiverMatch | undefined {
    const found = this.byFingerprint.get(fingerprint);
    if (!found || (found.waiver.rule !== rule && found.waiver.rule !== '*')) return undefined;
    this.used.add(found.index);
    return found;
  }

  all(): WaiverMatch[] {
    return [...this.byFingerprint.values()];
  }
}
