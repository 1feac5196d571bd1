import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { dumpDom } from '../support/headless-browser.js';
import { runCli } from '../support/run-cli.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface PageFacts {
  title: string;
  level: string;
  sections: string[];
  graph: { width: number; height: number; nodes: number; visibleNodes: number };
  findingRows: number;
  externalRefs: number;
}

/**
 * Opens the page in headless chromium inside a harness frame and measures it: the topology's
 * bounding box, how many nodes have a box of their own, the sections present.
 */
async function inspectPage(pageFile: string): Promise<{ facts: PageFacts; console: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'eventctl-harness-'));
  dirs.push(dir);
  const harness = join(dir, 'harness.html');
  writeFileSync(
    harness,
    `<!doctype html><html><body><pre id="facts">pending</pre>
<iframe id="page" src="${pathToFileURL(pageFile).href}" style="width:1400px;height:2000px"></iframe>
<script>
document.getElementById('page').addEventListener('load', () => {
  const doc = document.getElementById('page').contentDocument;
  const svg = doc.querySelector('svg.topology');
  const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
  const nodes = svg ? [...svg.querySelectorAll('g.node')] : [];
  const facts = {
    title: doc.title,
    level: doc.getElementById('level')?.textContent.trim() ?? '',
    sections: [...doc.querySelectorAll('section')].map((s) => s.id),
    graph: { width: Math.round(box.width), height: Math.round(box.height), nodes: nodes.length,
             visibleNodes: nodes.filter((n) => { const b = n.getBoundingClientRect(); return b.width > 20 && b.height > 20; }).length },
    findingRows: doc.querySelectorAll('#findings tbody tr').length,
    externalRefs: [...doc.querySelectorAll('[src],[href]')].length,
  };
  document.getElementById('facts').textContent = JSON.stringify(facts);
});
</script></body></html>`,
  );
  const run = await dumpDom(pathToFileURL(harness).href, 10_000);
  const text = /<pre id="facts">([^<]*)<\/pre>/.exec(run.dom)?.[1] ?? 'pending';
  if (text === 'pending') throw new Error(`the page did not load in chromium:\n${run.console.join('\n')}`);
  return { facts: JSON.parse(text.replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as PageFacts, console: run.console };
}

describe('eventctl review --format html', () => {
  it('writes one self-contained page that renders in headless chromium: scorecard, visible topology, findings, no console errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eventctl-review-html-'));
    dirs.push(dir);
    const page = join(dir, 'review.html');
    const result = await runCli(['review', '-m', 'fixtures/lint/missing-obligations/eventctl.yaml', '--format', 'html', '-o', page]);
    expect(result.code).toBe(0);
    const html = readFileSync(page, 'utf8');
    // Nothing to fetch: no external scripts, styles, images or fonts; a CSP forbids them anyway.
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(html).not.toMatch(/url\((?!#)/);
    expect(html).toContain(`content="default-src 'none'`);

    const { facts, console } = await inspectPage(page);
    expect(console).toEqual([]);
    expect(facts.title).toBe('eventctl review: acme-missing-obligations');
    expect(facts.level).toBe('Not production-ready');
    expect(facts.sections).toEqual(['scorecard', 'topology', 'checks', 'findings', 'schema-changes']);
    expect(facts.graph.width).toBeGreaterThan(400);
    expect(facts.graph.height).toBeGreaterThan(80);
    expect(facts.graph.nodes).toBeGreaterThan(5);
    expect(facts.graph.visibleNodes).toBe(facts.graph.nodes);
    expect(facts.findingRows).toBe(6);
    expect(facts.externalRefs).toBe(0);

  }, 120_000);

  it('the harness sees console errors and fetches (so the check above can fail)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eventctl-review-html-'));
    dirs.push(dir);
    const page = join(dir, 'bad.html');
    writeFileSync(page, `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><img src="https://example.invalid/x.png"><svg class="topology"></svg></body></html>`);
    const { facts, console } = await inspectPage(page);
    expect(console.join('\n')).toMatch(/Content Security Policy/);
    expect(facts.graph.width).toBeGreaterThan(0);
    expect(facts.graph.nodes).toBe(0);
  }, 60_000);

  it('lists schema changes against a base ref when given --against', async () => {
    const result = await runCli(['review', '-m', 'fixtures/platform/eventctl.yaml', '--format', 'html', '--against', 'HEAD']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/<section id="schema-changes">[\s\S]*Against <code>HEAD[^<]*<\/code>: no schema changes that break a consumer\./);
  });
});
