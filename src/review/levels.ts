/** Readiness levels, cumulative: a level counts only when it and every level below it pass. */
export const LEVELS = ['bronze', 'silver', 'gold'] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_INFO = {
  bronze: { title: 'Bronze', icon: '🥉', meaning: 'safe to run: failures are contained, roles are clear, contracts are checked' },
  silver: { title: 'Silver', icon: '🥈', meaning: 'safe to repair: replays and redrives cannot repeat side effects, and someone owns every alarm' },
  gold: { title: 'Gold', icon: '🥇', meaning: 'operated: every consumer observed, every redrive explicit, every contract transitive' },
} satisfies Record<Level, { title: string; icon: string; meaning: string }>;

export function levelRank(level: Level | 'none'): number {
  return level === 'none' ? 0 : LEVELS.indexOf(level) + 1;
}

export function parseLevel(value: string): Level | undefined {
  return (LEVELS as readonly string[]).includes(value) ? (value as Level) : undefined;
}
