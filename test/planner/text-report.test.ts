/**
 * The human report: a summary per DaemonSet, the first few skipped nodes of each reason and the
 * warnings grouped by message, so its size does not follow the fleet; every node when verbose.
 */
import { daemonSet, node } from './builders';
import { CoveragePlanner, PlacementReason, type CoveragePlan, type NodePlacement } from '../../src/planner';
import { formatPlanText, SHOWN_NODES, SHOWN_WARNING_GROUPS } from '../../src/planner/text-report';

const linux = (name: string) => node(name, { labels: { 'kubernetes.io/os': 'linux' } });
const windows = (name: string) => node(name, { labels: { 'kubernetes.io/os': 'windows' } });
const controlPlane = (name: string) => node(name, { labels: { 'kubernetes.io/os': 'linux' }, taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] });
const linuxOnly = (name = 'agent', spec: any = {}) => daemonSet(name, { nodeSelector: { 'kubernetes.io/os': 'linux' } }, spec, 'monitoring');
const SELECTOR = 'nodeSelector kubernetes.io/os=linux: node has kubernetes.io/os=windows';
const TAINT = 'taint node-role.kubernetes.io/control-plane:NoSchedule is not tolerated; an existing pod is kept';
const hungry = (name = 'hungry', extra: any = {}) => daemonSet(name, { containers: [{ name: 'c', resources: { requests: { cpu: '1' } } }], ...extra });
const times = <T>(count: number, make: (i: number) => T) => Array.from({ length: count }, (_, i) => make(i));
/** The DaemonSets' part of the report, without the footprint table (footprint.test.ts has it). */
const report = (plan: CoveragePlan, options = {}) => CoveragePlanner.formatText(plan, options).split('\nDaemonSet footprint')[0];

describe('human report', () => {
  test('summary, each skipped node, rollout', () => {
    const plan = CoveragePlanner.plan([linuxOnly('agent', { minReadySeconds: 15 })], [linux('linux-1'), windows('win-1'), controlPlane('cp-1')]);
    expect(report(plan).split('\n')).toEqual([
      'monitoring/agent',
      '  covers 1/3 nodes (33.3%)',
      '  runs on 1 of 2 intended nodes (50%); 1 node outside its selection',
      '  skips 2 nodes: NodeSelectorMismatch 1, UntoleratedNoScheduleTaint 1',
      `  skip win-1  NodeSelectorMismatch        ${SELECTOR}`,
      `  skip cp-1   UntoleratedNoScheduleTaint  ${TAINT}`,
      '  rollout: RollingUpdate over 1 node, maxUnavailable 1: 1 wave, at least 15s (1 × minReadySeconds 15) plus image pull and start time',
      '',
    ]);
  });

  test(`at fleet size: counts per reason, the first ${SHOWN_NODES} nodes of each, then how many more`, () => {
    const nodes = [...times(600, i => windows(`win-${i}`)), ...times(400, i => controlPlane(`cp-${i}`)), ...times(9000, i => linux(`linux-${i}`))];
    const lines = report(CoveragePlanner.plan([linuxOnly()], nodes)).split('\n');
    expect(lines).toEqual([
      'monitoring/agent',
      '  covers 9000/10000 nodes (90%)',
      '  runs on 9000 of 9400 intended nodes (95.7%); 600 nodes outside its selection',
      '  skips 1000 nodes: NodeSelectorMismatch 600, UntoleratedNoScheduleTaint 400',
      ...times(5, i => `  skip win-${i}  NodeSelectorMismatch        ${SELECTOR}`),
      '       and 595 more NodeSelectorMismatch',
      ...times(5, i => `  skip cp-${i}   UntoleratedNoScheduleTaint  ${TAINT}`),
      '       and 395 more UntoleratedNoScheduleTaint',
      '  rollout: RollingUpdate over 9000 nodes, maxUnavailable 1: 9000 waves',
      '',
    ]);
  });

  test('verbose: every skipped node and every warning on a line of its own, aligned', () => {
    const nodes = [...times(7, i => windows(`win-${i}`)), node('tiny-1', { labels: { 'kubernetes.io/os': 'linux' }, allocatable: { cpu: '500m', pods: '110' } }), linux('linux-1')];
    const plan = CoveragePlanner.plan([hungry('hungry', { nodeSelector: { 'kubernetes.io/os': 'linux' } })], nodes);
    expect(report(plan, { verbose: true }).split('\n')).toEqual([
      'default/hungry',
      '  covers 2/9 nodes (22.2%)',
      '  runs on 1 of 2 intended nodes (50%); 7 nodes outside its selection',
      '  skips 7 nodes: NodeSelectorMismatch 7',
      ...times(7, i => `  skip win-${i}  NodeSelectorMismatch  ${SELECTOR}`),
      '  rollout: RollingUpdate over 2 nodes, maxUnavailable 1: 2 waves',
      '  may stay Pending on 1 of 2 covered nodes: InsufficientResources 1',
      '  warning tiny-1  InsufficientResources  the pod requests cpu 1 but the node\'s allocatable is cpu 500m; it stays Pending',
      '',
    ]);
  });

  test('thousands of identical warnings become one line with a count and a few names', () => {
    const plan = CoveragePlanner.plan([hungry()], times(2000, i => node(`small-${i}`, { allocatable: { cpu: '100m', pods: '110' } })));
    const lines = CoveragePlanner.formatText(plan).split('\n');
    expect(lines.filter(l => l.includes('Pending'))).toEqual([
      '  may stay Pending on 2000 of 2000 covered nodes: InsufficientResources 2000',
      '  warning InsufficientResources on 2000 of 2000 covered nodes (small-0, small-1, small-2, and 1997 more): the pod requests cpu 1, more than the node\'s allocatable; it stays Pending',
    ]);
  });

  test('a single warning keeps its full message', () => {
    const plan = CoveragePlanner.plan([hungry()], [node('tiny', { allocatable: { cpu: '500m', pods: '110' } }), node('big', { allocatable: { cpu: '8', pods: '110' } })]);
    expect(CoveragePlanner.formatText(plan)).toContain('warning InsufficientResources on 1 of 2 covered nodes (tiny): the pod requests cpu 1 but the node\'s allocatable is cpu 500m; it stays Pending');
  });

  test('a node with several warnings counts once in the summary, and once per kind', () => {
    const port = (name: string) => hungry(name, { hostNetwork: true, containers: [{ name: 'c', ports: [{ containerPort: 9100 }], resources: { requests: { cpu: '1' } } }] });
    const plan = CoveragePlanner.plan([port('a'), port('b'), port('c')], [node('tiny', { allocatable: { cpu: '500m', pods: '110' } }), node('big', { allocatable: { cpu: '8', pods: '110' } })]);
    expect(CoveragePlanner.formatText(plan).split('\n')).toContain('  may stay Pending on 2 of 2 covered nodes: InsufficientResources 1, HostPortConflict 2');
  });

  test(`at most ${SHOWN_WARNING_GROUPS} warning lines per DaemonSet; the rest are counted`, () => {
    // `me` runs everywhere; each other exporter on its own node: twelve different pair messages.
    const exporter = (name: string, podSpec: any = {}) => daemonSet(name, { hostNetwork: true, containers: [{ name: 'c', ports: [{ containerPort: 9100 }] }], ...podSpec });
    const others = times(12, i => exporter(`other-${i}`, { nodeSelector: { slot: `${i}` } }));
    const plan = CoveragePlanner.plan([exporter('me'), ...others], times(12, i => node(`n${i}`, { labels: { slot: `${i}` } })));
    const warnings = CoveragePlanner.formatText(plan).split('\n\n')[0].split('\n').filter(l => l.includes('warning'));
    expect(warnings).toHaveLength(SHOWN_WARNING_GROUPS + 1);
    expect(warnings[0]).toBe('  warning HostPortConflict on 1 of 12 covered nodes (n0): hostPort 9100/TCP also claimed by DaemonSet default/other-0, which runs on this node too; one of the two pods stays Pending');
    expect(warnings[SHOWN_WARNING_GROUPS]).toBe('  warning and 2 more lines of 2 warnings (the verbose report lists every one)');
    expect(CoveragePlanner.formatText(plan, { verbose: true }).split('\n\n')[0].split('\n').filter(l => l.includes('warning'))).toHaveLength(12);
  });

  test('the report of 100 clashing DaemonSets on 200 nodes: six lines each', () => {
    const exporters = times(100, i => daemonSet(`e${String(i).padStart(3, '0')}`, { hostNetwork: true, containers: [{ name: 'c', ports: [{ containerPort: 9100 }] }] }, {}, 'monitoring'));
    const text = CoveragePlanner.formatText(CoveragePlanner.plan(exporters, times(200, i => node(`n${i}`))));
    expect(text.split('\n\n')[0].split('\n')).toEqual([
      'monitoring/e000',
      '  covers 200/200 nodes (100%)',
      '  runs on 0 of 200 intended nodes (0%)',
      '  rollout: RollingUpdate over 200 nodes, maxUnavailable 1: 200 waves',
      '  may stay Pending on 200 of 200 covered nodes: HostPortConflict 200',
      '  warning HostPortConflict on 200 of 200 covered nodes (n0, n1, n2, and 197 more): hostPort 9100/TCP also claimed by 99 other '
        + 'DaemonSets, which run on this node too (monitoring/e001, monitoring/e002, monitoring/e003, monitoring/e004, monitoring/e005, '
        + 'and 94 more); one pod holds the port and the others that clash with it stay Pending',
    ]);
    expect(report(CoveragePlanner.plan(exporters, times(200, i => node(`n${i}`)))).split('\n')).toHaveLength(100 * 7);
  });

  test('500,000 nodes: the report is a few lines (no argument list or recursion grows with the fleet)', () => {
    const skipped: NodePlacement = { node: 'win', shouldRun: false, shouldContinueRunning: false, reason: PlacementReason.NODE_SELECTOR_MISMATCH, message: SELECTOR };
    const covered: NodePlacement = { node: 'linux', shouldRun: true, shouldContinueRunning: true, reason: PlacementReason.ELIGIBLE, message: '' };
    const total = 500_000;
    const nodes = times(total, i => (i % 2 === 0 ? skipped : covered));
    const rollout = { strategy: 'OnDelete', desiredNumberScheduled: total / 2, maxUnavailable: 0, maxSurge: 0, waves: 0, minReadySeconds: 0, minDurationSeconds: 0 };
    const daemonSetPlan = {
      name: 'agent', namespace: 'x', coveredNodes: total / 2, totalNodes: total, intendedNodes: total / 2, runningNodes: total / 2, nodes, rollout, warnings: [], notices: [],
    };
    const plan: CoveragePlan = { totalNodes: total, daemonSets: [daemonSetPlan], footprint: { nodes: [], pools: [] } };
    const lines = formatPlanText(plan, { color: false, verbose: false }).split('\n');
    expect(lines.slice(1, 4)).toEqual([
      '  covers 250000/500000 nodes (50%)',
      '  runs on 250000 of 250000 intended nodes (100%); 250000 nodes outside its selection',
      '  skips 250000 nodes: NodeSelectorMismatch 250000',
    ]);
    expect(lines).toHaveLength(4 + SHOWN_NODES + 3);
  });

  test('OnDelete and surge rollouts', () => {
    const plan = CoveragePlanner.plan([
      daemonSet('manual', {}, { updateStrategy: { type: 'OnDelete' } }),
      daemonSet('surge', {}, { updateStrategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: '50%' } } }),
    ], [node('a'), node('b'), node('c')]);
    const text = CoveragePlanner.formatText(plan);
    expect(text).toContain('rollout: OnDelete: pods are replaced only when someone deletes them');
    expect(text).toContain('rollout: RollingUpdate over 3 nodes, maxSurge 2 (new pods first): 2 waves');
  });

  test('colour only when asked', () => {
    const plan = CoveragePlanner.plan([daemonSet('a', { nodeSelector: { x: 'y' } })], [node('n')]);
    expect(CoveragePlanner.formatText(plan)).not.toContain('\u001b[');
    expect(CoveragePlanner.formatText(plan, { color: true })).toContain('\u001b[31mNodeSelectorMismatch\u001b[0m');
  });

  test('rejects a verbose option that is not a boolean, naming it', () => {
    const plan = CoveragePlanner.plan([daemonSet('a')], [node('n')]);
    expect(() => CoveragePlanner.formatText(plan, { verbose: 'yes' } as any)).toThrow('CoveragePlanner.formatText: invalid verbose: "yes". Give true or false.');
  });
});
