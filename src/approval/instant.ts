/** Timestamps in plans, statements and policies: `YYYY-MM-DDTHH:MM:SSZ` (the TUF/in-toto form). */
export function toInstant(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export function instantMs(instant: string): number {
  return Date.parse(instant);
}

export function addMinutes(date: Date, minutes: number): Date {
  return new Date(date.getTime() + minutes * 60_000);
}
