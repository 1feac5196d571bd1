import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { dumpDom } from '../support/headless-browser.js';
import { REPO_ROOT, runCli } from '../support/run-cli.js';

const MANIFEST = 'fixtures/platform/eventctl.yaml';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Graphviz's own renderer: exit 0 and an SVG, or its syntax error. */
function renderDot(dot: string): { code: number | null; svg: string; stderr: string } {
  const r = spawnSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8' });
  if (r.error) throw new Error(`graphviz is missing: apt-get install graphviz (.ci/run does): ${r.error.message}`);
  return { code: r.status, svg: r.stdout, stderr: r.stderr };
}

/**
 * Mermaid's own parser and renderer (the mermaid package, in headless chromium; no network). All
 * diagrams render in one page: one browser start for the file.
 */
async function renderMermaid(codes: readonly string[]): Promise<{ results: string[]; console: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'eventctl-mermaid-'));
  dirs.push(dir);
  const script = pathToFileURL(join(REPO_ROOT, 'node_modules/mermaid/dist/mermaid.min.js')).href;
  const page = join(dir, 'page.html');
  writeFileSync(
    page,
    `<!doctype html><html><body><pre id="result">pending</pre><script src="${script}"></script><script>
mermaid.initialize({ startOnLoad: false });
const codes = ${JSON.stringify(codes).replace(/</g, '\\u003c')};
(async () => {
  const results = [];
  for (const [i, code] of codes.entries()) {
    try {
      await mermaid.parse(code);
      const { svg } = await mermaid.render('g' + i, code);
      results.push('rendered ' + (svg.match(/class="node /g) || []).length + ' nodes');
    } catch (e) {
      results.push('error ' + e.message.split('\\n')[0]);
    }
  }
  document.getElementById('result').textContent = JSON.stringify(results);
})();
</script></body></html>`,
  );
  const run = await dumpDom(pathToFileURL(page).href, 30_000);
  const text = /<pre id="result">([^<]*)<\/pre>/.exec(run.dom)?.[1] ?? 'pending';
  if (text === 'pending') throw new Error(`mermaid did not finish in chromium:\n${run.console.join('\n')}`);
  return { results: JSON.parse(text.replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>')) as string[], console: run.console };
}

/** A manifest with names that need escaping in both languages. */
function oddManifest(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eventctl-graph-'));
  dirs.push(dir);
  writeFileSync(
    join(dir, 'eventctl.yaml'),
    [
      'apiVersion: eventctl/v1',
      'platform: odd-platform',
      'buses: [{ name: main }]',
      'topics:',
      '  - { name: a.b, bus: main, source: s, detailType: \'Odd "Type" #2\', owner: \'team <a> \\ b\' }',
      'consumers:',
      '  - { name: c1, class: projection, subscribes: [a.b], rule: c1, queue: c1, dlq: c1-dlq, rebuildable: true }',
    ].join('\n'),
  );
  return join(dir, 'eventctl.yaml');
}

describe('eventctl graph', () => {
  it('--format dot renders with Graphviz: every topic, bus, rule, consumer and DLQ is a node', async () => {
    const result = await runCli(['graph', '-m', MANIFEST, '--format', 'dot']);
    expect(result.code).toBe(0);
    const rendered = renderDot(result.stdout);
    expect(rendered.stderr).toBe('');
    expect(rendered.code).toBe(0);
    const titles = [...rendered.svg.matchAll(/<g id="node\d+" class="node">\s*<title>([^<]+)<\/title>/g)].map((m) => m[1]);
    // 7 topics, 2 buses, 9 rules + 4 replay rules, 9 consumers, 9 DLQs, 2 workflows.
    expect(titles).toHaveLength(57);
    expect(titles).toEqual(expect.arrayContaining(['topic_order_placed', 'bus_orders', 'rule_orders_billing_charge', 'rule_orders_billing_charge_replay', 'consumer_billing_charge', 'dlq_billing_charge_dlq', 'workflow_order_fulfilment']));
    // Operational consumers are marked; their rules exclude replays, the replay rule takes only approved ones.
    expect(result.stdout).toMatch(/consumer_billing_charge \[label="⚠ billing-charge\\noperational · sqs billing-charge", [^\]]*penwidth=3/);
    expect(result.stdout).toContain('rule_orders_billing_charge [label="billing-charge\\nreplays excluded"');
    expect(result.stdout).toMatch(/bus_orders -> rule_orders_billing_charge_replay \[style=dashed/);
    // The renderer is real: it rejects broken syntax.
    expect(renderDot('digraph { a -> }').code).not.toBe(0);
  });

  it('--format mermaid (the default) parses and renders with Mermaid itself, names escaped, without console errors', async () => {
    const result = await runCli(['graph', '-m', MANIFEST]);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('flowchart LR')).toBe(true);
    const odd = await runCli(['graph', '-m', oddManifest(), '--format', 'mermaid']);
    expect(odd.code).toBe(0);
    // The renderer is real: the third diagram is broken on purpose.
    const rendered = await renderMermaid([result.stdout, odd.stdout, 'flowchart LR\n  a[["x"] --> b']);
    expect(rendered.results[0]).toBe('rendered 57 nodes');
    expect(rendered.results[1]).toBe('rendered 5 nodes');
    expect(rendered.results[2]).toMatch(/^error /);
    expect(rendered.console).toEqual([]);
  }, 60_000);

  it('dot escapes names that need it (quotes, #, <, backslash)', async () => {
    const dot = await runCli(['graph', '-m', oddManifest(), '--format', 'dot']);
    expect(dot.code).toBe(0);
    const rendered = renderDot(dot.stdout);
    expect(rendered.code).toBe(0);
    expect(rendered.svg).toContain('Odd &quot;Type&quot; #2');
  });

  it('draws accounts: forwarded hub → spoke buses and deliveries into another account are cross-account edges', async () => {
    const result = await runCli(['graph', '-m', 'fixtures/org/eventctl.yaml', '--format', 'dot']);
    expect(result.code, result.stderr).toBe(0);
    expect(renderDot(result.stdout).code).toBe(0);
    expect(result.stdout).toContain('bus_platform -> bus_orders_inbound [color="#c0392b", penwidth=2.5, label="forwarded\\ncross-account"]');
    expect(result.stdout).toMatch(/rule_platform_order_history -> consumer_order_history \[color="#c0392b"/);
    expect(result.stdout).toMatch(/rule_billing_ledger_view -> consumer_ledger_view \[color="#44546a"\]/);
  });

  it('refuses formats it does not draw, and other commands refuse view formats', async () => {
    expect((await runCli(['graph', '-m', MANIFEST, '--format', 'sarif'])).code).toBe(2);
    const lint = await runCli(['validate', '-m', MANIFEST, '--format', 'dot']);
    expect(lint.code).toBe(2);
    expect(lint.stderr).toContain('validate does not print dot');
  });
});
