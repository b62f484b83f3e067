import type { CatalogNode } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { onlyPlatform } from './build-platform.js';

const node = (id: string, platforms: string[]) => ({ id, platforms }) as unknown as CatalogNode;
const nodes = [node('debian:13', ['linux/amd64', 'linux/arm64']), node('app:1', ['linux/amd64', 'linux/arm64'])];
const pipelineJob = { push: true, publish: false };

describe('catalog build --platform', () => {
  it('builds each node for that platform alone (aliases accepted)', () => {
    const only = onlyPlatform(nodes, 'linux/arm64/v8', pipelineJob);
    expect(only.platform).toBe('linux/arm64');
    expect(only.nodes.map((n) => [n.id, n.platforms])).toEqual([
      ['debian:13', ['linux/arm64']],
      ['app:1', ['linux/arm64']],
    ]);
  });

  it('refuses an unknown platform, a node not built for it, and tagging one platform', () => {
    expect(() => onlyPlatform(nodes, 'linux/z80', pipelineJob)).toThrow('--platform linux/z80 is not a platform');
    expect(() => onlyPlatform([node('hello:1', ['linux/amd64'])], 'linux/arm64', pipelineJob)).toThrow(
      'hello:1 is not built for linux/arm64 (platforms: linux/amd64)',
    );
    expect(() => onlyPlatform(nodes, 'linux/amd64', { push: true, publish: true })).toThrow(
      'its tags name all of them',
    );
    expect(onlyPlatform(nodes, 'linux/amd64', { push: false, publish: true }).nodes).toHaveLength(2);
  });
});
