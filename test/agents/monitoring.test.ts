/**
 * What every agent's monitoring objects share: the optional VerticalPodAutoscaler (Off by
 * default), relabelings, metricRelabelings and tlsConfig on the ServiceMonitor or PodMonitor,
 * each checked as its consumer reads it (the VPA CRD, Prometheus) and validated against the CRD
 * schemas by the shared test helper.
 */
import { Chart, JsonPatch, Size, Testing } from 'cdk8s';
import { Cpu, Secret } from 'cdk8s-plus-28';
import {
  AgentOptions, CniAgentDaemonSet, GpuMonitorDaemonSet, LogCollectorDaemonSet, LogOutput, NodeExporterDaemonSet, RelabelAction,
  ValidationError, VpaControlledValues, VpaUpdateMode,
} from '../../src';
import { objectProblems } from '../../src/validation/output/object-rules';
import { Manifest, newChart, only, synth, validateSchema } from '../support/manifests';

const AGENTS: [string, (chart: Chart, options: AgentOptions) => unknown, string, string][] = [
  ['NodeExporterDaemonSet', (c, o) => new NodeExporterDaemonSet(c, 'agent', o), 'node-exporter', 'node-exporter'],
  ['LogCollectorDaemonSet', (c, o) => new LogCollectorDaemonSet(c, 'agent', { outputs: [LogOutput.stdout()], ...o }), 'fluent-bit', 'fluent-bit'],
  ['CniAgentDaemonSet', (c, o) => new CniAgentDaemonSet(c, 'agent', o), 'flannel', 'flannel'],
  ['GpuMonitorDaemonSet', (c, o) => new GpuMonitorDaemonSet(c, 'agent', o), 'dcgm-exporter', 'exporter'],
];

function errorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('verticalPodAutoscaler', () => {
  test.each(AGENTS)('%s: {} emits a VPA in recommendation mode targeting its DaemonSet, in its namespace and sync wave', (_name, build, instance) => {
    const chart = newChart();
    build(chart, { verticalPodAutoscaler: {} });
    const objs = synth(chart);
    const ds = only(objs, 'DaemonSet');
    const vpa = only(objs, 'VerticalPodAutoscaler');
    expect(vpa.apiVersion).toBe('autoscaling.k8s.io/v1');
    expect(vpa.metadata).toMatchObject({ name: instance, namespace: ds.metadata.namespace, labels: ds.metadata.labels });
    expect(vpa.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe(ds.metadata.annotations['argocd.argoproj.io/sync-wave']);
    expect(vpa.spec).toEqual({ targetRef: { apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.metadata.name }, updatePolicy: { updateMode: 'Off' } });
  });

  test.each(AGENTS)('%s: none by default', (_name, build) => {
    const chart = newChart();
    build(chart, {});
    expect(synth(chart).filter(o => o.kind === 'VerticalPodAutoscaler')).toEqual([]);
  });

  test('bounds, controlled values and the update mode apply to the main container', () => {
    const chart = newChart();
    const ne = new NodeExporterDaemonSet(chart, 'ne', {
      verticalPodAutoscaler: {
        updateMode: VpaUpdateMode.INITIAL,
        minAllowed: { cpu: Cpu.millis(50), memory: Size.mebibytes(64) },
        maxAllowed: { memory: Size.mebibytes(512) },
        controlledValues: VpaControlledValues.REQUESTS_ONLY,
      },
    });
    const vpa = only(synth(chart), 'VerticalPodAutoscaler');
    expect(ne.verticalPodAutoscaler).toBeDefined();
    expect(vpa.spec.updatePolicy).toEqual({ updateMode: 'Initial' });
    expect(vpa.spec.resourcePolicy).toEqual({
      containerPolicies: [{ containerName: 'node-exporter', minAllowed: { cpu: '50m', memory: '65536Ki' }, maxAllowed: { memory: '524288Ki' }, controlledValues: 'RequestsOnly' }],
    });
  });

  test('refuses a lower bound above the upper one, and bounds that are not positive, naming each', () => {
    const error = errorOf(() => new GpuMonitorDaemonSet(newChart(), 'gpu', {
      verticalPodAutoscaler: { minAllowed: { cpu: Cpu.units(2), memory: Size.mebibytes(0) }, maxAllowed: { cpu: Cpu.millis(500) } },
    }));
    expect(error.message).toBe([
      'test/gpu: invalid verticalPodAutoscaler.minAllowed.memory: 0. Use a positive whole number of kibibytes or more, e.g. Size.mebibytes(64).',
      'test/gpu: invalid verticalPodAutoscaler.minAllowed.cpu: "2000m". The lower bound is above maxAllowed.cpu (500m): lower minAllowed or raise maxAllowed.',
    ].join('\n'));
  });

  test('refuses a wrong type and an unknown mode (JavaScript callers)', () => {
    const error = errorOf(() => new CniAgentDaemonSet(newChart(), 'cni', { verticalPodAutoscaler: { updateMode: 'Auto' as VpaUpdateMode } }));
    expect(error.problems[0]).toMatchObject({ property: 'verticalPodAutoscaler.updateMode', fix: expect.stringMatching(/^Give one of VpaUpdateMode: "Off", "Initial", "Recreate", "InPlaceOrRecreate"/) });
  });

  test('the output validator and the CRD schema refuse what the VPA CRD refuses (escape hatches)', () => {
    const vpa = { apiVersion: 'autoscaling.k8s.io/v1', kind: 'VerticalPodAutoscaler', metadata: { name: 'x', namespace: 'y' } };
    const bad = { ...vpa, spec: { targetRef: { kind: 'DaemonSet' }, updatePolicy: { updateMode: 'Sometimes' }, resourcePolicy: { containerPolicies: [{ containerName: 'a', minAllowed: { cpu: '2' }, maxAllowed: { cpu: '1', memory: 'lots' } }] } } };
    expect(objectProblems(bad).map(p => p.property)).toEqual([
      'spec.targetRef.name', 'spec.updatePolicy.updateMode', 'spec.resourcePolicy.containerPolicies[0].maxAllowed.memory', 'spec.resourcePolicy.containerPolicies[0].minAllowed.cpu',
    ]);
    expect(() => validateSchema(bad as Manifest)).toThrow(/VerticalPodAutoscaler\.spec\.targetRef\.name is required; .*updateMode must be one of Off, Initial, Recreate, InPlaceOrRecreate, InPlace, Auto; .*maxAllowed\.memory must be a quantity/);
    expect(() => validateSchema({ ...vpa, spec: { targetRef: { kind: 'DaemonSet', name: 'x' }, updatePolicy: { mode: 'Off' } } } as Manifest)).toThrow(/spec\.updatePolicy\.mode is not in the schema/);
  });

  test('synthesis refuses a VPA an escape hatch broke', () => {
    const chart = newChart();
    const ne = new NodeExporterDaemonSet(chart, 'ne', { verticalPodAutoscaler: {} });
    ne.verticalPodAutoscaler!.addJsonPatch(JsonPatch.replace('/spec/updatePolicy/updateMode', 'Always'));
    expect(() => Testing.synth(chart)).toThrow(/VerticalPodAutoscaler.*spec\.updatePolicy\.updateMode: "Always"\. The VPA CRD allows Off, Initial/);
  });
});

describe('relabelings, metricRelabelings and tlsConfig', () => {
  test('reach the ServiceMonitor after the node-name rule, with Prometheus\'s defaults left out', () => {
    const chart = newChart();
    new GpuMonitorDaemonSet(chart, 'gpu', {
      serviceMonitorOptions: {
        relabelings: [{ sourceLabels: ['__meta_kubernetes_node_label_topology_kubernetes_io_zone'], targetLabel: 'zone' }],
        metricRelabelings: [
          { action: RelabelAction.DROP, sourceLabels: ['__name__'], regex: 'DCGM_FI_DEV_(MEM|SM)_CLOCK' },
          { action: RelabelAction.LABEL_DROP, regex: 'Hostname' },
          { action: RelabelAction.HASH_MOD, sourceLabels: ['instance'], targetLabel: '__tmp_shard', modulus: 4 },
        ],
      },
    });
    const endpoint = only(synth(chart), 'ServiceMonitor').spec.endpoints[0];
    expect(endpoint.relabelings).toEqual([
      { action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'instance' },
      { action: 'replace', sourceLabels: ['__meta_kubernetes_node_label_topology_kubernetes_io_zone'], targetLabel: 'zone' },
    ]);
    expect(endpoint.metricRelabelings).toEqual([
      { action: 'drop', sourceLabels: ['__name__'], regex: 'DCGM_FI_DEV_(MEM|SM)_CLOCK' },
      { action: 'labeldrop', regex: 'Hostname' },
      { action: 'hashmod', sourceLabels: ['instance'], targetLabel: '__tmp_shard', modulus: 4 },
    ]);
  });

  test('the GPU monitor offers a PodMonitor too, with the same options', () => {
    const chart = newChart();
    new GpuMonitorDaemonSet(chart, 'gpu', { podMonitor: true, serviceMonitorOptions: { metricRelabelings: [{ action: RelabelAction.KEEP, sourceLabels: ['__name__'], regex: 'DCGM_.*' }] } });
    const objs = synth(chart);
    expect(objs.filter(o => o.kind === 'ServiceMonitor')).toEqual([]);
    expect(only(objs, 'PodMonitor').spec.podMetricsEndpoints[0]).toMatchObject({ port: 'metrics', honorLabels: true, metricRelabelings: [{ action: 'keep', sourceLabels: ['__name__'], regex: 'DCGM_.*' }] });
  });

  test('refuse what Prometheus refuses when it loads the rules, all at once', () => {
    const error = errorOf(() => new NodeExporterDaemonSet(newChart(), 'ne', {
      serviceMonitorOptions: {
        relabelings: [{ sourceLabels: ['bad-label'] }, { action: RelabelAction.HASH_MOD, targetLabel: 'shard' }],
        metricRelabelings: [{ action: RelabelAction.LABEL_KEEP, regex: '(', targetLabel: 'x' }],
      },
    }));
    expect(error.problems.map(p => `${p.property}: ${p.fix}`)).toEqual([
      'serviceMonitorOptions.relabelings[0].sourceLabels[0]: Use a Prometheus label name: letters, digits and "_", not starting with a digit, e.g. "__meta_kubernetes_pod_node_name".',
      'serviceMonitorOptions.relabelings[0].targetLabel: The replace action writes or compares a label: give its name, e.g. "instance".',
      'serviceMonitorOptions.relabelings[1].modulus: hashmod needs a modulus of 1 or more, e.g. the number of Prometheus shards.',
      expect.stringMatching(/^serviceMonitorOptions\.metricRelabelings\[0\]\.regex: Prometheus cannot compile it/),
      'serviceMonitorOptions.metricRelabelings[0].targetLabel: Prometheus refuses it with the labelkeep action, which takes only regex: drop it.',
    ]);
  });

  test('tlsConfig is refused on a plain-HTTP agent, and a client certificate needs its key', () => {
    const chart = newChart();
    const secret = Secret.fromSecretName(chart, 'S', 'metrics-tls');
    expect(errorOf(() => new GpuMonitorDaemonSet(chart, 'gpu', { serviceMonitorOptions: { tlsConfig: { insecureSkipVerify: true } } })).problems[0])
      .toMatchObject({ property: 'serviceMonitorOptions.tlsConfig', fix: expect.stringMatching(/^The agent serves plain HTTP/) });
    expect(errorOf(() => new NodeExporterDaemonSet(newChart(), 'ne', { kubeRbacProxy: true, serviceMonitorOptions: { tlsConfig: { certSecret: { secret, key: 'tls.crt' }, insecureSkipVerify: true, caSecret: { secret, key: 'ca.crt' } } } })).problems.map(p => p.property))
      .toEqual(['serviceMonitorOptions.tlsConfig.keySecret', 'serviceMonitorOptions.tlsConfig.insecureSkipVerify']);
  });
});
