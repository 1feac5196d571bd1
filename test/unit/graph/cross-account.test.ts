import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderDot } from '../../../src/graph/dot.js';
import { renderMermaid } from '../../../src/graph/mermaid.js';
import { renderTopologySvg } from '../../../src/graph/svg.js';
import type { Topology } from '../../../src/graph/topology.js';

/** What the model draws once consumers can live in another account (the manifest's coming accounts). */
const topology: Topology = {
  platform: 'p',
  account: '111111111111',
  nodes: [
    { id: 'bus_orders', kind: 'bus', label: 'orders' },
    { id: 'rule_orders_mirror', kind: 'rule', label: 'mirror', detail: 'replays accepted' },
    { id: 'consumer_mirror', kind: 'consumer', label: 'mirror', detail: 'projection · eventbridge', consumerClass: 'projection', account: '222222222222' },
  ],
  edges: [
    { from: 'bus_orders', to: 'rule_orders_mirror', kind: 'route', label: 'OrderPlaced' },
    { from: 'rule_orders_mirror', to: 'consumer_mirror', kind: 'deliver', crossAccount: true },
  ],
};

describe('cross-account edges', () => {
  it('are drawn distinctly by every renderer, and the account is named on the node', () => {
    const dot = renderDot(topology);
    expect(dot).toContain('rule_orders_mirror -> consumer_mirror [color="#c0392b", penwidth=2.5, label="cross-account"]');
    expect(dot).toContain('account 222222222222');
    const rendered = spawnSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8' });
    if (rendered.error) throw new Error(`graphviz is missing: apt-get install graphviz (.ci/run does)`);
    expect(rendered.status).toBe(0);
    expect(renderMermaid(topology)).toContain('rule_orders_mirror ==>|"cross-account"| consumer_mirror');
    expect(renderTopologySvg(topology)).toMatch(/stroke="#c0392b" stroke-width="2.5"[^>]*><title>mirror → mirror: cross-account<\/title>/);
  });
});
