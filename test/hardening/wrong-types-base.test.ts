/**
 * Wrong types at the base building blocks' public entry points: every static factory, method and
 * constructor of access rules, node selections, tolerations, update strategies, privileges, the
 * agent Service and cluster-scoped objects. Each wrong value (derived from the
 * parameter's shape in entry-points.ts) must be refused with ValidationError naming the API or
 * construct, the property and the value as given: never a TypeError, never accepted.
 */
import { Duration, Size } from 'cdk8s';
import { ApiResource, Cpu } from 'cdk8s-plus-28';
import {
  BOOLEAN, chart, CLASS, constructorParams, ENUM, EntryPoint, expectRefused, INTEGER, listOf, mapOf, NUMBER, Param, Shape, STRING, thrownWith,
  wrongTypes,
} from './entry-points';
import {
  AccessRule, AgentProbe, AgentService, ApiVerb, ClusterScopedObject, NodeAgent, NodeRequirement, NodeSelection, NodeSelectorOperator, Privilege,
  TaintEffect, Toleration, TolerationOperator, UpdateLimit, UpdateStrategy, ValidationError,
} from '../../src';

/** A static function called as given. */
const call = (fn: (...args: any[]) => unknown, ...args: unknown[]) => () => ({ call: fn, args });
const optional = (shape: Shape) => ({ shape, optional: true });
const required = (shape: Shape) => ({ shape });

const access: EntryPoint[] = [
  { api: 'AccessRule.read', params: [{ name: 'resources', shape: CLASS, rest: true }], setup: call(AccessRule.read, ApiResource.PODS) },
  {
    api: 'AccessRule.allow',
    params: [{ name: 'verbs', shape: listOf(ENUM) }, { name: 'resources', shape: CLASS, rest: true }],
    setup: call(AccessRule.allow, [ApiVerb.GET], ApiResource.PODS),
  },
  {
    api: 'AccessRule.of',
    params: [{
      name: 'props',
      shape: {
        kind: 'struct',
        bare: true,
        valid: { verbs: [ApiVerb.GET], resources: [ApiResource.PODS] },
        fields: {
          verbs: required(listOf(ENUM)),
          resources: required(listOf(CLASS)),
          resourceNames: optional(listOf(STRING)),
          allowWildcards: optional(BOOLEAN),
        },
      },
    }],
    setup: call(AccessRule.of, { verbs: [ApiVerb.GET], resources: [ApiResource.PODS] }),
  },
];

const nodeSelection: EntryPoint[] = [
  ...(['in', 'notIn'] as const).map(name => ({
    api: `NodeRequirement.${name}`,
    params: [{ name: 'key', shape: STRING }, { name: 'values', shape: STRING, rest: true }],
    setup: call(NodeRequirement[name], 'zone', 'a'),
  })),
  ...(['exists', 'doesNotExist'] as const).map(name => ({ api: `NodeRequirement.${name}`, params: [{ name: 'key', shape: STRING }], setup: call(NodeRequirement[name], 'gpu') })),
  ...(['gt', 'lt'] as const).map(name => ({
    api: `NodeRequirement.${name}`,
    params: [{ name: 'key', shape: STRING }, { name: 'value', shape: NUMBER }],
    setup: call(NodeRequirement[name], 'cores', 4),
  })),
  {
    api: 'NodeRequirement.of',
    params: [{
      name: 'props',
      shape: {
        kind: 'struct',
        bare: true,
        valid: { key: 'zone', operator: NodeSelectorOperator.IN, values: ['a'] },
        fields: { key: required(STRING), operator: required(ENUM), values: optional(listOf(STRING)) },
      },
    }],
    setup: call(NodeRequirement.of, { key: 'zone', operator: NodeSelectorOperator.IN, values: ['a'] }),
  },
  { api: 'NodeSelection.labels', params: [{ name: 'labels', shape: mapOf(STRING) }], setup: call(NodeSelection.labels, { pool: 'system' }) },
  { api: 'NodeSelection.matching', params: [{ name: 'requirements', shape: CLASS, rest: true }], setup: call(NodeSelection.matching, NodeRequirement.exists('gpu')) },
  { api: 'NodeSelection.anyOf', params: [{ name: 'selections', shape: CLASS, rest: true }], setup: call(NodeSelection.anyOf, NodeSelection.linux()) },
  {
    api: 'NodeSelection.nodePool',
    params: [{ name: 'labelKey', shape: STRING }, { name: 'poolName', shape: STRING }],
    setup: call(NodeSelection.nodePool, 'cloud.google.com/gke-nodepool', 'system'),
  },
  {
    api: 'NodeSelection.and',
    params: [{ name: 'others', shape: CLASS, rest: true }],
    setup: () => {
      const linux = NodeSelection.linux();
      return { call: (...others: unknown[]) => linux.and(...(others as NodeSelection[])), args: [NodeSelection.gpuNodes()] };
    },
  },
];

const tolerations: EntryPoint[] = [
  {
    api: 'Toleration.of',
    params: [{
      name: 'props',
      shape: {
        kind: 'struct',
        bare: true,
        valid: { key: 'dedicated', operator: TolerationOperator.EQUAL, value: 'gpu' },
        fields: {
          key: optional(STRING), operator: optional(ENUM), value: optional(STRING), effect: optional(ENUM), tolerationSeconds: optional(CLASS),
        },
      },
    }],
    setup: call(Toleration.of, { key: 'dedicated', operator: TolerationOperator.EQUAL, value: 'gpu' }),
  },
  {
    api: 'Toleration.exists',
    params: [{ name: 'key', shape: STRING }, { name: 'effect', shape: ENUM, optional: true }],
    setup: call(Toleration.exists, 'dedicated', TaintEffect.NO_SCHEDULE),
  },
  {
    api: 'Toleration.equal',
    params: [{ name: 'key', shape: STRING }, { name: 'value', shape: STRING }, { name: 'effect', shape: ENUM, optional: true }],
    setup: call(Toleration.equal, 'dedicated', 'gpu', TaintEffect.NO_SCHEDULE),
  },
  { api: 'Toleration.allWithEffect', params: [{ name: 'effect', shape: ENUM }], setup: call(Toleration.allWithEffect, TaintEffect.NO_EXECUTE) },
];

const updates: EntryPoint[] = [
  { api: 'UpdateLimit.nodes', params: [{ name: 'count', shape: NUMBER }], setup: call(UpdateLimit.nodes, 1) },
  { api: 'UpdateLimit.percent', params: [{ name: 'percentage', shape: NUMBER }], setup: call(UpdateLimit.percent, 10) },
  { api: 'UpdateLimit.parse', params: [{ name: 'value', shape: STRING }], setup: call(UpdateLimit.parse, '10%') },
  {
    api: 'UpdateStrategy.rollingUpdate',
    params: [{
      name: 'options',
      optional: true,
      shape: { kind: 'struct', bare: true, valid: { maxSurge: UpdateLimit.nodes(1) }, fields: { maxUnavailable: optional(CLASS), maxSurge: optional(CLASS) } },
    }],
    setup: call(UpdateStrategy.rollingUpdate, { maxSurge: UpdateLimit.nodes(1) }),
  },
];

const privileges: EntryPoint[] = [
  { api: 'Privilege.privileged', params: [{ name: 'container', shape: STRING }], setup: call(Privilege.privileged, 'agent') },
  { api: 'Privilege.capability', params: [{ name: 'name', shape: STRING }], setup: call(Privilege.capability, 'NET_ADMIN') },
  { api: 'Privilege.hostPath', params: [{ name: 'volumeName', shape: STRING }], setup: call(Privilege.hostPath, 'proc') },
  { api: 'Privilege.hostPort', params: [{ name: 'port', shape: INTEGER }], setup: call(Privilege.hostPort, 9100) },
  { api: 'Privilege.runAsRoot', params: [{ name: 'container', shape: STRING }], setup: call(Privilege.runAsRoot, 'agent') },
  { api: 'Privilege.appArmorUnconfined', params: [{ name: 'container', shape: STRING }], setup: call(Privilege.appArmorUnconfined, 'agent') },
];

const timing = {
  initialDelay: optional(CLASS),
  period: optional(CLASS),
  timeout: optional(CLASS),
  failureThreshold: optional(NUMBER),
  successThreshold: optional(NUMBER),
};
const probeOptions = (fields: Record<string, { shape: Shape; optional?: boolean }>): Param => ({
  name: 'options', optional: true, shape: { kind: 'struct', bare: true, valid: {}, fields: { ...timing, ...fields } },
});
/** A NodeAgent with its container, to set probes on. */
function probedAgent() {
  const agent = new NodeAgent(chart(), 'agent', { name: 'agent' });
  const container = agent.addContainer({
    name: 'agent',
    image: 'registry.example.com/agent:v1.0.0',
    resources: { cpu: { request: Cpu.millis(10) }, memory: { request: Size.mebibytes(16) } },
    securityContext: { ensureNonRoot: false },
  });
  return { agent, container };
}

const probes: EntryPoint[] = [
  {
    api: 'AgentProbe.httpGet',
    params: [{ name: 'port', shape: NUMBER }, probeOptions({ path: optional(STRING), host: optional(STRING), scheme: optional(ENUM), headers: optional(mapOf(STRING)) })],
    setup: call(AgentProbe.httpGet, 9099, {}),
  },
  { api: 'AgentProbe.tcpSocket', params: [{ name: 'port', shape: NUMBER }, probeOptions({ host: optional(STRING) })], setup: call(AgentProbe.tcpSocket, 9099, {}) },
  { api: 'AgentProbe.grpc', params: [{ name: 'port', shape: NUMBER }, probeOptions({ service: optional(STRING) })], setup: call(AgentProbe.grpc, 9099, {}) },
  { api: 'AgentProbe.exec', params: [{ name: 'command', shape: listOf(STRING) }, probeOptions({})], setup: call(AgentProbe.exec, ['true'], {}) },
  {
    api: 'NodeAgent.probe',
    where: 'test/agent',
    params: [
      { name: 'container', shape: CLASS },
      { name: 'probes', shape: { kind: 'struct', bare: true, valid: {}, fields: { liveness: optional(CLASS), readiness: optional(CLASS), startup: optional(CLASS) } } },
    ],
    setup: () => {
      const { agent, container } = probedAgent();
      return { call: (...a: any[]) => agent.probe(a[0], a[1]), args: [container, { liveness: AgentProbe.tcpSocket(9099) }] };
    },
  },
  {
    api: 'NodeAgent.overrideContainer',
    where: 'test/agent',
    params: [
      { name: 'container', shape: CLASS },
      {
        name: 'overrides',
        shape: {
          kind: 'struct',
          bare: true,
          valid: {},
          fields: {
            seLinux: optional({ kind: 'struct', valid: {}, fields: { type: optional(STRING), level: optional(STRING), role: optional(STRING), user: optional(STRING) } }),
            terminationMessagePolicy: optional(ENUM),
            postStartCommand: optional(listOf(STRING)),
            preStopCommand: optional(listOf(STRING)),
          },
        },
      },
    ],
    setup: () => {
      const { agent, container } = probedAgent();
      return { call: (...a: any[]) => agent.overrideContainer(a[0], a[1]), args: [container, { preStopCommand: ['/stop'] }] };
    },
  },
];

const servicePort: Shape = {
  kind: 'struct',
  valid: { port: 80 },
  fields: { port: required(INTEGER), name: optional(STRING), nodePort: optional(INTEGER), protocol: optional(ENUM), targetPort: optional(INTEGER) },
};
const metadata: Shape = {
  kind: 'struct',
  valid: {},
  allowUnknown: true,
  fields: { name: optional(STRING), namespace: optional(STRING), labels: optional(mapOf(STRING)), annotations: optional(mapOf(STRING)) },
};

const constructs: EntryPoint[] = [
  {
    api: 'AgentService',
    where: 'test/svc',
    params: [...constructorParams('AgentService'), {
      name: 'props',
      optional: true,
      shape: {
        kind: 'struct',
        bare: true,
        valid: { ports: [{ port: 80 }] },
        fields: {
          metadata: optional(metadata),
          selector: optional({ kind: 'construct' }),
          clusterIP: optional(STRING),
          externalIPs: optional(listOf(STRING)),
          type: optional(ENUM),
          ports: optional(listOf(servicePort)),
          externalName: optional(STRING),
          loadBalancerSourceRanges: optional(listOf(STRING)),
          publishNotReadyAddresses: optional(BOOLEAN),
          internalTrafficPolicy: optional(ENUM),
        },
      },
    }],
    setup: () => ({ call: (...a: any[]) => new AgentService(a[0], a[1], a[2]), args: [chart(), 'svc', { ports: [{ port: 80 }] }] }),
  },
  {
    api: 'ClusterScopedObject',
    where: 'test/obj',
    params: [...constructorParams('ClusterScopedObject'), {
      name: 'props',
      shape: {
        kind: 'struct',
        bare: true,
        allowUnknown: true,
        valid: { apiVersion: 'v1', kind: 'Namespace' },
        fields: { apiVersion: required(STRING), kind: required(STRING), metadata: optional(metadata) },
      },
    }],
    setup: () => ({ call: (...a: any[]) => new ClusterScopedObject(a[0], a[1], a[2]), args: [chart(), 'obj', { apiVersion: 'v1', kind: 'Namespace' }] }),
  },
];

describe('access rules', () => wrongTypes(access));
describe('node selections', () => wrongTypes(nodeSelection));
describe('tolerations', () => wrongTypes(tolerations));
describe('update strategies', () => wrongTypes(updates));
describe('privileges', () => wrongTypes(privileges));
describe('probes', () => wrongTypes(probes));
describe('constructs', () => wrongTypes(constructs));

describe('shape first, then the value rules', () => {
  test('a wrong type never reaches the value rules: Toleration.of({ key: 5 }) is one shape problem', () => {
    const error = thrownWith(tolerations[0], 0, { key: 5 }) as ValidationError;
    expectRefused(error, tolerations[0], 0, { value: { key: 5 }, property: 'key', problemValue: 5, shown: '5' });
    expect(error.problems).toHaveLength(1);
  });

  test('every problem of one call is reported at once', () => {
    const error = thrownWith(access[0], 0, null) as ValidationError;
    expect(error.problems.map(p => p.property)).toEqual(['resources[0]']);
    let all: unknown;
    try {
      (AccessRule.allow as any)('get', null, 'pods');
    } catch (e) {
      all = e;
    }
    expect((all as ValidationError).problems.map(p => p.property)).toEqual(['verbs', 'resources[0]', 'resources[1]']);
  });

  test('value rules still apply where the block is used (a fractional node count)', () => {
    expect(() => UpdateLimit.nodes(1.5)).not.toThrow();
    expect(UpdateLimit.nodes(1.5)._problems('maxUnavailable')).toEqual([expect.objectContaining({ property: 'maxUnavailable', value: 1.5 })]);
  });

  test('a look-alike of a Duration is not taken for one (it would fail inside cdk8s at synth)', () => {
    expect(() => Toleration.of({ key: 'a', effect: TaintEffect.NO_EXECUTE, tolerationSeconds: { toSeconds: () => 5 } as unknown as Duration }))
      .toThrow(/^Toleration\.of: invalid tolerationSeconds: \{"toSeconds":\[function toSeconds\]\}\. Give a Duration, e\.g\. Duration\.seconds\(10\)/);
  });
});
