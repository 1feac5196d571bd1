/**
 * When a waiver stops applying. A date alone (`2026-12-31`) covers that whole day in UTC; a
 * timestamp is taken as written. Undefined for anything that is not a real date.
 */
export function waiverEnds(expires: string): Date | undefined {
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(expires);
  if (dateOnly) {
    const [, y, m, d] = dateOnly.map(Number) as [number, number, number, number];
    const start = new Date(Date.UTC(y, m - 1, d));
    if (start.getUTCFullYear() !== y || start.getUTCMonth() !== m - 1 || start.getUTCDate() !== d) return undefined;
    return new Date(start.getTime() + 24 * 60 * 60 * 1000);
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(expires)) return undefined;
  const at = new Date(expires);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
