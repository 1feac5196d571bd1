import { formatLocation } from '../errors.js';
import { renderTopologySvg, xmlText as esc } from '../graph/svg.js';
import type { Topology } from '../graph/topology.js';
import { sortFindings, summarize, type Finding, type Report } from '../report/finding.js';
import { LEVEL_INFO, LEVELS, type Level } from './levels.js';
import { levelLabel } from './render-text.js';
import { SECTIONS, type CheckResult, type Scorecard } from './scorecard.js';

/**
 * `review --format html`: one self-contained page a PR or a wiki can link. Everything is inline
 * (CSS, the topology as SVG laid out by eventctl); a Content-Security-Policy forbids any fetch,
 * so the page renders the same offline, from an artifact or a mail attachment. Pure.
 */
export interface HtmlReviewInput {
  card: Scorecard;
  /** Every finding of the review (lint with every rule, drift with --live). */
  findings: readonly Finding[];
  topology: Topology;
  manifest: string;
  generatedAt: Date;
  toolVersion: string;
  /** `schema check` against a base ref, when the review was given one. */
  schema?: { base: string; report: Report };
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STATUS_BADGE = { pass: ['pass', 'ok'], fail: ['fail', 'bad'], waived: ['waived', 'warn'] } as const;

/** A medal drawn in CSS: emoji fonts are missing on many servers and CI browsers. */
function medal(level: Level): string {
  return `<span class="medal ${level}" aria-hidden="true"></span>`;
}

function levelBadge(level: Level | 'none'): string {
  return level === 'none' ? 'Not production-ready' : `${medal(level)} ${LEVEL_INFO[level].title}`;
}

function findingRows(findings: readonly Finding[]): string {
  return sortFindings(findings)
    .map(
      (f) =>
        `<tr><td><span class="sev ${f.severity}">${f.severity}</span></td><td><code>${esc(f.rule)}</code></td><td>${esc(`${f.subject.kind} ${f.subject.name}`)}</td><td>${esc(f.message)}${f.hint ? `<div class="hint">↳ ${esc(f.hint)}</div>` : ''}</td><td class="loc">${esc(formatLocation(f.location) || '—')}</td></tr>`,
    )
    .join('\n');
}

function findingsTable(findings: readonly Finding[], empty: string): string {
  if (findings.length === 0) return `<p class="empty">${esc(empty)}</p>`;
  return `<table><thead><tr><th>Severity</th><th>Rule</th><th>Subject</th><th>Finding</th><th>Where</th></tr></thead><tbody>\n${findingRows(findings)}\n</tbody></table>`;
}

function checkRow(category: string, r: CheckResult): string {
  const [text, tone] = STATUS_BADGE[r.status];
  const detail = r.status === 'fail' ? `${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}` : r.status === 'waived' ? `${r.waived.length} waived` : '';
  return `<tr><td>${esc(category)}</td><td>${esc(r.check.title)}</td><td>${medal(r.check.level)} ${LEVEL_INFO[r.check.level].title}</td><td><span class="pill ${tone}">${text}</span></td><td>${esc(detail)}</td></tr>`;
}

function legend(): string {
  const item = (swatch: string, text: string) => `<span class="key"><span class="swatch ${swatch}"></span>${esc(text)}</span>`;
  return `<div class="legend">${item('operational', '⚠ operational (side effects; thick border)')}${item('projection', 'projection')}${item('workflow', 'workflow')}${item('guarded', 'rule that excludes replays / approved replays only')}${item('dlq', 'dead-letter queue')}<span class="key"><span class="line dashed"></span>replay or dead-letter path</span><span class="key"><span class="line cross"></span>cross-account</span></div>`;
}

export function renderReviewHtml(input: HtmlReviewInput): string {
  const { card, topology } = input;
  const counts = summarize(input.findings);
  const title = `eventctl review: ${card.platform}`;
  const levels = card.levels
    .map((l) => `<div class="level ${l.passed ? 'met' : 'unmet'}"><div class="icon">${medal(l.level)}</div><div><strong>${LEVEL_INFO[l.level].title}</strong><div>${l.passed ? 'met' : `${l.failing} failing`} · ${l.checks - l.failing}/${l.checks} checks</div><div class="meaning">${esc(LEVEL_INFO[l.level].meaning)}</div></div></div>`)
    .join('\n');
  const sections = SECTIONS.map((section) => {
    const rows = card.categories
      .filter((c) => (section.categories as readonly string[]).includes(c.category))
      .flatMap((c) => c.checks.map((r) => checkRow(c.title, r)));
    return `<h3>${esc(section.title)}</h3><table><thead><tr><th>Category</th><th>Check</th><th>Level</th><th>Status</th><th>Details</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
  }).join('\n');
  const next = card.next
    ? `<p>Next: <strong>${levelBadge(card.next.level)}</strong> needs ${card.next.failing.length} more check${card.next.failing.length === 1 ? '' : 's'}: ${card.next.failing.map((r) => esc(r.check.title)).join(', ')}.</p>`
    : `<p>${medal('gold')} Every check passes.</p>`;
  const schema = input.schema
    ? `<p>Against <code>${esc(input.schema.base)}</code>: ${input.schema.report.findings.length === 0 ? 'no schema changes that break a consumer.' : `${input.schema.report.findings.length} change${input.schema.report.findings.length === 1 ? '' : 's'} to look at.`}</p>${findingsTable(input.schema.report.findings, 'Every schema is compatible with the base.')}`
    : '<p class="empty">Not compared: run <code>eventctl review --format html --against origin/main</code> to list schema changes against a base.</p>';

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="eventctl ${esc(input.toolVersion)}">
<title>${esc(title)}</title>
<style>
:root{--fg:#1b1b1b;--muted:#5b6472;--bg:#ffffff;--panel:#f6f7f9;--line:#e2e5ea;--ok:#1f7a3a;--bad:#b42318;--warn:#a15c07}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header{padding:28px 40px 20px;border-bottom:1px solid var(--line);background:linear-gradient(180deg,#f8fafc,#fff)}
header h1{margin:0 0 4px;font-size:24px}
header .sub{color:var(--muted)}
.badge{display:inline-block;margin-top:10px;padding:6px 14px;border-radius:999px;font-weight:600;background:#eef2f7}
.badge.none{background:#fde8e7;color:var(--bad)}
main{padding:8px 40px 40px;max-width:1500px}
section{margin-top:28px}
h2{font-size:18px;margin:0 0 10px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:15px;margin:18px 0 8px;color:var(--muted)}
.levels{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:12px}
.level{display:flex;gap:12px;padding:14px;border:1px solid var(--line);border-radius:10px;background:var(--panel)}
.level.met{border-color:#b7e1c1;background:#f1faf3}
.level .icon .medal{width:30px;height:30px;margin-top:2px}
.medal{display:inline-block;width:12px;height:12px;border-radius:50%;vertical-align:-1px;box-shadow:inset 0 0 0 2px rgba(0,0,0,.12)}
.medal.bronze{background:radial-gradient(circle at 35% 35%,#f0c9a0,#b0713d)}
.medal.silver{background:radial-gradient(circle at 35% 35%,#ffffff,#9aa3ad)}
.medal.gold{background:radial-gradient(circle at 35% 35%,#fff3b0,#d4a017)}
.level .meaning{color:var(--muted);font-size:12.5px}
.counts{display:flex;gap:10px;margin:10px 0 0}
.count{padding:4px 10px;border-radius:6px;background:var(--panel);border:1px solid var(--line)}
.graph{overflow:auto;border:1px solid var(--line);border-radius:10px;padding:10px;background:#fff}
.graph svg{display:block;width:100%;height:auto;min-width:960px}
.legend{display:flex;flex-wrap:wrap;gap:14px;margin:10px 0 0;color:var(--muted);font-size:12.5px}
.key{display:inline-flex;align-items:center;gap:6px}
.swatch{display:inline-block;width:16px;height:12px;border-radius:3px;border:1.5px solid}
.swatch.operational{background:#fde2e1;border-color:#c0392b;border-width:3px}
.swatch.projection{background:#e3f1e6;border-color:#2e7d32}
.swatch.workflow{background:#e6ecfb;border-color:#3d5a99}
.swatch.guarded{background:#fff8e1;border-color:#b7791f}
.swatch.dlq{background:#f3f3f3;border-color:#7a7a7a}
.line{display:inline-block;width:26px;border-top:2px solid #7a7a7a}
.line.dashed{border-top-style:dashed;border-color:#b7791f}
.line.cross{border-color:#c0392b;border-top-width:3px}
table{width:100%;border-collapse:collapse;font-size:13px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:var(--panel);font-weight:600}
td.loc{white-space:nowrap;color:var(--muted);font-family:ui-monospace,monospace;font-size:12px}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
.pill,.sev{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600}
.pill.ok{background:#e3f4e8;color:var(--ok)}.pill.bad,.sev.error{background:#fde8e7;color:var(--bad)}
.pill.warn,.sev.warn{background:#fff1db;color:var(--warn)}.sev.info{background:#e8eefc;color:#3d5a99}
.hint{color:var(--muted);font-size:12.5px}
.empty{color:var(--muted)}
footer{padding:16px 40px;color:var(--muted);font-size:12px;border-top:1px solid var(--line)}
@media (prefers-color-scheme: dark){:root{--fg:#e6e6e6;--muted:#a3abb8;--bg:#111418;--panel:#1a1f26;--line:#2b323c}header{background:#151a20}.level.met{background:#13251a;border-color:#24523a}.badge{background:#1f2630}}
@media (max-width:900px){.levels{grid-template-columns:1fr}header,main{padding-left:16px;padding-right:16px}}
</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<div class="sub">${esc(input.manifest)} · ${topology.nodes.filter((n) => n.kind === 'topic').length} topics · ${topology.nodes.filter((n) => n.kind === 'consumer').length} consumers · generated ${esc(input.generatedAt.toISOString())}</div>
<div class="badge${card.level === 'none' ? ' none' : ''}" id="level">${levelBadge(card.level)}</div>
<div class="counts"><span class="count">${counts.error} errors</span><span class="count">${counts.warn} warnings</span><span class="count">${counts.info} notes</span></div>
</header>
<main>
<section id="scorecard">
<h2>Readiness</h2>
<p>${card.level === 'none' ? 'Bronze is not met yet.' : esc(`${levelLabel(card.level)}: ${LEVEL_INFO[card.level].meaning}.`)}</p>
<div class="levels">
${levels}
</div>
${next}
</section>
<section id="topology">
<h2>Topology</h2>
<div class="graph">
${renderTopologySvg(topology)}
</div>
${legend()}
</section>
<section id="checks">
<h2>Checks</h2>
${sections}
</section>
<section id="findings">
<h2>Findings</h2>
${findingsTable(input.findings, 'No findings: every rule passes.')}
</section>
<section id="schema-changes">
<h2>Schema changes</h2>
${schema}
</section>
</main>
<footer>eventctl ${esc(input.toolVersion)} · levels: ${LEVELS.map((l) => LEVEL_INFO[l].title).join(' → ')} (cumulative)</footer>
</body>
</html>
`;
}
