/**
 * Bad-input catalog, part 2: a NodeAgent's host mounts, Services, node selection, tolerations,
 * update strategy and API access, and the building blocks behind them.
 */
import { Duration } from 'cdk8s';
import { ApiResource, HostPathVolumeType, MountPropagation, Volume } from 'cdk8s-plus-28';
import { BadInput, catalog } from './catalog';
import {
  AccessRule, ApiVerb, NodeAgentProps, NodeRequirement, NodeSelection, NodeSelectorOperator, TaintEffect, Toleration,
  TolerationOperator, UpdateLimit, UpdateStrategy,
} from '../../src';
import { agent } from '../base/fixtures';

const AGENT = 'test/agent';

/** Mounts a host path into the valid agent's container. */
function mount(options: any, props: Partial<NodeAgentProps> = {}) {
  return (chart: any) => {
    const a = agent(chart, props);
    return a.mountHostPath(a.containers[0], { name: 'host', hostPath: '/var/lib/agent', ...options });
  };
}

const service = (options: any) => (chart: any) => agent(chart).exposeViaService({ ports: [{ port: 9100, name: 'metrics' }], ...options });
const selecting = (nodeSelection: NodeSelection) => (chart: any) => agent(chart, { nodeSelection });
const tolerating = (...tolerations: Toleration[]) => (chart: any) => agent(chart, { tolerations });
const updating = (updateStrategy: UpdateStrategy) => (chart: any) => agent(chart, { updateStrategy });
const granting = (...access: AccessRule[]) => (chart: any) => agent(chart, { metadata: { namespace: 'agents' }, access });

const mounts: BadInput[] = [
  {
    name: 'rejects a relative host path',
    build: mount({ hostPath: 'var/log' }),
    error: { path: AGENT, property: 'container agent hostPath', value: '"var/log"', fix: 'Use an absolute path, starting with "/", e.g. "/var/log"' },
    absent: 'path: var/log',
  },
  {
    name: 'rejects ".." in a host path',
    build: mount({ hostPath: '/var/log/../../etc' }),
    error: { path: AGENT, property: 'container agent hostPath', value: '"/var/log/../../etc"', fix: 'Kubernetes refuses ".." in host and mount paths' },
  },
  {
    name: 'rejects an empty host path',
    build: mount({ hostPath: '' }),
    error: { path: AGENT, property: 'container agent hostPath', value: '""', fix: 'Use an absolute path' },
    absent: 'name: host',
  },
  {
    name: 'rejects a relative mount path',
    build: mount({ mountPath: 'host/lib' }),
    error: { path: AGENT, property: 'container agent mountPath', value: '"host/lib"', fix: 'Use an absolute path' },
  },
  {
    name: 'rejects a host volume name with capitals',
    build: mount({ name: 'VarLog' }),
    error: { path: AGENT, property: 'container agent hostPath volume name', value: '"VarLog"', fix: 'a DNS-1123 label' },
  },
  {
    name: 'rejects Bidirectional propagation in an unprivileged container',
    build: mount({ readOnly: false, propagation: MountPropagation.BIDIRECTIONAL }),
    error: { path: AGENT, property: 'mountPropagation of /var/lib/agent', value: '"Bidirectional"', fix: 'use MountPropagation.HOST_TO_CONTAINER, or make the container privileged (securityContext: { privileged: true })' },
  },
  {
    name: 'rejects a hostPath type Kubernetes does not have',
    build: mount({ type: 'Folder' as HostPathVolumeType }),
    error: { path: AGENT, property: 'container agent hostPath type', value: '"Folder"', fix: 'e.g. HostPathVolumeType.DIRECTORY_OR_CREATE' },
    absent: '/var/lib/agent',
  },
  {
    name: 'rejects a mount propagation Kubernetes does not have',
    build: mount({ propagation: 'Shared' as MountPropagation }),
    error: { path: AGENT, property: 'container agent mountPropagation of /var/lib/agent', value: '"Shared"', fix: 'Use MountPropagation.NONE, HOST_TO_CONTAINER or BIDIRECTIONAL' },
    absent: '/var/lib/agent',
  },
  {
    name: 'rejects the same mount path twice in a container',
    build: chart => {
      const a = agent(chart);
      a.mountHostPath(a.containers[0], { name: 'one', hostPath: '/var/lib/one', mountPath: '/data' });
      a.mountHostPath(a.containers[0], { name: 'two', hostPath: '/var/lib/two', mountPath: '/data' });
    },
    error: { path: AGENT, property: 'container agent mountPath', value: '"/data"', fix: 'Each mount path may be used once per container' },
    absent: '/var/lib/two',
  },
  {
    name: 'rejects one volume name for two host paths',
    build: chart => {
      const a = agent(chart);
      a.mountHostPath(a.containers[0], { name: 'state', hostPath: '/var/lib/one', mountPath: '/one' });
      a.mountHostPath(a.containers[0], { name: 'state', hostPath: '/var/lib/two', mountPath: '/two' });
    },
    error: { path: AGENT, property: 'container agent hostPath volume name', value: '"state"', fix: 'The name already mounts /var/lib/one: give this host path another name' },
    absent: '/var/lib/two',
  },
  {
    name: 'rejects a host volume named like another volume of the pod',
    build: chart => {
      const a = agent(chart);
      a.containers[0].mount('/cache', Volume.fromEmptyDir(chart, 'Cache', 'cache'));
      a.mountHostPath(a.containers[0], { name: 'cache', hostPath: '/var/cache/agent' });
    },
    error: { path: AGENT, property: 'container agent hostPath volume name', value: '"cache"', fix: 'Another volume of the pod has this name: choose a unique name' },
    absent: '/var/cache/agent',
  },
];

const services: BadInput[] = [
  {
    name: 'rejects a Service name starting with a digit',
    build: service({ name: '9100-metrics' }),
    error: { path: AGENT, property: 'service name', value: '"9100-metrics"', fix: 'starting with a letter (a DNS-1035 label)' },
  },
  {
    name: 'rejects a Service without ports',
    build: service({ ports: [] }),
    error: { path: AGENT, property: 'service ports', value: '[]', fix: 'Give at least one port' },
    absent: 'kind: Service\n',
  },
  {
    name: 'rejects a Service port above 65535',
    build: service({ ports: [{ port: 91000, name: 'metrics' }] }),
    error: { path: AGENT, property: 'service ports[0].port', value: '91000', fix: 'Use an integer port from 1 to 65535' },
    absent: '91000',
  },
  {
    name: 'rejects a negative targetPort',
    build: service({ ports: [{ port: 9100, targetPort: -9100, name: 'metrics' }] }),
    error: { path: AGENT, property: 'service ports[0].targetPort', value: '-9100', fix: 'Use an integer port from 1 to 65535' },
    absent: '-9100',
  },
  {
    name: 'rejects an unnamed port among several',
    build: service({ ports: [{ port: 9100, name: 'metrics' }, { port: 9101 }] }),
    error: { path: AGENT, property: 'service ports[1].name', value: 'undefined', fix: 'A Service with several ports needs a name on each' },
    absent: '9101',
  },
  {
    name: 'rejects two Service ports with one name',
    build: service({ ports: [{ port: 9100, name: 'metrics' }, { port: 9101, name: 'metrics' }] }),
    error: { path: AGENT, property: 'service ports[1].name', value: '"metrics"', fix: 'Each port of a Service needs a name of its own' },
    absent: '9101',
  },
  {
    name: 'rejects the same Service port twice',
    build: service({ ports: [{ port: 9100, name: 'metrics' }, { port: 9100, name: 'web' }] }),
    error: { path: AGENT, property: 'service ports[1].port', value: '9100', fix: 'A Service may list a port once per protocol' },
    absent: 'name: web',
  },
  {
    name: 'rejects a Service port name with an underscore',
    build: service({ ports: [{ port: 9100, name: 'node_metrics' }] }),
    error: { path: AGENT, property: 'service ports[0].name', value: '"node_metrics"', fix: 'an IANA service name' },
  },
  {
    name: 'rejects a scrape port of 0',
    build: service({ scrape: { port: 0 } }),
    error: { path: AGENT, property: 'scrape.port', value: '0', fix: 'Use an integer port from 1 to 65535' },
    absent: 'prometheus.io/port',
  },
];

const selection: BadInput[] = [
  {
    name: 'rejects two values for one nodeSelector label',
    build: selecting(NodeSelection.nodePool('pool', 'a').and(NodeSelection.nodePool('pool', 'b'))),
    error: { path: AGENT, property: 'nodeSelection (pool)', value: '["a","b"]', fix: 'NodeSelection.matching(NodeRequirement.in(\'pool\', ...values))' },
    absent: 'pool: b',
  },
  {
    name: 'rejects a nodeSelector key with two slashes',
    build: selecting(NodeSelection.labels({ 'example.com/pool/name': 'a' })),
    error: { path: AGENT, property: 'nodeSelection.nodeSelector key', value: '"example.com/pool/name"', fix: 'Use a qualified name "[prefix/]name"' },
  },
  {
    name: 'rejects a nodeSelector value with a space',
    build: selecting(NodeSelection.labels({ pool: 'gpu pool' })),
    error: { path: AGENT, property: 'nodeSelection.nodeSelector[pool]', value: '"gpu pool"', fix: 'letters, digits, "-", "_" and "."' },
  },
  {
    name: 'rejects a node pool named by an empty label key',
    build: selecting(NodeSelection.nodePool('', 'system')),
    error: { path: AGENT, property: 'nodeSelection.nodeSelector key', value: '""', fix: 'e.g. "kubernetes.io/os"' },
    absent: 'system',
  },
  {
    name: 'rejects an empty affinity term, which Kubernetes skips',
    build: selecting(NodeSelection.matching()),
    error: { path: AGENT, property: 'nodeSelection.terms[0]', value: '[]', fix: 'give it at least one NodeRequirement, or use NodeSelection.all()' },
    absent: 'nodeSelectorTerms',
  },
  {
    name: 'rejects anyOf() of no selection, which Kubernetes refuses',
    build: selecting(NodeSelection.anyOf()),
    error: { path: AGENT, property: 'nodeSelection.terms', value: '[]', fix: 'give anyOf() at least one selection, or use NodeSelection.all()' },
    absent: 'nodeSelectorTerms',
  },
  {
    name: 'rejects In without values',
    build: selecting(NodeSelection.matching(NodeRequirement.in('zone'))),
    error: { path: AGENT, property: 'nodeSelection.terms[0][0].values', value: '[]', fix: 'In needs at least one value, e.g. NodeRequirement.in(\'zone\', \'value\')' },
    absent: 'key: zone',
  },
  {
    name: 'rejects NotIn with a value that is not a label value',
    build: selecting(NodeSelection.matching(NodeRequirement.notIn('zone', 'eu west'))),
    error: { path: AGENT, property: 'nodeSelection.terms[0][0].values[0]', value: '"eu west"', fix: 'starting and ending with a letter or digit' },
  },
  {
    name: 'rejects Exists with values',
    build: selecting(NodeSelection.matching(NodeRequirement.of({ key: 'gpu', operator: NodeSelectorOperator.EXISTS, values: ['true'] }))),
    error: { path: AGENT, property: 'nodeSelection.terms[0][0].values', value: '["true"]', fix: 'Exists takes no values: drop them, or use In/NotIn' },
    absent: 'key: gpu',
  },
  {
    name: 'rejects Gt with a fractional value',
    build: selecting(NodeSelection.matching(NodeRequirement.gt('cpu-count', 1.5))),
    error: { path: AGENT, property: 'nodeSelection.terms[0][0].values', value: '["1.5"]', fix: 'Gt takes exactly one integer value, e.g. NodeRequirement.gt(\'cpu-count\', 4)' },
    absent: 'cpu-count',
  },
  {
    name: 'rejects Lt with two values',
    build: selecting(NodeSelection.matching(NodeRequirement.of({ key: 'cpu-count', operator: NodeSelectorOperator.LT, values: ['4', '8'] }))),
    error: { path: AGENT, property: 'nodeSelection.terms[0][0].values', value: '["4","8"]', fix: 'Lt takes exactly one integer value' },
    absent: 'cpu-count',
  },
  {
    name: 'rejects an affinity operator Kubernetes does not have, where the requirement is made',
    build: chart => selecting(NodeSelection.matching(NodeRequirement.of({ key: 'zone', operator: 'Near' as NodeSelectorOperator, values: ['a'] })))(chart),
    error: { path: 'NodeRequirement.of', property: 'operator', value: '"Near"', fix: 'Give one of NodeSelectorOperator: "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"' },
  },
  {
    name: 'rejects an affinity key that is not a qualified name',
    build: selecting(NodeSelection.matching(NodeRequirement.exists('-gpu'))),
    error: { path: AGENT, property: 'nodeSelection.terms[0][0].key', value: '"-gpu"', fix: 'Use a qualified name' },
  },
];

const tolerations: BadInput[] = [
  {
    name: 'rejects an empty toleration key without Exists',
    build: tolerating(Toleration.of({ value: 'x' })),
    error: { path: AGENT, property: 'tolerations[0].key', value: 'undefined', fix: 'use Toleration.everything() or Toleration.allWithEffect(effect), or give a key' },
    absent: 'tolerations',
  },
  {
    name: 'rejects a value with operator Exists',
    build: tolerating(Toleration.of({ key: 'dedicated', operator: TolerationOperator.EXISTS, value: 'gpu' })),
    error: { path: AGENT, property: 'tolerations[0].value', value: '"gpu"', fix: 'drop the value, or use Toleration.equal(key, value)' },
    absent: 'dedicated',
  },
  {
    name: 'rejects tolerationSeconds without NoExecute',
    build: tolerating(Toleration.of({ key: 'dedicated', effect: TaintEffect.NO_SCHEDULE, tolerationSeconds: Duration.seconds(30) })),
    error: { path: AGENT, property: 'tolerations[0].tolerationSeconds', value: '30', fix: 'set effect TaintEffect.NO_EXECUTE or drop tolerationSeconds' },
    absent: 'tolerationSeconds',
  },
  {
    name: 'rejects a toleration operator Kubernetes does not have, where the toleration is made',
    build: chart => tolerating(Toleration.of({ key: 'dedicated', operator: 'In' as TolerationOperator, value: 'gpu' }))(chart),
    error: { path: 'Toleration.of', property: 'operator', value: '"In"', fix: 'Give one of TolerationOperator: "Equal", "Exists"' },
    absent: 'dedicated',
  },
  {
    name: 'rejects a taint effect Kubernetes does not have, where the toleration is made',
    build: chart => tolerating(Toleration.exists('dedicated', 'NoRun' as TaintEffect))(chart),
    error: { path: 'Toleration.exists', property: 'effect', value: '"NoRun"', fix: 'Give one of TaintEffect: "NoSchedule", "PreferNoSchedule", "NoExecute"' },
  },
  {
    name: 'rejects tolerationSeconds in fractions of a second',
    build: tolerating(Toleration.of({
      key: 'node.kubernetes.io/unreachable', operator: TolerationOperator.EXISTS, effect: TaintEffect.NO_EXECUTE, tolerationSeconds: Duration.millis(1500),
    })),
    error: { path: AGENT, property: 'tolerations[0].tolerationSeconds', value: '"1500ms"', fix: 'Use a whole number of seconds, e.g. Duration.seconds(300)' },
    absent: 'unreachable',
  },
  {
    name: 'rejects fractional tolerationSeconds without NoExecute',
    build: tolerating(Toleration.of({ key: 'dedicated', effect: TaintEffect.NO_SCHEDULE, tolerationSeconds: Duration.millis(500) })),
    error: { path: AGENT, property: 'tolerations[0].tolerationSeconds', value: '"500ms"', fix: 'Use a whole number of seconds' },
    absent: 'dedicated',
  },
  {
    name: 'rejects a taint key with a space',
    build: tolerating(Toleration.exists('dedicated node')),
    error: { path: AGENT, property: 'tolerations[0].key', value: '"dedicated node"', fix: 'Use a qualified name' },
  },
  {
    name: 'rejects a toleration value longer than 63 characters',
    build: tolerating(Toleration.equal('dedicated', 'g'.repeat(64))),
    error: { path: AGENT, property: 'tolerations[0].value', value: `"${'g'.repeat(64)}"`, fix: 'Use at most 63 characters' },
  },
  {
    name: 'rejects a bad toleration added later with the index it would take',
    build: chart => agent(chart, { tolerations: [Toleration.controlPlane()] }).tolerate(Toleration.exists('a/b/c')),
    error: { path: AGENT, property: 'tolerations[1].key', value: '"a/b/c"', fix: 'an optional DNS subdomain prefix' },
  },
];

const updates: BadInput[] = [
  {
    name: 'rejects a rolling update that can never start (both limits 0)',
    build: updating(UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.nodes(0) })),
    error: { path: AGENT, property: 'updateStrategy.maxUnavailable', value: '0', fix: 'set maxUnavailable (e.g. UpdateLimit.nodes(1)) or maxSurge' },
    absent: 'maxUnavailable: 0',
  },
  {
    name: 'rejects both limits zero when one is 0%',
    build: updating(UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.percent(0), maxSurge: UpdateLimit.nodes(0) })),
    error: { path: AGENT, property: 'updateStrategy.maxUnavailable', value: '"0%"', fix: 'maxUnavailable cannot be 0 when maxSurge is 0' },
  },
  {
    name: 'rejects maxSurge with a non-zero maxUnavailable',
    build: updating(UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.nodes(1), maxSurge: UpdateLimit.percent(10) })),
    error: { path: AGENT, property: 'updateStrategy.maxSurge', value: '"10%"', fix: 'choose one, e.g. { maxSurge: "10%" } alone' },
  },
  {
    name: 'rejects a percentage over 100%',
    build: updating(UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.percent(150) })),
    error: { path: AGENT, property: 'updateStrategy.maxUnavailable', value: '"150%"', fix: 'use UpdateLimit.percent(100)' },
  },
  {
    name: 'rejects a fractional percentage',
    build: updating(UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.percent(12.5) })),
    error: { path: AGENT, property: 'updateStrategy.maxUnavailable', value: '"12.5%"', fix: 'Use a whole percentage from 0% to 100%' },
  },
  {
    name: 'rejects a negative node count',
    build: updating(UpdateStrategy.rollingUpdate({ maxSurge: UpdateLimit.nodes(-1) })),
    error: { path: AGENT, property: 'updateStrategy.maxSurge', value: '-1', fix: 'Use a whole number of nodes of 0 or more' },
    absent: 'maxSurge: -1',
  },
  {
    name: 'rejects a node count Kubernetes cannot store (above int32)',
    build: updating(UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.nodes(3_000_000_000) })),
    error: { path: AGENT, property: 'updateStrategy.maxUnavailable', value: '3000000000', fix: 'at most 2147483647' },
    absent: '3000000000',
  },
  {
    name: 'rejects a limit parsed from text that is neither a count nor a percentage',
    build: updating(UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.parse('ten') })),
    error: { path: AGENT, property: 'updateStrategy.maxUnavailable', value: '"ten"', fix: 'e.g. UpdateLimit.percent(10) ("10%")' },
  },
];

const access: BadInput[] = [
  {
    name: 'rejects a wildcard verb',
    build: granting(AccessRule.allow([ApiVerb.ALL], ApiResource.PODS)),
    error: { path: AGENT, property: 'access[0]', value: '"verb *"', fix: 'or set allowWildcards: true' },
    absent: 'ClusterRole',
  },
  {
    name: 'rejects a wildcard resource',
    build: granting(AccessRule.read(ApiResource.custom({ apiGroup: 'apps', resourceType: '*' }))),
    error: { path: AGENT, property: 'access[0]', value: '"resource * (apiGroup \\"apps\\")"', fix: 'name the verbs and resources the agent uses' },
    absent: 'ClusterRole',
  },
  {
    name: 'rejects a wildcard API group',
    build: granting(AccessRule.read(ApiResource.custom({ apiGroup: '*', resourceType: 'pods' }))),
    error: { path: AGENT, property: 'access[0]', value: '"apiGroup * (pods)"', fix: 'allowWildcards: true' },
    absent: 'ClusterRole',
  },
  {
    name: 'rejects a rule without verbs',
    build: granting(AccessRule.allow([], ApiResource.NODES)),
    error: { path: AGENT, property: 'access[0].verbs', value: '[]', fix: 'Name at least one verb' },
    absent: 'ClusterRole',
  },
  {
    name: 'rejects a rule without resources',
    build: granting(AccessRule.read()),
    error: { path: AGENT, property: 'access[0].resources', value: '[]', fix: 'Name at least one resource, e.g. ApiResource.PODS' },
    absent: 'ClusterRole',
  },
  {
    name: 'rejects a verb RBAC does not have, where the rule is made',
    build: chart => granting(AccessRule.allow(['exec' as ApiVerb], ApiResource.PODS))(chart),
    error: { path: 'AccessRule.allow', property: 'verbs[0]', value: '"exec"', fix: 'Give one of ApiVerb: "get", "list", "watch"' },
    absent: 'ClusterRole',
  },
  {
    name: 'rejects access without a namespace for the binding',
    build: chart => agent(chart, { access: [AccessRule.read(ApiResource.PODS)] }),
    error: { path: AGENT, property: 'namespace', value: 'undefined', fix: 'set metadata.namespace on the agent or a namespace on its Chart' },
    absent: 'ClusterRoleBinding',
  },
];

describe('bad inputs: host mounts', () => catalog(mounts));
describe('bad inputs: Services', () => catalog(services));
describe('bad inputs: node selection', () => catalog(selection));
describe('bad inputs: tolerations', () => catalog(tolerations));
describe('bad inputs: update strategy', () => catalog(updates));
describe('bad inputs: API access', () => catalog(access));
