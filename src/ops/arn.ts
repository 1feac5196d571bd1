/** Queue name from a queue URL or ARN (the last path or colon segment). */
export function queueNameOf(urlOrArn: string): string {
  const parts = urlOrArn.split(/[/:]/);
  return parts[parts.length - 1] ?? urlOrArn;
}
