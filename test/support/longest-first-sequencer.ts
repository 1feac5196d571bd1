import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Orders every file of every project by how long it took last time (failed first), else by size,
 * longest first. vitest's own order runs the projects one after another (e2e, integration, unit),
 * which started the longest integration file last and left two workers idle while it ran.
 */
export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { cache, config } = this.ctx;
    const key = (spec: TestSpecification) => `${spec.project.name}:${relative(config.root, spec.moduleId)}`;
    const weight = (spec: TestSpecification) => {
      const last = cache.getFileTestResults(key(spec));
      if (last) return { failed: last.failed ? 1 : 0, known: 1, size: last.duration };
      return { failed: 0, known: 0, size: cache.getFileStats(key(spec))?.size ?? Number.MAX_SAFE_INTEGER };
    };
    const weights = new Map(files.map((spec) => [spec, weight(spec)]));
    return [...files].sort((a, b) => {
      const order = a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder;
      if (order !== 0) return order;
      const wa = weights.get(a)!;
      const wb = weights.get(b)!;
      // Failed last time first; then files never run here (a clean checkout: all of them), by
      // byte size; then the rest by last duration. Sizes and durations are never compared.
      if (wa.failed !== wb.failed) return wb.failed - wa.failed;
      if (wa.known !== wb.known) return wa.known - wb.known;
      return wb.size - wa.size;
    });
  }
}
