import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findManifest } from '../../../src/io/find-manifest.js';

const exists = (paths: string[]) => (p: string) => paths.includes(p);
const root = join('/', 'repo');

describe('findManifest', () => {
  it('EVENTCTL_MANIFEST wins', () => {
    expect(findManifest(join(root, 'a'), { EVENTCTL_MANIFEST: 'ops/platform.yaml' }, exists([join(root, 'a', 'eventctl.yaml')]))).toBe('ops/platform.yaml');
  });
  it('walks up from the working directory to the nearest eventctl.yaml', () => {
    expect(findManifest(join(root, 'services', 'billing'), {}, exists([join(root, '.git'), join(root, 'eventctl.yaml')]))).toBe(join('..', '..', 'eventctl.yaml'));
    expect(findManifest(root, {}, exists([join(root, 'eventctl.yaml')]))).toBe('eventctl.yaml');
  });
  it('stops at the git top level (never reads a manifest above the repository)', () => {
    expect(findManifest(join(root, 'svc'), {}, exists([join(root, '.git'), join('/', 'eventctl.yaml')]))).toBe('eventctl.yaml');
  });
  it('stops at the filesystem root and falls back to eventctl.yaml', () => {
    expect(findManifest(join(root, 'x', 'y'), {}, exists([]))).toBe('eventctl.yaml');
  });
});
