import { CLASS_COLORS, type EdgeKind, type GraphNode, type NodeKind, type Topology } from './topology.js';

/**
 * The topology as a standalone SVG, laid out by eventctl itself (no Graphviz, no browser script):
 * one column per node kind, left to right, nodes ordered by the barycentre of their neighbours to
 * keep crossings down. For the HTML review page, which must render offline from one file. Pure.
 */

const COLUMNS: readonly NodeKind[] = ['topic', 'bus', 'rule', 'consumer', 'dlq', 'workflow'];
const COLUMN_TITLES: Record<NodeKind, string> = {
  topic: 'Topics',
  bus: 'Buses',
  rule: 'Rules',
  consumer: 'Consumers',
  dlq: 'Dead-letter queues',
  workflow: 'Workflows',
};
const NODE_HEIGHT = 40;
const ROW_GAP = 12;
const COLUMN_GAP = 70;
const CHAR_WIDTH = 7.4;
const TOP = 44;

export function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

interface Placed {
  node: GraphNode;
  x: number;
  y: number;
  width: number;
}

const NODE_STYLE: Record<NodeKind, { fill: string; stroke: string; rx: number }> = {
  topic: { fill: '#ffffff', stroke: '#6b7280', rx: 18 },
  bus: { fill: '#eef2f7', stroke: '#44546a', rx: 2 },
  rule: { fill: '#ffffff', stroke: '#44546a', rx: 10 },
  consumer: { fill: '#ffffff', stroke: '#44546a', rx: 6 },
  dlq: { fill: '#f3f3f3', stroke: '#7a7a7a', rx: 12 },
  workflow: { fill: '#ffffff', stroke: '#3d5a99', rx: 2 },
};

const EDGE_STYLE: Record<EdgeKind, string> = {
  publish: 'stroke="#8a94a6"',
  route: 'stroke="#44546a"',
  deliver: 'stroke="#44546a"',
  replay: 'stroke="#b7791f" stroke-dasharray="6 4"',
  'dead-letter': 'stroke="#7a7a7a" stroke-dasharray="4 4"',
  'target-dead-letter': 'stroke="#7a7a7a" stroke-dasharray="2 3"',
  starts: 'stroke="#3d5a99"',
};

function order(topology: Topology): GraphNode[][] {
  const columns = COLUMNS.map((kind) => topology.nodes.filter((n) => n.kind === kind)).filter((c) => c.length > 0);
  const neighbours = new Map<string, string[]>();
  for (const e of topology.edges) {
    neighbours.set(e.from, [...(neighbours.get(e.from) ?? []), e.to]);
    neighbours.set(e.to, [...(neighbours.get(e.to) ?? []), e.from]);
  }
  const position = new Map<string, number>();
  const index = () => columns.forEach((col) => col.forEach((n, i) => position.set(n.id, i / Math.max(1, col.length - 1))));
  index();
  // Two sweeps of the barycentre heuristic: right then left.
  for (const sweep of [1, -1, 1]) {
    const range = sweep === 1 ? columns.keys() : [...columns.keys()].reverse();
    for (const c of range) {
      const col = columns[c]!;
      const score = (n: GraphNode) => {
        const ys = (neighbours.get(n.id) ?? []).map((id) => position.get(id)).filter((y): y is number => y !== undefined);
        return ys.length > 0 ? ys.reduce((a, b) => a + b, 0) / ys.length : position.get(n.id)!;
      };
      const scored = col.map((n, i) => ({ n, s: score(n), i }));
      scored.sort((a, b) => a.s - b.s || a.i - b.i);
      columns[c] = scored.map((x) => x.n);
      columns[c]!.forEach((n, i) => position.set(n.id, i / Math.max(1, columns[c]!.length - 1)));
    }
  }
  return columns;
}

export function renderTopologySvg(topology: Topology): string {
  const columns = order(topology);
  const placed = new Map<string, Placed>();
  const tallest = Math.max(...columns.map((c) => c.length));
  const height = TOP + tallest * (NODE_HEIGHT + ROW_GAP) + 10;
  let x = 10;
  const titles: string[] = [];
  for (const col of columns) {
    const width = Math.max(...col.map((n) => Math.max(labelOf(n).length, n.detail?.length ?? 0) * CHAR_WIDTH + 24), 110);
    const columnHeight = col.length * (NODE_HEIGHT + ROW_GAP) - ROW_GAP;
    const top = TOP + (height - TOP - 10 - columnHeight) / 2;
    col.forEach((node, i) => placed.set(node.id, { node, x, y: top + i * (NODE_HEIGHT + ROW_GAP), width }));
    titles.push(`<text x="${x + width / 2}" y="22" class="col">${xmlText(COLUMN_TITLES[col[0]!.kind])}</text>`);
    x += width + COLUMN_GAP;
  }
  const width = x - COLUMN_GAP + 10;

  const edges = topology.edges.flatMap((e) => {
    const a = placed.get(e.from);
    const b = placed.get(e.to);
    if (!a || !b) return [];
    const x1 = a.x + a.width;
    const y1 = a.y + NODE_HEIGHT / 2;
    const x2 = b.x - 2;
    const y2 = b.y + NODE_HEIGHT / 2;
    const bend = Math.max(30, (x2 - x1) / 2);
    const style = e.crossAccount ? 'stroke="#c0392b" stroke-width="2.5"' : EDGE_STYLE[e.kind];
    const title = [e.label, e.crossAccount ? 'cross-account' : undefined].filter(Boolean).join(' · ');
    return [
      `<path d="M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}" fill="none" ${style} marker-end="url(#arrow)"><title>${xmlText(`${a.node.label} → ${b.node.label}${title ? `: ${title}` : ''}`)}</title></path>`,
    ];
  });

  const nodes = [...placed.values()].map(({ node, x: nx, y, width: w }) => {
    const style = NODE_STYLE[node.kind];
    const colours = node.consumerClass ? CLASS_COLORS[node.consumerClass] : guarded(node) ? { fill: '#fff8e1', stroke: '#b7791f' } : style;
    const strokeWidth = node.operational ? 3 : 1.2;
    const detail = [node.detail, node.account ? `account ${node.account}` : undefined].filter(Boolean).join(' · ');
    return [
      `<g class="node ${node.kind}${node.consumerClass ? ` ${node.consumerClass}` : ''}" data-id="${xmlText(node.id)}">`,
      `<rect x="${nx}" y="${y}" width="${w}" height="${NODE_HEIGHT}" rx="${style.rx}" fill="${colours.fill}" stroke="${colours.stroke}" stroke-width="${strokeWidth}"/>`,
      `<text x="${nx + w / 2}" y="${y + (detail ? 17 : 25)}" class="label">${xmlText(labelOf(node))}</text>`,
      detail ? `<text x="${nx + w / 2}" y="${y + 31}" class="detail">${xmlText(detail)}</text>` : '',
      '</g>',
    ].join('');
  });

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${Math.ceil(width)} ${Math.ceil(height)}" width="${Math.ceil(width)}" height="${Math.ceil(height)}" role="img" aria-label="${xmlText(`Topology of ${topology.platform}`)}" class="topology">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#6b7280"/></marker></defs>',
    '<style>.col{font:600 13px system-ui,sans-serif;fill:#6b7280;text-anchor:middle}.label{font:600 12px system-ui,sans-serif;fill:#1b1b1b;text-anchor:middle}.detail{font:10.5px system-ui,sans-serif;fill:#4b5563;text-anchor:middle}</style>',
    ...titles,
    ...edges,
    ...nodes,
    '</svg>',
  ].join('\n');
}

function labelOf(node: GraphNode): string {
  return node.operational ? `⚠ ${node.label}` : node.label;
}

function guarded(node: GraphNode): boolean {
  return node.kind === 'rule' && node.detail !== 'replays accepted';
}
