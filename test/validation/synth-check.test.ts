/**
 * The output validator at synthesis: what escape hatches and JavaScript callers change after
 * construction is caught before any YAML exists, every problem of the app comes in one
 * ValidationError (never wrapped by cdk8s), and objects with one identity are refused across charts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Probe, Protocol } from 'cdk8s-plus-28';
import { NodeExporterDaemonSet, ValidationError } from '../../src';
import { agent } from '../base/fixtures';
import { thrownBy } from '../hardening/catalog';

function synthError(app: App): ValidationError {
  const error = thrownBy(() => app.synthYaml());
  expect(error).toBeInstanceOf(ValidationError);
  expect(error.message).not.toContain('Failed serializing');
  return error as ValidationError;
}

function chartIn(app: App, id = 'test', namespace = 'agents'): Chart {
  return new Chart(app, id, { namespace });
}

describe('output validation at synth', () => {
  test('rejects a port out of range added after construction, naming the agent and the emitted field', () => {
    const app = Testing.app();
    const a = agent(chartIn(app));
    a.containers[0].addPort({ number: 70000 });
    const error = synthError(app);
    expect(error.problems).toEqual([expect.objectContaining({
      path: 'test/agent',
      property: 'DaemonSet spec.template.spec.containers[agent].ports[0].containerPort',
      value: 70000,
    })]);
    expect(error.message).toBe('test/agent: invalid DaemonSet spec.template.spec.containers[agent].ports[0].containerPort: 70000. Use a port number from 1 to 65535.');
  });

  test('rejects what the API server refuses in the pod: protocol, annotation key and size, host alias, user ID', () => {
    const app = Testing.app();
    const a = agent(chartIn(app), { hostAliases: [{ ip: '999.1.1.1', hostnames: ['x'] }], securityContext: { user: -1 } });
    a.containers[0].addPort({ number: 9100, protocol: 'HTTP' as Protocol });
    a.podMetadata.addAnnotation('bad key!', 'x');
    a.podMetadata.addAnnotation('big', 'x'.repeat(300 * 1024));
    const error = synthError(app);
    const properties = error.problems.map(p => p.property);
    expect(properties).toEqual(expect.arrayContaining([
      'DaemonSet spec.template.spec.containers[agent].ports[0].protocol',
      'DaemonSet spec.template.spec.hostAliases[0].ip',
      'DaemonSet spec.template.metadata.annotations key',
      'DaemonSet spec.template.metadata.annotations',
      'DaemonSet spec.template.spec.securityContext.runAsUser',
    ]));
    // All at once, one line each, the first starting with the construct path.
    expect(error.message.split('\n')).toHaveLength(error.problems.length);
    expect(error.problems.length).toBeGreaterThanOrEqual(4);
  });

  test('rejects pod annotations the API server reads as settings: AppArmor for a container the pod lacks, a seccomp profile against the field', () => {
    const app = Testing.app();
    const a = agent(chartIn(app));
    a.podMetadata.addAnnotation('container.apparmor.security.beta.kubernetes.io/exporter', 'unconfined');
    a.podMetadata.addAnnotation('seccomp.security.alpha.kubernetes.io/pod', 'unconfined');
    const error = synthError(app);
    expect(error.problems).toEqual([
      expect.objectContaining({
        path: 'test/agent',
        property: 'DaemonSet spec.template.metadata.annotations[container.apparmor.security.beta.kubernetes.io/exporter]',
        value: 'exporter',
      }),
      expect.objectContaining({
        path: 'test/agent',
        property: 'DaemonSet spec.template.metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]',
        value: 'unconfined',
      }),
    ]);
    expect(error.message).toContain('An AppArmor annotation names a container of the pod ("agent")');
    expect(error.message).toContain('securityContext.seccompProfile (RuntimeDefault) must name the same profile');
  });

  test('rejects a probe on a port out of range', () => {
    const app = Testing.app();
    const a = agent(chartIn(app));
    (a.containers[0] as any)._readiness = Probe.fromTcpSocket({ port: 70000 });
    const error = synthError(app);
    expect(error.problems.map(p => p.property)).toContain('DaemonSet spec.template.spec.containers[agent].readinessProbe.tcpSocket.port');
  });

  test('rejects two agents that emit the same objects from different charts', () => {
    const app = Testing.app();
    new NodeExporterDaemonSet(chartIn(app, 'a'), 'node-exporter');
    new NodeExporterDaemonSet(chartIn(app, 'b'), 'node-exporter');
    const error = synthError(app);
    const duplicate = error.problems.find(p => p.property === 'object identity' && String(p.value).startsWith('DaemonSet.apps monitoring/node-exporter'));
    expect(duplicate).toEqual(expect.objectContaining({ path: 'b/node-exporter/DaemonSet', fix: expect.stringContaining('a/node-exporter/DaemonSet emits the same object') }));
  });

  test('checks a Deployment and a PodDisruptionBudget of an app with an agent as the API server does, naming their constructs', () => {
    const app = Testing.app();
    const chart = chartIn(app);
    agent(chart);
    const labels = { app: 'operator' };
    const template = { metadata: { labels }, spec: { containers: [{ name: 'operator', image: 'example.com/operator:1.0' }] } };
    new ApiObject(chart, 'operator', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'operator' },
      spec: { replicas: 1, selector: { matchLabels: labels }, template, strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } }, minReadySeconds: 700 },
    });
    new ApiObject(chart, 'budget', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'operator' },
      spec: { minAvailable: 1, maxUnavailable: 1, selector: { matchLabels: labels } },
    });
    const error = synthError(app);
    expect(error.problems.map(p => [p.path, p.property])).toEqual([
      ['test/operator', 'Deployment spec.strategy.rollingUpdate'],
      ['test/operator', 'Deployment spec.progressDeadlineSeconds'],
      ['test/budget', 'PodDisruptionBudget spec.maxUnavailable'],
    ]);
    expect(error.message).toContain('The progress deadline must be longer than minReadySeconds (700).');
  });

  test('rejects the same object name from a user ApiObject and an agent', () => {
    const app = Testing.app();
    const chart = chartIn(app);
    agent(chart);
    new ApiObject(chart, 'mine', { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' }, spec: {} });
    expect(synthError(app).problems.map(p => p.property)).toContain('object identity');
  });

  test('writes nothing when the app is refused', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-check-'));
    const app = new App({ outdir });
    const a = agent(chartIn(app));
    a.containers[0].addPort({ number: 0 });
    expect(() => app.synth()).toThrow(ValidationError);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test('checks again after a change between two syntheses (nothing is reused across syntheses)', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-check-'));
    const app = new App({ outdir });
    const a = agent(chartIn(app));
    app.synth();
    const first = fs.readFileSync(path.join(outdir, 'test.k8s.yaml'), 'utf8');
    a.containers[0].addPort({ number: 70000 });
    expect(() => app.synth()).toThrow(/containerPort: 70000/);
    a.containers[0].addPort({ number: 9100, name: 'metrics' });
    expect(() => app.synth()).toThrow(ValidationError);
    expect(fs.readFileSync(path.join(outdir, 'test.k8s.yaml'), 'utf8')).toBe(first);
  });

  test('a synthesis writes what a later Chart.toJson() produces (the serialized objects are reused only within it)', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-check-'));
    const app = new App({ outdir });
    const chart = chartIn(app);
    const a = agent(chart);
    app.synth();
    a.metadata.addLabel('team', 'platform');
    expect(chart.toJson().find((o: any) => o.kind === 'DaemonSet').metadata.labels.team).toBe('platform');
    app.synth();
    expect(fs.readFileSync(path.join(outdir, 'test.k8s.yaml'), 'utf8')).toContain('team: platform');
  });

  test('serializes each object once per app.synth(), however many charts', () => {
    const app = Testing.app();
    const agents = [1, 2, 3].map(i => agent(chartIn(app, `c${i}`), { instance: `agent-${i}` }));
    let calls = 0;
    for (const a of agents) {
      const original = (a as any)._toKube.bind(a);
      (a as any)._toKube = () => { calls++; return original(); };
    }
    app.synth();
    expect(calls).toBe(3);
  });
});

test('a Namespace reads its agents\' DaemonSets from the same serialization (one _toKube per agent per app.synth())', () => {
  const app = Testing.app();
  const exporters = [1, 2].map(i => new NodeExporterDaemonSet(chartIn(app, `c${i}`, `ns${i}`), 'node-exporter', { namespace: `ns${i}` }));
  let calls = 0;
  for (const e of exporters) {
    const original = (e.daemonSet as any)._toKube.bind(e.daemonSet);
    (e.daemonSet as any)._toKube = () => { calls++; return original(); };
  }
  app.synth();
  expect(calls).toBe(2);
});
