import type { CommandContext } from '../context.js';
import { deadLettersOf } from '../manifest/consumer-target.js';
import type { Manifest } from '../manifest/model.js';
import { listDlqs, type DlqRow } from '../ops/dlq-list.js';
import { placeLabel } from '../ops/environment.js';
import { fanOutExitCode, type FanOut } from './fanout.js';
import { placeFields, type PlaceStatus } from './lag-fanout.js';
import { plainTable, wrapParagraph } from '../report/table.js';
import { formatDuration } from '../text/format-duration.js';

/** A DLQ row that says where it was read; depth null (and `error` set) when the account failed. */
export type PlacedDlqRow = Omit<DlqRow, 'depth' | 'inFlight'> & {
  account: string;
  accountId: string;
  region: string;
  depth: number | null;
  inFlight: number | null;
  error?: string;
};

export interface FanOutDlqReport {
  schemaVersion: 1;
  environment: string;
  generatedAt: string;
  dlqs: PlacedDlqRow[];
  places: PlaceStatus[];
  totalMessages: number;
}

/** `dlq list --env`: every declared DLQ in every account × region. */
export async function listDlqsAcrossAccounts(fan: FanOut, now: Date): Promise<FanOutDlqReport> {
  // Queue DLQs and EventBridge target DLQs alike, as `dlq list` reads them in one account.
  const hasDlq = (manifest: Manifest) => manifest.consumers.some((c) => deadLettersOf(c).length > 0);
  const results = await fan.run(
    async (slice) => listDlqs({ sqs: await slice.ports.sqs(), cloudWatch: await slice.ports.cloudWatch() }, slice.projection.manifest, { now }),
    { skip: (projection) => !hasDlq(projection.manifest) },
  );
  const dlqs: PlacedDlqRow[] = [];
  for (const result of results) {
    const where = placeFields(result.place);
    if (result.ok) {
      for (const row of result.value.dlqs) dlqs.push({ ...where, ...row });
      continue;
    }
    const manifest = fan.slice(result.place.alias, result.place.region).projection.manifest;
    const owners = new Map<string, { consumers: PlacedDlqRow['consumers'] } & Pick<PlacedDlqRow, 'via' | 'kind'>>();
    for (const c of manifest.consumers) {
      for (const dead of deadLettersOf(c)) {
        const row = owners.get(dead.name) ?? { consumers: [], via: dead.via, kind: dead.kind };
        row.consumers.push({ name: c.name, class: c.class });
        owners.set(dead.name, row);
      }
    }
    for (const [dlq, { consumers, via, kind }] of owners) {
      dlqs.push({ ...where, dlq, consumers, via, kind, exists: false, depth: null, inFlight: null, oldestAgeSeconds: null, dataAgeSeconds: null, error: result.reason });
    }
  }
  return {
    schemaVersion: 1,
    environment: fan.envName,
    generatedAt: now.toISOString(),
    dlqs,
    places: results.map((r) => ({ ...placeFields(r.place), ok: r.ok, ...(r.ok ? {} : { reason: r.reason }) })),
    totalMessages: dlqs.reduce((n, d) => n + (d.depth ?? 0), 0),
  };
}

/** dlq list exits 0 with messages (that is what it lists); 1 when an account could not be read. */
export function dlqFanOutExitCode(report: FanOutDlqReport): number {
  return fanOutExitCode(report.places, false);
}

export function renderDlqListAcrossAccounts(ctx: Pick<CommandContext, 'global' | 'color'> & { tableWidth?: number }, report: FanOutDlqReport): string {
  if (ctx.global.format === 'json') return JSON.stringify(report, null, 2);
  const head = ['ACCOUNT/REGION', 'DLQ', 'CONSUMER', 'DEPTH', 'IN-FLIGHT', 'OLDEST'];
  const rows = report.dlqs.map((d) => [
    placeLabel({ alias: d.account, region: d.region }),
    d.dlq,
    d.consumers.map((c) => c.name).join(','),
    d.depth === null ? 'ERR' : String(d.depth),
    d.inFlight === null ? '-' : String(d.inFlight),
    formatDuration(d.oldestAgeSeconds),
  ]);
  const notes = report.places.filter((p) => !p.ok).map((p) => `${placeLabel({ alias: p.account, region: p.region })} (${p.accountId}): ${p.reason}`);
  if (ctx.global.format === 'markdown') {
    return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`), '', ...notes.map((n) => `- ${n}`)].join('\n');
  }
  const nonEmpty = report.dlqs.filter((d) => (d.depth ?? 0) > 0).length;
  const summary = `${report.totalMessages} message(s) in ${nonEmpty} of ${report.dlqs.length} DLQ(s) across ${report.places.length} account-region(s) of ${report.environment}`;
  const width = ctx.tableWidth;
  return [plainTable(head, rows, new Set([3, 4]), width), '', ...notes.map((n) => wrapParagraph(n, width)), ctx.color.dim(wrapParagraph(summary, width))].join('\n');
}
