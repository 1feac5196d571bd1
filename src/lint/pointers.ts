/** Manifest JSON pointers for entries, so rules and tests name lines the same way. */
export const consumerAt = (index: number, field?: string): string =>
  field === undefined ? `/consumers/${index}` : `/consumers/${index}/${field}`;
export const topicAt = (index: number, field?: string): string =>
  field === undefined ? `/topics/${index}` : `/topics/${index}/${field}`;
export const busAt = (index: number, field?: string): string =>
  field === undefined ? `/buses/${index}` : `/buses/${index}/${field}`;

/** `field` when the entry has it (its line), else the entry itself. */
export function fieldOrEntry(entryPointer: string, entry: object, field: string): string {
  return Object.hasOwn(entry, field) ? `${entryPointer}/${field}` : entryPointer;
}
