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

/** Mermaid's own parser and renderer (the mermaid package, in headless chromium; no network). */
async function renderMermaid(code: string): Promise<{ result: string; console: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'eventctl-mermaid-'));
  dirs.push(dir);
  const script = pathToFileURL(join(REPO_ROOT, 'node_modules/mermaid/dist/mermaid.min.js')).href;
  const page = join(dir, 'page.html');
  writeFileSync(
    page,
    `<!doctype html><html><body><pre id="result">pending</pre><script src="${script}"></script><script>
mermaid.initialize({ startOnLoad: false });
const code = ${JSON.stringify(code).replace(/</g, '\\u003c')};
mermaid.parse(code).then(() => mermaid.render('g', code)).then(
  ({ svg }) => { document.getElementById('result').textContent = 'rendered ' + (svg.match(/class="node /g) || []).length + ' nodes'; },
  (e) => { document.getElementById('result').textContent = 'error ' + e.message; });
</script></body></html>`,
  );
  const run = await dumpDom(pathToFileURL(page).href, 20_000);
  const result = /<pre id="result">([^<]*)<\/pre>/.exec(run.dom)?.[1] ?? 'no result';
  return { result, console: run.console };
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
    expect(titles).toHaveLength(42);
    expect(titles).toEqual(expect.arrayContaining(['topic_order_placed', 'bus_orders', 'rule_orders_billing_charge', 'rule_orders_billing_charge_replay', 'consumer_billing_charge', 'dlq_billing_charge_dlq', 'workflow_order_fulfilment']));
    // Operational consumers are marked; their rules exclude replays, the replay rule takes only approved ones.
    expect(result.stdout).toMatch(/consumer_billing_charge \[label="⚠ billing-charge\\noperational · sqs billing-charge", [^\]]*penwidth=3/);
    expect(result.stdout).toContain('rule_orders_billing_charge [label="billing-charge\\nreplays excluded"');
    expect(result.stdout).toMatch(/bus_orders -> rule_orders_billing_charge_replay \[style=dashed/);
    // The renderer is real: it rejects broken syntax.
    expect(renderDot('digraph { a -> }').code).not.toBe(0);
  });

  it('--format mermaid (the default) parses and renders with Mermaid itself, without console errors', async () => {
    const result = await runCli(['graph', '-m', MANIFEST]);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('flowchart LR')).toBe(true);
    const rendered = await renderMermaid(result.stdout);
    expect(rendered.result).toBe('rendered 42 nodes');
    expect(rendered.console).toEqual([]);
    const broken = await renderMermaid('flowchart LR\n  a[["x"] --> b');
    expect(broken.result).toMatch(/^error /);
  }, 60_000);

  it('names that need escaping stay inside their labels (quotes, #, <, backslash)', async () => {
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
    const dot = await runCli(['graph', '-m', join(dir, 'eventctl.yaml'), '--format', 'dot']);
    expect(dot.code).toBe(0);
    const rendered = renderDot(dot.stdout);
    expect(rendered.code).toBe(0);
    expect(rendered.svg).toContain('Odd &quot;Type&quot; #2');
    const mermaid = await runCli(['graph', '-m', join(dir, 'eventctl.yaml'), '--format', 'mermaid']);
    expect((await renderMermaid(mermaid.stdout)).result).toBe('rendered 5 nodes');
  }, 60_000);

  it('refuses formats it does not draw, and other commands refuse view formats', async () => {
    expect((await runCli(['graph', '-m', MANIFEST, '--format', 'sarif'])).code).toBe(2);
    const lint = await runCli(['validate', '-m', MANIFEST, '--format', 'dot']);
    expect(lint.code).toBe(2);
    expect(lint.stderr).toContain('validate does not print dot');
  });
});
