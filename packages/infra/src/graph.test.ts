import { describe, expect, it } from 'vitest';

import { deployWaves, graphAsMermaid, graphAsText, type StackNode } from './graph.js';

const node = (name: string, ...dependsOn: string[]): StackNode => ({
  name,
  region: 'ap-northeast-1',
  dependsOn,
});

describe('deploy waves', () => {
  it('puts independent stacks in one wave and every stack after its dependencies', () => {
    const waves = deployWaves([
      node('web', 'api', 'edge'),
      node('api', 'data'),
      node('data'),
      node('edge'),
    ]);

    expect(waves).toEqual([['data', 'edge'], ['api'], ['web']]);
  });

  it('names the stacks of a dependency cycle instead of looping', () => {
    expect(() => deployWaves([node('a', 'b'), node('b', 'a'), node('c')])).toThrow(
      'The stack dependencies form a cycle among: a, b',
    );
  });
});

describe('printed graph', () => {
  const graph = [node('ltc-dev-data'), node('ltc-dev-api', 'ltc-dev-data')];

  it('lists each stack with what it waits for, then the waves', () => {
    expect(graphAsText(graph)).toBe(
      [
        'Stacks:',
        '  ltc-dev-data [ap-northeast-1] after (nothing)',
        '  ltc-dev-api [ap-northeast-1] after ltc-dev-data',
        '',
        'Deploy waves (stacks of a wave deploy in parallel):',
        '  wave 1: ltc-dev-data',
        '  wave 2: ltc-dev-api',
      ].join('\n'),
    );
  });

  it('draws a Mermaid flowchart with one subgraph per wave', () => {
    const mermaid = graphAsMermaid(graph);

    expect(mermaid.split('\n')[0]).toBe('flowchart TD');
    expect(mermaid).toContain('subgraph wave1["wave 1"]');
    expect(mermaid).toContain('ltc_dev_api --> ltc_dev_data');
  });
});
