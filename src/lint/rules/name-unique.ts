import type { SubjectKind } from '../../report/finding.js';
import { defineRule } from '../rule.js';

const SECTIONS = [
  ['buses', 'bus'],
  ['topics', 'topic'],
  ['consumers', 'consumer'],
  ['workflows', 'workflow'],
] as const satisfies ReadonlyArray<readonly [string, SubjectKind]>;

export default defineRule({
  meta: {
    id: 'name-unique',
    category: 'routing',
    defaultSeverity: 'error',
    summary: 'Bus, topic, consumer and workflow names are unique within their section.',
    rationale:
      'Names are the ids everything else refers to: subscriptions, replay plans, approvals, waivers. With two topics of the same name, a subscription silently means the first one; with two consumers, a replay approval for one reaches the other.',
    fix: 'Rename one of the entries (names are stable ids: pick the one nobody refers to yet), or merge the duplicates.',
    example: {
      bad: `topics:
  - { name: order.placed, bus: orders, ... }
  - { name: order.placed, bus: orders, ... }`,
      good: `topics:
  - { name: order.placed, bus: orders, ... }
  - { name: order.cancelled, bus: orders, ... }`,
    },
  },
  check({ manifest }, report) {
    for (const [section, kind] of SECTIONS) {
      const list: ReadonlyArray<{ name: string }> = manifest[section] ?? [];
      const first = new Map<string, number>();
      list.forEach((entry, i) => {
        const earlier = first.get(entry.name);
        if (earlier === undefined) {
          first.set(entry.name, i);
          return;
        }
        report({
          subject: { kind, name: entry.name },
          pointer: `/${section}/${i}/name`,
          message: `${kind} name '${entry.name}' is declared twice (entries ${earlier + 1} and ${i + 1} of ${section})`,
          hint: 'rename or merge one of them',
        });
      });
    }
  },
});
