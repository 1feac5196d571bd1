import { CLASS_COLORS, type EdgeKind, type GraphEdge, type GraphNode, type NodeKind, type Topology } from './topology.js';

/** The topology in Graphviz DOT (`dot -Tsvg`). Pure. */

/** A DOT double-quoted string's content: backslash and quote escaped, line feeds as `\n`. */
export function dotText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n');
}

const SHAPES: Record<NodeKind, string> = {
  topic: 'shape=note, style=filled, fillcolor="#ffffff", color="#555555"',
  bus: 'shape=box3d, style=filled, fillcolor="#eef2f7", color="#44546a"',
  rule: 'shape=hexagon, style=filled, fillcolor="#ffffff", color="#44546a"',
  consumer: 'shape=box, style="rounded,filled"',
  dlq: 'shape=cylinder, style=filled, fillcolor="#f3f3f3", color="#7a7a7a"',
  workflow: 'shape=component, style=filled, fillcolor="#ffffff", color="#3d5a99"',
};

const EDGES: Record<EdgeKind, string> = {
  publish: 'color="#555555"',
  route: 'color="#44546a"',
  deliver: 'color="#44546a"',
  replay: 'style=dashed, color="#b7791f"',
  'dead-letter': 'style=dashed, color="#7a7a7a"',
  'target-dead-letter': 'style=dotted, color="#7a7a7a"',
  starts: 'color="#3d5a99"',
};

function nodeLine(n: GraphNode): string {
  const text = [n.operational ? `⚠ ${n.label}` : n.label, n.detail, n.account ? `account ${n.account}` : undefined].filter(Boolean).join('\n');
  let attrs = SHAPES[n.kind];
  if (n.consumerClass) {
    const c = CLASS_COLORS[n.consumerClass];
    attrs += `, fillcolor="${c.fill}", color="${c.stroke}"${n.operational ? ', penwidth=3' : ''}`;
  }
  if (n.kind === 'rule' && n.detail !== 'replays accepted') attrs += ', fillcolor="#fff8e1", color="#b7791f"';
  return `    ${n.id} [label="${dotText(text)}", ${attrs}];`;
}

function edgeLine(e: GraphEdge): string {
  const text = [e.label, e.crossAccount ? 'cross-account' : undefined].filter(Boolean).join('\n');
  const attrs = [e.crossAccount ? 'color="#c0392b", penwidth=2.5' : EDGES[e.kind], text ? `label="${dotText(text)}"` : undefined].filter(Boolean);
  return `  ${e.from} -> ${e.to} [${attrs.join(', ')}];`;
}

export function renderDot(topology: Topology): string {
  const lines = [
    `digraph "${dotText(topology.platform)}" {`,
    '  rankdir=LR; nodesep=0.25; ranksep=0.6; fontname="Helvetica";',
    `  label="${dotText(`${topology.platform}: topics → buses → rules → consumers → DLQs`)}"; labelloc=t; fontsize=16;`,
    '  node [fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9, arrowsize=0.7];',
  ];
  const kinds: Array<[NodeKind, string]> = [
    ['topic', 'Topics'],
    ['bus', 'Buses'],
    ['rule', 'Rules'],
    ['consumer', 'Consumers'],
    ['dlq', 'Dead-letter queues'],
    ['workflow', 'Workflows'],
  ];
  for (const [kind, title] of kinds) {
    const nodes = topology.nodes.filter((n) => n.kind === kind);
    if (nodes.length === 0) continue;
    lines.push(`  subgraph cluster_${kind} {`, `    label="${title}"; style=dashed; color="#cccccc"; fontsize=12;`);
    for (const n of nodes) lines.push(nodeLine(n));
    lines.push('  }');
  }
  for (const e of topology.edges) lines.push(edgeLine(e));
  lines.push('}');
  return lines.join('\n');
}
