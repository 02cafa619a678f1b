/**
 * Advisory warnings (reference §6): an eligible node whose pod would stay Pending because its
 * requests exceed the node's allocatable or because another DaemonSet holds the same host port.
 * They never change shouldRun.
 */
import { daemonSet, errorOf, node } from './builders';
import { CoveragePlanner, PlanWarningKind, type DaemonSetPlan } from '../../src/planner';
import { formatSchedulerUnits, toSchedulerUnits } from '../../src/planner/quantity';
import { podRequests } from '../../src/planner/resources';

describe('Kubernetes quantities', () => {
  test.each([
    ['cpu', '500m', 500],
    ['cpu', '0.3', 300], // exact: not 300.00000000000006
    ['cpu', '1', 1000],
    ['cpu', 2, 2000],
    ['cpu', '0.5', 500],
    ['cpu', '.5', 500],
    ['cpu', '100u', 1], // rounded up to a millicore, as the scheduler does
    ['cpu', '1e3', 1_000_000],
    ['cpu', '1E-3', 1],
    ['memory', '128974848', 128974848],
    ['memory', '129e6', 129_000_000],
    ['memory', '129M', 129_000_000],
    ['memory', '123Mi', 123 * 2 ** 20],
    ['memory', '1.5Gi', 1.5 * 2 ** 30],
    ['memory', '1k', 1000],
    ['memory', '1Ki', 1024],
    ['memory', '2Ti', 2 * 2 ** 40],
    ['memory', '1T', 1e12],
    ['memory', '1E', 1e18],
    ['memory', '1Ei', 2 ** 60],
    ['memory', '500m', 1], // half a byte rounds up to one
    ['nvidia.com/gpu', '1', 1],
    ['cpu', '+1', 1000],
    ['cpu', '-1', undefined],
    ['cpu', '1 ', undefined],
    ['cpu', '1.5.2', undefined],
    ['memory', '1KB', undefined],
    ['memory', '1ki', undefined],
    ['memory', '', undefined],
    ['memory', 'Gi', undefined],
  ])('%s %j → %s', (resource, text, units) => {
    expect(toSchedulerUnits(resource, text)).toBe(units);
  });

  test.each([
    ['cpu', 1500, '1500m'], ['cpu', 2000, '2'], ['memory', 512 * 2 ** 20, '512Mi'], ['memory', 3 * 2 ** 30, '3Gi'], ['memory', 1000, '1000'], ['nvidia.com/gpu', 1, '1'],
  ])('format %s %d → %s', (resource, units, text) => {
    expect(formatSchedulerUnits(resource, units)).toBe(text);
  });
});

describe('effective pod requests', () => {
  const req = (cpu?: string, memory?: string) => ({ resources: { requests: { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) } } });

  test.each([
    ['containers are summed', { containers: [req('100m', '64Mi'), req('200m', '64Mi')] }, { cpu: 300, memory: 128 * 2 ** 20 }],
    ['a larger init container wins per resource', { initContainers: [req('1', '16Mi')], containers: [req('100m', '64Mi')] }, { cpu: 1000, memory: 64 * 2 ** 20 }],
    ['the largest of several init containers', { initContainers: [req('500m'), req('700m')], containers: [req('100m')] }, { cpu: 700 }],
    ['a limit without a request is the request', { containers: [{ resources: { limits: { 'cpu': '250m', 'nvidia.com/gpu': '1' } } }] }, { 'cpu': 250, 'nvidia.com/gpu': 1 }],
    ['a request below its limit stays the request', { containers: [{ resources: { requests: { cpu: '100m' }, limits: { cpu: '1' } } }] }, { cpu: 100 }],
    [
      'native sidecars run with the containers and under later init containers',
      { initContainers: [{ restartPolicy: 'Always', ...req('200m') }, req('900m')], containers: [req('100m')] },
      { cpu: 1100 }, // max(100 + 200, 200 + 900)
    ],
    ['no requests', { containers: [{}] }, {}],
    ['zero requests are dropped', { containers: [req('0', '0')] }, {}],
  ])('%s', (_d, spec: any, expected) => {
    expect(Object.fromEntries(podRequests(spec, 'here'))).toEqual(expected);
  });

  test('rejects a request that is not a quantity', () => {
    expect(errorOf(() => CoveragePlanner.plan([daemonSet('ds', { containers: [{ name: 'c', resources: { requests: { memory: '1GB' } } }] })], [node('n')])))
      .toBe('DaemonSet default/ds: invalid spec.template.spec.containers[c].resources.requests.memory: "1GB". Use a non-negative quantity, e.g. "100m" or "128Mi".');
  });

  test('rejects an allocatable that is not a quantity, naming the node', () => {
    expect(errorOf(() => CoveragePlanner.plan([daemonSet('ds')], [node('n1', { allocatable: { cpu: 'lots', pods: '110' } })])))
      .toBe('nodes: item 0 (node n1): status.allocatable.cpu: "lots" is not a non-negative Kubernetes quantity');
  });
});

function warningsOf(ds: DaemonSetPlan): Array<[string, string, string]> {
  return ds.warnings.map(w => [w.kind, w.node, w.message]);
}

describe('InsufficientResources', () => {
  const big = { containers: [{ name: 'c', resources: { requests: { cpu: '500m', memory: '1Gi' } } }] };
  const fleet = [
    node('large', { allocatable: { cpu: '4', memory: '16Gi', pods: '110' } }),
    node('small', { allocatable: { cpu: '250m', memory: '512Mi', pods: '110' } }),
    node('exact', { allocatable: { cpu: '500m', memory: '1Gi', pods: '110' } }),
    node('roomy'),
    node('tainted', { allocatable: { cpu: '100m', memory: '1Mi', pods: '110' }, taints: [{ key: 'x', effect: 'NoSchedule' }] }),
  ];

  test('warns only for eligible nodes whose allocatable is too small, naming each short resource', () => {
    const [plan] = CoveragePlanner.plan([daemonSet('ds', big)], fleet).daemonSets;
    expect(warningsOf(plan)).toEqual([
      [PlanWarningKind.INSUFFICIENT_RESOURCES, 'small', 'the pod requests cpu 500m, memory 1Gi but the node\'s allocatable is cpu 250m, memory 512Mi; it stays Pending'],
    ]);
    expect(plan.warnings[0].summary).toBe('the pod requests cpu 500m, memory 1Gi, more than the node\'s allocatable; it stays Pending');
    expect(plan.coveredNodes).toBe(4); // warnings never change shouldRun
  });

  test('an extended resource the node does not offer counts as 0', () => {
    const gpu = { containers: [{ name: 'c', resources: { limits: { 'nvidia.com/gpu': '1' } } }] };
    const [plan] = CoveragePlanner.plan([daemonSet('ds', gpu)], [node('cpu-only', { allocatable: { cpu: '4', pods: '110' } }), node('gpu', { allocatable: { 'cpu': '4', 'nvidia.com/gpu': '8', 'pods': '110' } })]).daemonSets;
    expect(warningsOf(plan)).toEqual([[PlanWarningKind.INSUFFICIENT_RESOURCES, 'cpu-only', 'the pod requests nvidia.com/gpu 1 but the node\'s allocatable is nvidia.com/gpu 0; it stays Pending']]);
  });

  test('nodes with the same allocatable share one message', () => {
    const many = Array.from({ length: 50 }, (_, i) => node(`s${i}`, { allocatable: { cpu: '250m', memory: '8Gi', pods: '110' } }));
    const [plan] = CoveragePlanner.plan([daemonSet('ds', big)], many).daemonSets;
    expect(plan.warnings).toHaveLength(50);
    expect(new Set(plan.warnings.map(w => w.message)).size).toBe(1);
  });
});

describe('HostPortConflict', () => {
  const exporter = (name: string, port: any, extra: any = {}) => daemonSet(name, { containers: [{ name: 'c', ports: [port] }], ...extra }, {}, 'monitoring');
  const fleet = [node('a', { labels: { pool: 'a' } }), node('b', { labels: { pool: 'b' } })];

  function conflicts(...dss: any[]): Array<Array<[string, string, string]>> {
    return CoveragePlanner.plan(dss, fleet).daemonSets.map(warningsOf);
  }

  test('two DaemonSets claiming the same hostPort warn on both, on every shared node', () => {
    const [one, two] = conflicts(exporter('one', { containerPort: 9100, hostPort: 9100 }), exporter('two', { containerPort: 8080, hostPort: 9100 }));
    const kind = PlanWarningKind.HOST_PORT_CONFLICT;
    const msg = (other: string) => `hostPort 9100/TCP also claimed by DaemonSet monitoring/${other}, which runs on this node too; one of the two pods stays Pending`;
    expect(one).toEqual([[kind, 'a', msg('two')], [kind, 'b', msg('two')]]);
    expect(two).toEqual([[kind, 'a', msg('one')], [kind, 'b', msg('one')]]);
  });

  test.each([
    ['hostNetwork turns every containerPort into a host port', { containerPort: 9100 }, { hostNetwork: true }, { containerPort: 1, hostPort: 9100 }, {}, 2],
    ['without hostNetwork a containerPort claims nothing', { containerPort: 9100 }, {}, { containerPort: 9100 }, {}, 0],
    ['different protocols do not clash', { containerPort: 53, hostPort: 53, protocol: 'UDP' }, {}, { containerPort: 53, hostPort: 53 }, {}, 0],
    ['protocol defaults to TCP', { containerPort: 53, hostPort: 53, protocol: 'TCP' }, {}, { containerPort: 53, hostPort: 53 }, {}, 2],
    ['different host IPs do not clash', { containerPort: 80, hostPort: 80, hostIP: '10.0.0.1' }, {}, { containerPort: 80, hostPort: 80, hostIP: '10.0.0.2' }, {}, 0],
    ['a wildcard host IP clashes with a specific one', { containerPort: 80, hostPort: 80 }, {}, { containerPort: 80, hostPort: 80, hostIP: '10.0.0.2' }, {}, 2],
    ['only nodes where both run', { containerPort: 80, hostPort: 80 }, { nodeSelector: { pool: 'a' } }, { containerPort: 80, hostPort: 80 }, {}, 1],
    ['no node in common: no warning', { containerPort: 80, hostPort: 80 }, { nodeSelector: { pool: 'a' } }, { containerPort: 80, hostPort: 80 }, { nodeSelector: { pool: 'b' } }, 0],
  ])('%s', (_d, portA, extraA, portB, extraB, perDaemonSet) => {
    const [one, two] = conflicts(exporter('one', portA, extraA), exporter('two', portB, extraB));
    expect(one).toHaveLength(perDaemonSet);
    expect(two).toHaveLength(perDaemonSet);
  });

  test('several clashing ports with one DaemonSet make one warning per node', () => {
    const a = daemonSet('a', { hostNetwork: true, containers: [{ name: 'c', ports: [{ containerPort: 9100 }, { containerPort: 9101 }] }] });
    const b = daemonSet('b', { hostNetwork: true, containers: [{ name: 'c', ports: [{ containerPort: 9101 }, { containerPort: 9100 }] }] });
    const [one] = CoveragePlanner.plan([a, b], [node('n')]).daemonSets;
    expect(warningsOf(one)).toEqual([[PlanWarningKind.HOST_PORT_CONFLICT, 'n', 'hostPorts 9100/TCP, 9101/TCP also claimed by DaemonSet default/b, which runs on this node too; one of the two pods stays Pending']]);
  });

  test('three DaemonSets on one port: each warns about the two others', () => {
    const dss = ['x', 'y', 'z'].map(n => exporter(n, { containerPort: 1, hostPort: 7000 }));
    const plans = CoveragePlanner.plan(dss, [node('n')]).daemonSets;
    expect(plans.map(p => p.warnings.length)).toEqual([2, 2, 2]);
  });
});
