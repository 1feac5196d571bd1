import { CLASS_COLORS, type EdgeKind, type GraphEdge, type GraphNode, type NodeKind, type Topology } from './topology.js';

/**
 * The topology as a Mermaid flowchart (GitHub, GitLab and most wikis render it inline). Pure.
 * Labels are quoted and escaped with Mermaid's entity codes, so any name is safe.
 */

/** Mermaid labels: `"` and `#` become entity codes; `<`/`>` too, since labels are HTML. */
export function mermaidText(text: string): string {
  return text.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

const SHAPES: Record<NodeKind, [string, string]> = {
  topic: ['([', '])'],
  bus: ['[[', ']]'],
  rule: ['{{', '}}'],
  consumer: ['[', ']'],
  dlq: ['[(', ')]'],
  workflow: ['>', ']'],
};

const ARROWS: Record<EdgeKind, string> = {
  publish: '-->',
  route: '-->',
  deliver: '-->',
  replay: '-.->',
  'dead-letter': '-.->',
  'target-dead-letter': '-.->',
  starts: '-->',
};

function label(node: GraphNode): string {
  const head = node.operational ? `⚠ ${node.label}` : node.label;
  const lines = [mermaidText(head), ...(node.detail ? [`<small>${mermaidText(node.detail)}</small>`] : [])];
  if (node.account) lines.push(`<small>account ${mermaidText(node.account)}</small>`);
  return `"${lines.join('<br/>')}"`;
}

function edgeLine(e: GraphEdge): string {
  const arrow = e.crossAccount ? '==>' : ARROWS[e.kind];
  const text = [e.label, e.crossAccount ? 'cross-account' : undefined].filter(Boolean).join(' · ');
  return `  ${e.from} ${arrow}${text ? `|"${mermaidText(text)}"|` : ''} ${e.to}`;
}

export function renderMermaid(topology: Topology): string {
  const lines = ['flowchart LR', `  %% ${topology.platform}: topics → buses → rules → consumers → DLQs`];
  const byKind = (kind: NodeKind) => topology.nodes.filter((n) => n.kind === kind);
  const group = (title: string, kind: NodeKind) => {
    const nodes = byKind(kind);
    if (nodes.length === 0) return;
    lines.push(`  subgraph group_${kind} ["${title}"]`, '    direction TB');
    for (const n of nodes) lines.push(`    ${n.id}${SHAPES[n.kind][0]}${label(n)}${SHAPES[n.kind][1]}${classOf(n)}`);
    lines.push('  end', `  style group_${kind} fill:#fafbfc,stroke:#d0d7de,color:#57606a`);
  };
  group('Topics', 'topic');
  group('Buses', 'bus');
  group('Rules', 'rule');
  group('Consumers', 'consumer');
  group('Dead-letter queues', 'dlq');
  group('Workflows', 'workflow');
  for (const e of topology.edges) lines.push(edgeLine(e));
  for (const [cls, c] of Object.entries(CLASS_COLORS)) {
    lines.push(`  classDef ${cls} fill:${c.fill},stroke:${c.stroke},color:#1b1b1b${cls === 'operational' ? ',stroke-width:3px' : ''}`);
  }
  lines.push('  classDef dlq fill:#f3f3f3,stroke:#7a7a7a,color:#1b1b1b');
  lines.push('  classDef guarded fill:#fff8e1,stroke:#b7791f,color:#1b1b1b');
  return lines.join('\n');
}

function classOf(node: GraphNode): string {
  if (node.consumerClass) return `:::${node.consumerClass}`;
  if (node.kind === 'dlq') return ':::dlq';
  if (node.kind === 'rule' && node.detail !== 'replays accepted') return ':::guarded';
  return '';
}
