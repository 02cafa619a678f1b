/**
 * NodeShouldRunDaemonPod as the reference describes it (§1–§3), one row per rule and edge case:
 * (shouldRun, shouldContinueRunning), the reported reason and the explanation.
 */
import { daemonSet, errorOf, node, placeOn, requiredAffinity } from './builders';
import { CoveragePlanner, PlacementReason, type NodePlacement } from '../../src/planner';
import { nodeView } from '../../src/planner/node-view';
import { PlacementRule, shouldContinueRunningFor } from '../../src/planner/should-run';

const E = PlacementReason.ELIGIBLE;
const NAME = PlacementReason.NODE_NAME_MISMATCH;
const SEL = PlacementReason.NODE_SELECTOR_MISMATCH;
const AFF = PlacementReason.NODE_AFFINITY_MISMATCH;
const NOEXEC = PlacementReason.UNTOLERATED_NO_EXECUTE_TAINT;
const NOSCHED = PlacementReason.UNTOLERATED_NO_SCHEDULE_TAINT;

const linux = { labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' } };
const cp = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };
const notReadyNoSchedule = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' };
const notReadyNoExecute = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' };
const networkUnavailable = { key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' };

interface Row {
  readonly name: string;
  readonly pod: any;
  readonly node: any;
  readonly expected: [boolean, boolean, PlacementReason];
  readonly message?: string;
  /**
   * Set for a template the API server refuses (the output validator's message): the planner
   * refuses it too, and the row then checks what the controller's rule does with it on its own.
   */
  readonly refused?: string;
}

const rows: Row[] = [
  // --- spec.nodeName (§1 step 2)
  { name: 'template nodeName equal to the node', pod: { nodeName: 'n1' }, node: node('n1'), expected: [true, true, E] },
  { name: 'template nodeName naming another node', pod: { nodeName: 'n2' }, node: node('n1'), expected: [false, false, NAME], message: 'spec.template.spec.nodeName is n2, not this node' },
  { name: 'nodeName mismatch wins over a selector mismatch', pod: { nodeName: 'n2', nodeSelector: { a: 'b' } }, node: node('n1'), expected: [false, false, NAME] },

  // --- nodeSelector (§2.1)
  { name: 'no selector, no affinity: every node', pod: {}, node: node('n1', linux), expected: [true, true, E] },
  { name: 'nodeSelector matches', pod: { nodeSelector: { 'kubernetes.io/os': 'linux' } }, node: node('n1', linux), expected: [true, true, E] },
  {
    name: 'nodeSelector value differs',
    pod: { nodeSelector: { 'kubernetes.io/os': 'linux' } },
    node: node('w1', { labels: { 'kubernetes.io/os': 'windows' } }),
    expected: [false, false, SEL],
    message: 'nodeSelector kubernetes.io/os=linux: node has kubernetes.io/os=windows',
  },
  { name: 'nodeSelector key missing', pod: { nodeSelector: { gpu: 'true' } }, node: node('n1'), expected: [false, false, SEL], message: 'nodeSelector gpu=true: node has no label gpu' },
  { name: 'nodeSelector empty value needs the label present and empty', pod: { nodeSelector: { gpu: '' } }, node: node('n1', { labels: { gpu: '' } }), expected: [true, true, E] },
  { name: 'nodeSelector empty value, label absent', pod: { nodeSelector: { gpu: '' } }, node: node('n1'), expected: [false, false, SEL] },
  { name: 'nodeSelector keys are ANDed (second key fails)', pod: { nodeSelector: { 'kubernetes.io/os': 'linux', 'zone': 'a' } }, node: node('n1', linux), expected: [false, false, SEL], message: 'nodeSelector zone=a: node has no label zone' },
  { name: 'empty nodeSelector map: no constraint', pod: { nodeSelector: {} }, node: node('n1'), expected: [true, true, E] },
  {
    name: 'nodeSelector checked before affinity',
    pod: { nodeSelector: { a: 'b' }, ...requiredAffinity({ matchExpressions: [{ key: 'c', operator: 'Exists' }] }) },
    node: node('n1'),
    expected: [false, false, SEL],
  },
  { name: 'a label named constructor is looked up as a label', pod: { nodeSelector: { constructor: 'x' } }, node: node('n1'), expected: [false, false, SEL] },

  // --- required node affinity (§2.2)
  {
    name: 'expressions in a term are ANDed',
    pod: requiredAffinity({ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }, { key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }] }),
    node: node('n1', linux),
    expected: [false, false, AFF],
    message: 'required node affinity: term 1: kubernetes.io/arch In [arm64]: node has kubernetes.io/arch=amd64',
  },
  {
    name: 'terms are ORed (second matches)',
    pod: requiredAffinity({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, { matchExpressions: [{ key: 'kubernetes.io/os', operator: 'Exists' }] }),
    node: node('n1', linux),
    expected: [true, true, E],
  },
  {
    name: 'no term matches: every term tried is named with its first failing expression',
    pod: requiredAffinity(
      { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] },
      { matchExpressions: [{ key: 'kubernetes.io/os', operator: 'Exists' }, { key: 'pool', operator: 'NotIn', values: ['batch'] }] },
    ),
    node: node('n1', { labels: { 'kubernetes.io/os': 'linux', 'pool': 'batch' } }),
    expected: [false, false, AFF],
    message: 'required node affinity (none of 2 terms matches): term 1: zone In [a, b]: node has no label zone; term 2: pool NotIn [batch]: node has pool=batch',
  },
  { name: 'NotIn on a missing label matches', pod: requiredAffinity({ matchExpressions: [{ key: 'pool', operator: 'NotIn', values: ['batch'] }] }), node: node('n1'), expected: [true, true, E] },
  { name: 'Exists with an empty label value', pod: requiredAffinity({ matchExpressions: [{ key: 'node-role.kubernetes.io/worker', operator: 'Exists' }] }), node: node('n1', { labels: { 'node-role.kubernetes.io/worker': '' } }), expected: [true, true, E] },
  { name: 'DoesNotExist', pod: requiredAffinity({ matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' }] }), node: node('n1', { labels: { 'node-role.kubernetes.io/control-plane': '' } }), expected: [false, false, AFF] },
  { name: 'Gt with leading zeros on the node', pod: requiredAffinity({ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['5'] }] }), node: node('n1', { labels: { gen: '0206' } }), expected: [true, true, E] },
  {
    name: 'Gt on a non-integer label is false',
    pod: requiredAffinity({ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['5'] }] }),
    node: node('n1', { labels: { gen: 'six' } }),
    expected: [false, false, AFF],
    message: 'required node affinity: term 1: gen Gt 5: node has gen=six, not an integer',
  },
  { name: 'Lt', pod: requiredAffinity({ matchExpressions: [{ key: 'gen', operator: 'Lt', values: ['5'] }] }), node: node('n1', { labels: { gen: '4' } }), expected: [true, true, E] },
  {
    name: 'a term that fails to parse never matches; other terms still count',
    pod: requiredAffinity({ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['five'] }] }, { matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] }),
    node: node('n1', linux),
    expected: [true, true, E],
    refused: 'Gt takes exactly one integer value',
  },
  {
    name: 'the only term fails to parse: matches nothing, says why',
    pod: requiredAffinity({ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['five'] }] }),
    node: node('n1', { labels: { gen: '9' } }),
    expected: [false, false, AFF],
    message: 'required node affinity: term 1 is invalid (matchExpressions: operator Gt needs an integer value, got "five"), so it never matches',
    refused: 'Gt takes exactly one integer value',
  },
  {
    name: 'unknown operator makes the term invalid',
    pod: requiredAffinity({ matchExpressions: [{ key: 'a', operator: 'Equals', values: ['b'] }] }),
    node: node('n1', { labels: { a: 'b' } }),
    expected: [false, false, AFF],
    refused: 'operator: "Equals". Use one of "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt".',
  },
  {
    name: 'empty terms are skipped; with none left nothing matches',
    pod: requiredAffinity({}, { matchExpressions: [], matchFields: [] }),
    node: node('n1', linux),
    expected: [false, false, AFF],
    message: 'required node affinity has no non-empty nodeSelectorTerms (empty terms 1, 2 skipped), so it matches no node',
  },
  { name: 'an empty term next to a matching one is skipped', pod: requiredAffinity({}, { matchExpressions: [{ key: 'kubernetes.io/os', operator: 'Exists' }] }), node: node('n1', linux), expected: [true, true, E] },
  { name: 'empty nodeSelectorTerms list matches nothing', pod: requiredAffinity(), node: node('n1'), expected: [false, false, AFF], refused: 'nodeSelectorTerms: []. Give at least one term.' },
  { name: 'nodeAffinity: {} is no constraint', pod: { affinity: { nodeAffinity: {} } }, node: node('n1'), expected: [true, true, E] },
  { name: 'affinity: {} is no constraint', pod: { affinity: {} }, node: node('n1'), expected: [true, true, E] },
  {
    name: 'preferred node affinity is ignored',
    pod: { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'x', operator: 'Exists' }] } }] } } },
    node: node('n1'),
    expected: [true, true, E],
  },

  // --- matchFields (§2.2)
  { name: 'matchFields metadata.name In', pod: requiredAffinity({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }), node: node('n1'), expected: [true, true, E] },
  {
    name: 'matchFields metadata.name In another node',
    pod: requiredAffinity({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] }),
    node: node('n1'),
    expected: [false, false, AFF],
    message: 'required node affinity: term 1: metadata.name In [n2]: node is n1',
  },
  { name: 'matchFields metadata.name NotIn', pod: requiredAffinity({ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['n1'] }] }), node: node('n1'), expected: [false, false, AFF] },
  {
    name: 'matchFields never reads a label named metadata.name',
    pod: requiredAffinity({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['x'] }] }),
    node: node('n1', { labels: { 'metadata.name': 'x' } }),
    expected: [false, false, AFF],
  },
  {
    name: 'matchFields with two values is invalid',
    pod: requiredAffinity({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1', 'n2'] }] }),
    node: node('n1'),
    expected: [false, false, AFF],
    message: 'required node affinity: term 1 is invalid (matchFields metadata.name In must have exactly one value, has 2), so it never matches',
    refused: 'matchFields takes exactly one value.',
  },
  { name: 'matchFields Exists is invalid', pod: requiredAffinity({ matchFields: [{ key: 'metadata.name', operator: 'Exists' }] }), node: node('n1'), expected: [false, false, AFF], refused: 'matchFields supports only In and NotIn.' },
  { name: 'matchFields on an unknown field reads an empty value (NotIn x matches)', pod: requiredAffinity({ matchFields: [{ key: 'spec.podCIDR', operator: 'NotIn', values: ['x'] }] }), node: node('n1'), expected: [true, true, E], refused: 'matchFields supports only "metadata.name".' },
  {
    name: 'matchExpressions and matchFields in one term are ANDed',
    pod: requiredAffinity({ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'Exists' }], matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] }),
    node: node('n1', linux),
    expected: [false, false, AFF],
  },

  // --- taints and tolerations (§2.3, §3)
  {
    name: 'untolerated control-plane NoSchedule: no new pod, existing kept',
    pod: {},
    node: node('cp', { taints: [cp] }),
    expected: [false, true, NOSCHED],
    message: 'taint node-role.kubernetes.io/control-plane:NoSchedule is not tolerated; an existing pod is kept',
  },
  { name: 'tolerated by key + Exists', pod: { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] }, node: node('cp', { taints: [cp] }), expected: [true, true, E] },
  { name: 'empty key with Exists tolerates every taint', pod: { tolerations: [{ operator: 'Exists' }] }, node: node('n', { taints: [cp, { key: 'x', value: 'y', effect: 'NoExecute' }] }), expected: [true, true, E] },
  { name: 'empty key with Exists and effect NoSchedule leaves NoExecute', pod: { tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }] }, node: node('n', { taints: [cp, { key: 'x', effect: 'NoExecute' }] }), expected: [false, false, NOEXEC] },
  { name: 'empty effect matches every effect', pod: { tolerations: [{ key: 'dedicated', operator: 'Exists' }] }, node: node('n', { taints: [{ key: 'dedicated', value: 'a', effect: 'NoExecute' }] }), expected: [true, true, E] },
  { name: 'Equal compares values', pod: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'a', effect: 'NoSchedule' }] }, node: node('n', { taints: [{ key: 'dedicated', value: 'a', effect: 'NoSchedule' }] }), expected: [true, true, E] },
  {
    name: 'Equal with another value does not tolerate',
    pod: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'a' }] },
    node: node('n', { taints: [{ key: 'dedicated', value: 'b', effect: 'NoSchedule' }] }),
    expected: [false, true, NOSCHED],
    message: 'taint dedicated=b:NoSchedule is not tolerated; an existing pod is kept',
  },
  { name: 'omitted operator means Equal (empty values match)', pod: { tolerations: [{ key: 'dedicated', effect: 'NoSchedule' }] }, node: node('n', { taints: [{ key: 'dedicated', effect: 'NoSchedule' }] }), expected: [true, true, E] },
  { name: 'toleration effect differs', pod: { tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }] }, node: node('n', { taints: [{ key: 'dedicated', effect: 'NoSchedule' }] }), expected: [false, true, NOSCHED] },
  { name: 'operator Lt (1.35 only) tolerates nothing in 1.28-1.33', pod: { tolerations: [{ key: 'level', operator: 'Lt', value: '5' }] }, node: node('n', { taints: [{ key: 'level', value: '3', effect: 'NoSchedule' }] }), expected: [false, true, NOSCHED], refused: 'operator: "Lt". Use one of "Equal", "Exists".' },
  { name: 'PreferNoSchedule never blocks', pod: {}, node: node('n', { taints: [{ key: 'slow', effect: 'PreferNoSchedule' }] }), expected: [true, true, E] },
  {
    name: 'untolerated NoExecute: pod not created and an existing pod deleted',
    pod: {},
    node: node('n', { taints: [{ key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' }] }),
    expected: [false, false, NOEXEC],
    message: 'taint node.kubernetes.io/out-of-service=nodeshutdown:NoExecute is not tolerated; an existing pod is deleted',
  },
  {
    name: 'NoExecute reported before an earlier NoSchedule',
    pod: {},
    node: node('n', { taints: [cp, { key: 'evict', effect: 'NoExecute' }] }),
    expected: [false, false, NOEXEC],
    message: 'taint evict:NoExecute is not tolerated; an existing pod is deleted',
  },
  { name: 'the first untolerated taint in node order is reported', pod: {}, node: node('n', { taints: [{ key: 'a', effect: 'NoSchedule' }, { key: 'b', effect: 'NoSchedule' }] }), expected: [false, true, NOSCHED], message: 'taint a:NoSchedule is not tolerated; an existing pod is kept' },
  { name: 'a selector mismatch wins over a NoSchedule-only taint (shouldContinueRunning false)', pod: { nodeSelector: { a: 'b' } }, node: node('n', { taints: [cp] }), expected: [false, false, SEL] },
  { name: 'tolerationSeconds does not change matching', pod: { tolerations: [{ key: 'evict', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }] }, node: node('n', { taints: [{ key: 'evict', effect: 'NoExecute' }] }), expected: [true, true, E] },

  // --- default DaemonSet tolerations (§3)
  { name: 'not-ready NoExecute is a default toleration', pod: {}, node: node('n', { taints: [notReadyNoExecute] }), expected: [true, true, E] },
  {
    name: 'not-ready NoSchedule is not: NotReady node keeps its pod, gets no new one',
    pod: {},
    node: node('n', { taints: [notReadyNoSchedule, notReadyNoExecute] }),
    expected: [false, true, NOSCHED],
    message: 'taint node.kubernetes.io/not-ready:NoSchedule is not tolerated; the default DaemonSet tolerations cover it only as NoExecute; an existing pod is kept',
  },
  { name: 'unreachable NoExecute is a default toleration', pod: {}, node: node('n', { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] }), expected: [true, true, E] },
  { name: 'unreachable NoSchedule is not', pod: {}, node: node('n', { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }] }), expected: [false, true, NOSCHED] },
  { name: 'a CNI-style NoSchedule wildcard runs on NotReady nodes', pod: { tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }] }, node: node('n', { taints: [notReadyNoSchedule, notReadyNoExecute] }), expected: [true, true, E] },
  { name: 'disk-pressure NoSchedule tolerated by default', pod: {}, node: node('n', { taints: [{ key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' }] }), expected: [true, true, E] },
  { name: 'memory-pressure NoSchedule tolerated by default', pod: {}, node: node('n', { taints: [{ key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' }] }), expected: [true, true, E] },
  { name: 'pid-pressure NoSchedule tolerated by default', pod: {}, node: node('n', { taints: [{ key: 'node.kubernetes.io/pid-pressure', effect: 'NoSchedule' }] }), expected: [true, true, E] },
  { name: 'a hand-made memory-pressure NoExecute is not', pod: {}, node: node('n', { taints: [{ key: 'node.kubernetes.io/memory-pressure', effect: 'NoExecute' }] }), expected: [false, false, NOEXEC] },
  { name: 'a cordoned node (unschedulable taint) gets a daemon pod', pod: {}, node: node('n', { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }), expected: [true, true, E] },
  { name: 'spec.unschedulable alone is not read', pod: {}, node: node('n', { unschedulable: true }), expected: [true, true, E] },
  {
    name: 'network-unavailable blocks a pod-network DaemonSet',
    pod: {},
    node: node('n', { taints: [networkUnavailable] }),
    expected: [false, true, NOSCHED],
    message: 'taint node.kubernetes.io/network-unavailable:NoSchedule is not tolerated; an existing pod is kept',
  },
  { name: 'network-unavailable is tolerated with hostNetwork', pod: { hostNetwork: true }, node: node('n', { taints: [networkUnavailable] }), expected: [true, true, E] },
  { name: 'hostNetwork: false adds no network-unavailable toleration', pod: { hostNetwork: false }, node: node('n', { taints: [networkUnavailable] }), expected: [false, true, NOSCHED] },
  { name: 'the control-plane taint is not a default toleration', pod: { hostNetwork: true }, node: node('n', { taints: [cp] }), expected: [false, true, NOSCHED] },
  { name: 'a user toleration equal to a default changes nothing', pod: { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }] }, node: node('n', { taints: [notReadyNoExecute] }), expected: [true, true, E] },

  // --- what the controller does not look at (§1)
  { name: 'Ready=False without a taint: pod created', pod: {}, node: node('n', { conditions: [{ type: 'Ready', status: 'False' }] }), expected: [true, true, E] },
  { name: 'NetworkUnavailable condition without a taint: pod created', pod: {}, node: node('n', { conditions: [{ type: 'NetworkUnavailable', status: 'True' }] }), expected: [true, true, E] },
  { name: 'insufficient resources do not change shouldRun', pod: { containers: [{ name: 'c', resources: { requests: { cpu: '64' } } }] }, node: node('n', { allocatable: { cpu: '1' } }), expected: [true, true, E] },
  { name: 'no OS selector: a Linux DaemonSet targets Windows nodes too', pod: {}, node: node('w', { labels: { 'kubernetes.io/os': 'windows' } }), expected: [true, true, E] },
];

/** The controller's rule alone, without the planner's input checks. */
function placeByRule(pod: any, n: any): NodePlacement {
  const rule = PlacementRule.compile(pod);
  const view = nodeView(n, undefined, new Map());
  const reason = rule.decide(view);
  return {
    node: view.name, shouldRun: reason === E, shouldContinueRunning: shouldContinueRunningFor(reason), reason, message: rule.explain(view, reason),
  };
}

describe('NodeShouldRunDaemonPod', () => {
  test.each(rows.map(r => [r.name, r] as const))('%s', (_name, row) => {
    if (row.refused) expect(errorOf(() => CoveragePlanner.plan([daemonSet('ds', row.pod)], [row.node]))).toContain(row.refused);
    const p = row.refused ? placeByRule(row.pod, row.node) : placeOn(row.pod, row.node);
    expect([p.shouldRun, p.shouldContinueRunning, p.reason]).toEqual(row.expected);
    if (row.message !== undefined) expect(p.message).toBe(row.message);
    if (row.expected[2] === E) expect(p.message).toBe('');
    else expect(p.message).not.toBe('');
  });
});
