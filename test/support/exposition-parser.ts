import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Parses OpenMetrics / Prometheus text with the Prometheus project's own Python client
 * (Debian's python3-prometheus-client, installed by .ci/run). Both parsers run: the strict
 * OpenMetrics one and the classic text-format one a textfile collector uses. A missing parser
 * fails the test loudly; it never skips.
 */
export interface ParsedFamily {
  name: string;
  type: string;
  help: string;
  samples: Array<{ name: string; labels: Record<string, string>; value: number }>;
}

const SCRIPT = `
import json, sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families as openmetrics
from prometheus_client.parser import text_string_to_metric_families as classic
text = sys.stdin.read()
def dump(families):
    return [{"name": f.name, "type": f.type, "help": f.documentation,
             "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in f.samples]}
            for f in families]
print(json.dumps({"openmetrics": dump(openmetrics(text)), "classic": dump(classic(text))}))
`;

/** Debian's interpreter: the package installs into its dist-packages, not a pyenv's. */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

export function parseExposition(text: string): { openmetrics: ParsedFamily[]; classic: ParsedFamily[] } {
  const run = spawnSync(PYTHON, ['-c', SCRIPT], { input: text, encoding: 'utf8' });
  if (run.error || run.status !== 0) {
    const why = run.error ? run.error.message : run.stderr;
    if (/No module named 'prometheus_client'/.test(why)) {
      throw new Error(`the exposition-format parser is missing: apt-get install python3-prometheus-client (.ci/run does)\n${why}`);
    }
    throw new Error(`exposition parser rejected the text:\n${why}`);
  }
  return JSON.parse(run.stdout) as { openmetrics: ParsedFamily[]; classic: ParsedFamily[] };
}
