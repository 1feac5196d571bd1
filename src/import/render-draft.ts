import { dump } from 'js-yaml';
import type { Draft } from './draft-manifest.js';

/**
 * The draft as YAML with its review notes as comments above each topic and consumer, and the
 * rules it could not turn into topics at the end. Pure.
 */
export function renderDraft(draft: Draft, source: string): string {
  const { topics, consumers, ...head } = draft.manifest;
  const yaml = (value: unknown) => dump(value, { noRefs: true, lineWidth: 100 });
  const list = (key: string, items: ReadonlyArray<{ name: string }>, notes: Record<string, string[]>) => {
    if (items.length === 0) return `${key}: []\n`;
    const out = [`${key}:`];
    for (const item of items) {
      for (const note of notes[item.name] ?? []) out.push(`  # ${note}`);
      out.push(
        yaml([item])
          .trimEnd()
          .split('\n')
          .map((l) => `  ${l}`)
          .join('\n'),
      );
    }
    return `${out.join('\n')}\n`;
  };
  const header = [
    `# Drafted by \`eventctl import\` from ${source}. A draft: confirm every guessed class,`,
    '# fill in owners, obligations and schemas, then `eventctl validate` and `eventctl lint`.',
  ];
  const tail = draft.notes.rules.length > 0 ? ['', '# Not imported (review by hand):', ...draft.notes.rules.map((n) => `#   ${n.replace(/\n/g, ' ')}`)] : [];
  return [header.join('\n'), yaml(head).trimEnd(), list('topics', topics, draft.notes.topics).trimEnd(), list('consumers', consumers, draft.notes.consumers).trimEnd(), ...tail].join('\n') + '\n';
}
