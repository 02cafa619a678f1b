/**
 * Inputs the specs allow, which a check must not refuse: edge cases the property tests found,
 * kept as examples. Each is built in a fresh chart and synthesized through the schema and the
 * API server's rules.
 */
import { Chart } from 'cdk8s';
import { agent, agentContainer } from '../base/fixtures';
import { newChart, synth } from '../support/manifests';

interface ValidInput {
  /** "accepts <what>". */
  readonly name: string;
  readonly build: (chart: Chart) => unknown;
}

const inputs: ValidInput[] = [
  // distribution/reference (and the OCI distribution spec): a path component's separator is
  // ".", "_", "__" or any number of "-".
  {
    name: 'accepts an image repository with a double dash',
    build: chart => agent(chart, { containers: [agentContainer({ image: 'registry.example.com/node--agent:v1.0.0' })] }),
  },
  {
    name: 'accepts an image repository with a double underscore',
    build: chart => agent(chart, { containers: [agentContainer({ image: 'registry.example.com/team/node__agent:v1.0.0' })] }),
  },
];

describe('valid inputs', () => {
  test.each(inputs.map(i => [i.name, i] as const))('%s', (_name, input) => {
    const chart = newChart();
    input.build(chart);
    expect(synth(chart).length).toBeGreaterThan(0);
  });
});
