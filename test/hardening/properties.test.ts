/**
 * Property-based tests: random valid configurations of NodeAgent and of each agent always
 * synthesize objects that pass the Kubernetes schema and the API server's rules (selector
 * matches the template, DNS-1123 names, unique names, port ranges, the hostNetwork port rule,
 * the update-strategy rule: test/support/manifests.ts); random invalid ones always throw our
 * own validation error while building, never a TypeError and never a manifest.
 *
 * The seed is fixed in `npm test` and random in `npx projen test:long`, which also tries ten times
 * the configurations (test/support/fast-check-setup.ts); fast-check prints the seed and the shrunk
 * counterexample of a failure. `npm test` tries 60 valid and 120 invalid configurations for
 * NodeAgent and each agent, which keeps this file around 20 s on a 2-core machine.
 */
import { Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { agentSpec, buildAgent } from './arbitraries';
import { agentConfigs } from './arbitraries-agents';
import { thrownBy } from './catalog';
import { agentMutation, Mutation } from './mutations';
import { PrivilegeAudit, ValidationError } from '../../src';
import { Manifest, newChart, only, synth } from '../support/manifests';
import { propertyRuns } from '../support/property-runs';

const RUNS = { valid: propertyRuns(60), invalid: propertyRuns(120) };

/** Asserts that `error` is our validation error for the construct at `path`. */
function expectOwnError(error: Error, path: string): void {
  expect(error).toBeInstanceOf(ValidationError); // not a TypeError, RangeError or SyntaxError
  expect(error.message).toMatch(new RegExp(`^${path}[:/]`));
  expect(error.message).toContain(': invalid ');
}

/** Builds `build` in a fresh chart; it must be refused while building, so no manifest exists. */
function expectRefused(build: (chart: Chart) => unknown, path: string): void {
  const chart = newChart();
  expectOwnError(thrownBy(() => build(chart)), path);
}

function daemonSetOf(objs: Manifest[]): Manifest {
  return only(objs, 'DaemonSet');
}

describe('NodeAgent, random configurations', () => {
  test('valid ones synthesize objects the schema and the API server accept', () => {
    fc.assert(fc.property(agentSpec, spec => {
      const chart = newChart();
      buildAgent(chart, spec);
      const ds = daemonSetOf(synth(chart));
      // What was asked for is what was written.
      expect(ds.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': spec.props.name, 'app.kubernetes.io/instance': spec.props.instance });
      expect(ds.spec.template.spec.containers.map((c: any) => c.name)).toEqual(spec.props.containers!.map(c => c.name));
      expect(ds.spec.template.spec.tolerations ?? []).toHaveLength(spec.props.tolerations!.length);
      expect(ds.spec.template.spec.volumes ?? []).toHaveLength(spec.mounts.length);
      expect(ds.spec.updateStrategy.type).toBe((spec.props.updateStrategy?.type) ?? 'RollingUpdate');
    }), { numRuns: RUNS.valid });
  });

  test('invalid ones throw our own error while building', () => {
    fc.assert(fc.property(agentSpec, agentMutation, (spec, mutation: Mutation<any>) => {
      expectRefused(chart => buildAgent(chart, mutation.apply(spec)), 'test/agent');
    }), { numRuns: RUNS.invalid });
  });
});

/**
 * The PrometheusRule exists as `alerts` asks, or, without it, with a ServiceMonitor or PodMonitor;
 * every alert has the severity asked for, and no excluded alert is there.
 */
function expectAlerts(objs: Manifest[], props: any): void {
  const monitored = objs.some(o => o.kind === 'ServiceMonitor' || o.kind === 'PodMonitor');
  const rules = objs.filter(o => o.kind === 'PrometheusRule').flatMap(o => o.spec.groups.flatMap((g: any) => g.rules));
  const wanted = props.alerts === undefined ? monitored : props.alerts.enabled ?? true;
  expect(rules.length > 0).toBe(wanted);
  for (const r of rules) {
    expect(props.alerts?.exclude ?? []).not.toContain(r.alert);
    expect(r.labels.severity).toBe(props.alerts?.severities?.[r.alert] ?? 'warning');
  }
}

describe.each(agentConfigs)('$name, random configurations', ({ id, valid, mutation, build, check }) => {
  test('valid ones synthesize objects the schema and the API server accept, every privilege justified', () => {
    fc.assert(fc.property(valid, props => {
      const chart = newChart();
      build(chart, props);
      const objs = synth(chart);
      check(objs, props);
      expectAlerts(objs, props);
      // `audit --fail-on-unjustified` must pass for whatever an agent accepts: it justifies what it asks for.
      const report = PrivilegeAudit.audit(objs);
      expect(PrivilegeAudit.formatText(report)).not.toContain('UNJUSTIFIED');
      expect(PrivilegeAudit.unjustifiedCount(report)).toBe(0);
    }), { numRuns: RUNS.valid });
  });

  test('invalid ones throw our own error while building', () => {
    fc.assert(fc.property(valid, mutation, (props, m: Mutation<any>) => {
      expectRefused(chart => build(chart, m.apply(props)), `test/${id}`);
    }), { numRuns: RUNS.invalid });
  });
});
