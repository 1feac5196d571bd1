import { defineCommand } from '../src/define-command.js';

export default defineCommand({
  name: 'graph',
  summary: 'draw the platform: topics → buses → rules → consumers → DLQs (mermaid or dot)',
  description:
    'Draws the topology from the manifest: topics into buses, rules to consumers (coloured by class; operational ones marked ⚠ and thick), replay guards (rules that exclude replays, opt-in replay rules dashed), DLQs, workflows, and cross-account edges in red. --format mermaid (the default) pastes into GitHub or a wiki; --format dot renders with Graphviz (dot -Tsvg); --format json is the model. Offline.',
  formats: ['mermaid', 'dot'],
  examples: ['eventctl graph > topology.mmd', 'eventctl graph --format dot | dot -Tsvg > topology.svg'],
  async run(ctx) {
    const { graphCommand } = await import('../src/graph/graph-command.js');
    return graphCommand(ctx);
  },
});
