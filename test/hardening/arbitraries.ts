/**
 * fast-check arbitraries for the building blocks: Kubernetes grammars (valid, and invalid by the
 * API server's own grammar, independent of the library's checks), node selections, tolerations,
 * update strategies, resources, and a whole NodeAgent with containers, host mounts and a Service.
 */
import { Chart, Duration, Size } from 'cdk8s';
import {
  ApiResource, Capability, ContainerProps, ContainerSecurityContextProps, Cpu, EnvValue, HostPathVolumeType, MountPropagation,
  SeccompProfileType, ServicePort,
} from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  AccessRule, AgentServiceOptions, HostPathMountOptions, NodeAgent, NodeAgentProps, NodeRequirement, NodeSelection, ServiceMode,
  TaintEffect, Toleration, TolerationOperator, UpdateLimit, UpdateStrategy,
} from '../../src';

// The API server's grammars (k8s.io/apimachinery/pkg/util/validation), written out here so that
// "invalid" never means "what the library happens to refuse".
export const GRAMMAR = {
  dnsLabel: (s: string) => s.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s),
  dnsSubdomain: (s: string) => s.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(s),
  dns1035: (s: string) => s.length <= 63 && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(s),
  labelValue: (s: string) => s.length <= 63 && /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(s),
  envName: (s: string) => /^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(s),
};

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

export const dnsLabel = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,14}[a-z0-9])?$/);
export const dns1035 = fc.stringMatching(/^[a-z]([-a-z0-9]{0,14}[a-z0-9])?$/);
export const labelValue = fc.stringMatching(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,14}[A-Za-z0-9])?)?$/);
const namePart = fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,14}[A-Za-z0-9])?$/);
const subdomain = fc.array(dnsLabel, { minLength: 1, maxLength: 3 }).map(parts => parts.join('.'));
export const qualifiedKey = fc.tuple(opt(subdomain), namePart).map(([prefix, name]) => (prefix ? `${prefix}/${name}` : name));
export const portNumber = fc.integer({ min: 1, max: 65535 });
export const portName = fc.stringMatching(/^[a-z]{1,5}(-[a-z0-9]{1,4}){0,2}$/);
const octet = fc.integer({ min: 0, max: 255 });
/** A network address with its prefix (8 to 24), in 10.0.0.0/8: the pod CIDRs of the CNI properties. */
export const ipv4Network = fc.tuple(octet, octet, fc.integer({ min: 8, max: 24 })).map(([a, b, prefix]) => {
  const address = 10 * 2 ** 24 + a * 2 ** 16 + b * 2 ** 8;
  const network = address - (address % 2 ** (32 - prefix));
  return `${[24, 16, 8, 0].map(s => Math.floor(network / 2 ** s) % 256).join('.')}/${prefix}`;
});
export const absolutePath = fc.array(fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,8}$/), { minLength: 1, maxLength: 4 }).map(s => `/${s.join('/')}`);
export const envName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,15}$/);
export const wholeSeconds = (max: number) => fc.integer({ min: 0, max }).map(n => Duration.seconds(n));

/** A valid string with one character inserted that its grammar may not allow; kept only if now invalid. */
export function corrupted(valid: fc.Arbitrary<string>, isValid: (s: string) => boolean): fc.Arbitrary<string> {
  const near = fc.tuple(valid, fc.nat(), fc.constantFrom('_', 'A', ' ', '.', '/', '-', ':', 'é', '*', '\n'))
    .map(([s, at, c]) => s.slice(0, at % (s.length + 1)) + c + s.slice(at % (s.length + 1)));
  const long = fc.integer({ min: 64, max: 80 }).map(n => 'a'.repeat(n));
  return fc.oneof(near, fc.string({ maxLength: 20 }), long).filter(s => !isValid(s));
}

export const badDnsLabel = corrupted(dnsLabel, GRAMMAR.dnsLabel);
export const badDnsSubdomain = corrupted(subdomain, GRAMMAR.dnsSubdomain);
export const badLabelValue = corrupted(labelValue, GRAMMAR.labelValue);
export const badEnvName = corrupted(envName, GRAMMAR.envName);
export const badPort = fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 65536 }), fc.double({ min: 1, max: 65535, noInteger: true }));
/**
 * A bad port that is still a finite number, for mutations given through a factory
 * (`CniImplementation.flannel()`, `AgentProbe.tcpSocket()`): a factory refuses NaN itself, under
 * its own name, before any agent exists (wrong-types-*.test.ts cover that), so only the agent
 * can refuse what is left.
 */
export const outOfRangePort = badPort.filter(port => !Number.isNaN(port));
export const badCount = fc.oneof(
  fc.integer({ max: -1 }), fc.double({ min: 0, max: 1000, noInteger: true }), fc.integer({ min: 2 ** 31, max: 2 ** 40 }),
);
export const badWholeSeconds = fc.integer({ min: 1, max: 100_000 }).filter(ms => ms % 1000 !== 0).map(ms => Duration.millis(ms));

export const requirement: fc.Arbitrary<NodeRequirement> = fc.oneof(
  fc.tuple(qualifiedKey, fc.array(labelValue, { minLength: 1, maxLength: 3 })).map(([k, v]) => NodeRequirement.in(k, ...v)),
  fc.tuple(qualifiedKey, fc.array(labelValue, { minLength: 1, maxLength: 3 })).map(([k, v]) => NodeRequirement.notIn(k, ...v)),
  qualifiedKey.map(k => NodeRequirement.exists(k)),
  qualifiedKey.map(k => NodeRequirement.doesNotExist(k)),
  fc.tuple(qualifiedKey, fc.integer({ min: -1000, max: 1000 })).map(([k, n]) => NodeRequirement.gt(k, n)),
  fc.tuple(qualifiedKey, fc.integer({ min: -1000, max: 1000 })).map(([k, n]) => NodeRequirement.lt(k, n)),
);

/** One part of a selection; `i` keeps its nodeSelector keys apart from the other parts' (a node has one value per label). */
const selectionPart: fc.Arbitrary<(i: number) => NodeSelection> = fc.oneof(
  fc.constant(() => NodeSelection.all()),
  fc.constantFrom(NodeSelection.linux, NodeSelection.excludeVirtualNodes, NodeSelection.gpuNodes).map(preset => () => preset()),
  fc.dictionary(namePart, labelValue, { minKeys: 1, maxKeys: 3 }).map(labels => (i: number) =>
    NodeSelection.labels(Object.fromEntries(Object.entries(labels).map(([k, v]) => [`part${i}.example.com/${k}`, v])))),
  fc.tuple(namePart, labelValue).map(([k, v]) => (i: number) => NodeSelection.nodePool(`pool${i}.example.com/${k}`, v)),
  // Each requirement on a key of its own: two on one key can contradict (In with DoesNotExist),
  // which selects no node and is refused.
  fc.array(requirement, { minLength: 1, maxLength: 3 }).map(reqs => (i: number) => NodeSelection.matching(...reqs.map((r, j) =>
    NodeRequirement.of({ key: `req${i}-${j}.example.com/${r.key.replace(/^.*\//, '')}`, operator: r.operator, values: r.values })))),
);

export const nodeSelection: fc.Arbitrary<NodeSelection> = fc.array(
  fc.oneof(
    selectionPart,
    fc.array(selectionPart, { minLength: 1, maxLength: 3 }).map(parts => (i: number) => NodeSelection.anyOf(...parts.map(p => p(i)))),
  ),
  { minLength: 1, maxLength: 3 },
).map(parts => parts.map((p, i) => p(i))).map(([first, ...rest]) => first.and(...rest));

const effect = fc.constantFrom(...Object.values(TaintEffect));
export const toleration: fc.Arbitrary<Toleration> = fc.oneof(
  fc.constant(Toleration.everything()),
  effect.map(e => Toleration.allWithEffect(e)),
  fc.tuple(qualifiedKey, opt(effect)).map(([k, e]) => Toleration.exists(k, e)),
  fc.tuple(qualifiedKey, labelValue, opt(effect)).map(([k, v, e]) => Toleration.equal(k, v, e)),
  fc.constantFrom(Toleration.controlPlane(), Toleration.criticalAddonsOnly(), Toleration.nvidiaGpu(), ...Toleration.noExecuteConditions()),
  fc.tuple(qualifiedKey, fc.boolean(), labelValue, wholeSeconds(86_400)).map(([key, exists, value, seconds]) => Toleration.of({
    key,
    operator: exists ? TolerationOperator.EXISTS : TolerationOperator.EQUAL,
    value: exists ? undefined : value,
    effect: TaintEffect.NO_EXECUTE,
    tolerationSeconds: seconds,
  })),
);
export const tolerations = fc.array(toleration, { maxLength: 4 });

const nonZeroLimit = fc.oneof(
  fc.integer({ min: 1, max: 1000 }).map(n => UpdateLimit.nodes(n)),
  fc.integer({ min: 1, max: 100 }).map(n => UpdateLimit.percent(n)),
  fc.oneof(fc.integer({ min: 1, max: 1000 }).map(String), fc.integer({ min: 1, max: 100 }).map(n => `${n}%`)).map(UpdateLimit.parse),
);
const zeroLimit = fc.constantFrom(UpdateLimit.nodes(0), UpdateLimit.percent(0), UpdateLimit.parse('0'));

/** Valid strategies; `surge: false` leaves out those that start new pods first (the log collector refuses them). */
export function updateStrategy(surge = true): fc.Arbitrary<UpdateStrategy> {
  return fc.oneof(
    fc.constant(UpdateStrategy.onDelete()),
    fc.constant(UpdateStrategy.rollingUpdate()),
    nonZeroLimit.map(maxUnavailable => UpdateStrategy.rollingUpdate({ maxUnavailable })),
    fc.tuple(nonZeroLimit, zeroLimit).map(([maxUnavailable, maxSurge]) => UpdateStrategy.rollingUpdate({ maxUnavailable, maxSurge })),
    ...(surge ? [
      nonZeroLimit.map(maxSurge => UpdateStrategy.rollingUpdate({ maxSurge })),
      fc.tuple(zeroLimit, nonZeroLimit).map(([maxUnavailable, maxSurge]) => UpdateStrategy.rollingUpdate({ maxUnavailable, maxSurge })),
    ] : []),
  );
}

/** Requests with limits at or above them, in whole MiB and positive CPU. */
export const resources = fc.record({
  cpu: fc.integer({ min: 1, max: 4000 }),
  cpuLimit: opt(fc.integer({ min: 0, max: 4000 })),
  memory: fc.integer({ min: 1, max: 4096 }),
  memoryLimit: opt(fc.integer({ min: 0, max: 4096 })),
}).map(r => ({
  cpu: { request: Cpu.millis(r.cpu), limit: r.cpuLimit === undefined ? undefined : Cpu.millis(r.cpu + r.cpuLimit) },
  memory: { request: Size.mebibytes(r.memory), limit: r.memoryLimit === undefined ? undefined : Size.mebibytes(r.memory + r.memoryLimit) },
}));

const PRIVILEGED: ContainerSecurityContextProps = { privileged: true, ensureNonRoot: false, user: 0, allowPrivilegeEscalation: true };
const securityContext = fc.constantFrom<ContainerSecurityContextProps>(
  { ensureNonRoot: true, user: 65534, readOnlyRootFilesystem: true, capabilities: { drop: [Capability.ALL] } },
  { ensureNonRoot: false, user: 0, capabilities: { drop: [Capability.ALL], add: [Capability.NET_ADMIN] } },
  PRIVILEGED,
);
const image = fc.tuple(dnsLabel, fc.stringMatching(/^v?[0-9]{1,2}\.[0-9]{1,2}(\.[0-9]{1,2})?$/)).map(([repo, tag]) => `registry.example.com/${repo}:${tag}`);
const env = fc.dictionary(envName, fc.string({ maxLength: 10 }).map(v => EnvValue.fromValue(v)), { maxKeys: 3 });

/** Everything a NodeAgent is built from: its props, host mounts into its first container, a Service. */
export interface AgentSpec {
  readonly props: NodeAgentProps;
  readonly mounts: HostPathMountOptions[];
  readonly service?: AgentServiceOptions;
}

/** Builds the agent (id "agent") the spec describes. */
export function buildAgent(chart: Chart, spec: AgentSpec): NodeAgent {
  const agent = new NodeAgent(chart, 'agent', spec.props);
  for (const mount of spec.mounts) agent.mountHostPath(agent.containers[0], mount);
  if (spec.service) agent.exposeViaService(spec.service);
  return agent;
}

/** Up to four containers, with names, ports and host ports unique across the pod. */
function containers(hostNetwork: boolean): fc.Arbitrary<ContainerProps[]> {
  const container = fc.record({ image, resources, securityContext, env, portCount: fc.integer({ min: 0, max: 3 }), hostPorts: fc.boolean() });
  return fc.tuple(
    fc.uniqueArray(dnsLabel, { minLength: 1, maxLength: 4 }),
    fc.array(container, { minLength: 4, maxLength: 4 }),
    fc.uniqueArray(portNumber, { minLength: 24, maxLength: 24 }),
    fc.uniqueArray(portName, { minLength: 12, maxLength: 12 }),
  ).map(([names, specs, numbers, portNames]) => names.map((name, c) => ({
    name,
    image: specs[c].image,
    resources: specs[c].resources,
    securityContext: specs[c].securityContext,
    envVariables: specs[c].env,
    ports: Array.from({ length: specs[c].portCount }, (_, p) => ({
      number: numbers[c * 3 + p],
      name: portNames[c * 3 + p],
      // With hostNetwork a hostPort must equal the port; without, it is a port of its own.
      hostPort: !specs[c].hostPorts ? undefined : hostNetwork ? numbers[c * 3 + p] : numbers[12 + c * 3 + p],
    })),
  })));
}

const hostMounts = (privileged: boolean) => fc.uniqueArray(fc.record({
  name: dnsLabel,
  hostPath: absolutePath,
  mountPath: opt(absolutePath.map(p => `/host${p}`)),
  type: opt(fc.constantFrom(...Object.values(HostPathVolumeType))),
  readOnly: opt(fc.boolean()),
  propagation: opt(fc.constantFrom(
    MountPropagation.NONE, MountPropagation.HOST_TO_CONTAINER, ...(privileged ? [MountPropagation.BIDIRECTIONAL] : []),
  )),
  justification: opt(fc.constant('reads the node')),
}), { maxLength: 3, selector: m => m.name }).filter(ms => new Set(ms.map(m => m.mountPath ?? m.hostPath)).size === ms.length);

const service: fc.Arbitrary<AgentServiceOptions> = fc.record({
  ports: fc.uniqueArray(
    fc.record({ port: portNumber, name: portName, targetPort: opt(portNumber) }),
    { minLength: 1, maxLength: 3, selector: p => p.name },
  )
    .filter(ps => new Set(ps.map(p => p.port)).size === ps.length) as fc.Arbitrary<ServicePort[]>,
  mode: opt(fc.constantFrom(ServiceMode.HEADLESS, ServiceMode.NODE_LOCAL)),
  name: opt(dns1035),
  scrape: opt(fc.record({ port: portNumber, path: opt(absolutePath) })),
}, { requiredKeys: ['ports'] });

const accessRules = fc.subarray([ApiResource.PODS, ApiResource.NODES, ApiResource.NAMESPACES, ApiResource.CONFIG_MAPS], { maxLength: 3 })
  .map(kinds => kinds.map(r => AccessRule.read(r)));

function hasHostPorts(cs: ContainerProps[], hostNetwork: boolean): boolean {
  return cs.some(c => (c.ports ?? []).some(p => hostNetwork || p.hostPort !== undefined));
}

export const agentSpec: fc.Arbitrary<AgentSpec> = fc.boolean().chain(hostNetwork => fc.record({
  identity: fc.record({ name: labelValue, instance: dns1035, version: opt(labelValue), component: opt(labelValue), partOf: opt(labelValue) }),
  namespace: dnsLabel,
  containers: containers(hostNetwork),
  pod: fc.record({
    hostPid: opt(fc.boolean()),
    hostIpc: opt(fc.boolean()),
    priorityClassName: opt(dnsLabel),
    runtimeClassName: opt(dnsLabel),
    // Localhost needs a profile path NodeAgent's prop cannot carry (refused).
    seccompProfile: opt(fc.constantFrom(SeccompProfileType.RUNTIME_DEFAULT, SeccompProfileType.UNCONFINED)),
    revisionHistoryLimit: opt(fc.integer({ min: 0, max: 100 })),
    minReadySeconds: opt(fc.integer({ min: 0, max: 600 })),
    terminationGracePeriod: opt(wholeSeconds(600)),
  }),
  nodeSelection: opt(nodeSelection),
  tolerations,
  updateStrategy: opt(updateStrategy()),
  access: accessRules,
  service: opt(service),
  podLabels: fc.dictionary(qualifiedKey.map(k => `labels.example.com/${k.replace(/^.*\//, '')}`), labelValue, { maxKeys: 2 }),
}).chain(s => hostMounts(s.containers[0].securityContext === PRIVILEGED).map(mounts => ({
  props: {
    ...s.identity,
    ...s.pod,
    hostNetwork,
    metadata: { namespace: s.namespace },
    podMetadata: { labels: s.podLabels },
    containers: s.containers,
    nodeSelection: s.nodeSelection,
    tolerations: s.tolerations,
    // A surge pod cannot start beside the old one when the pod holds a host port.
    updateStrategy: hasHostPorts(s.containers, hostNetwork) && !(s.updateStrategy?.maxSurge?.isZero ?? true) ? undefined : s.updateStrategy,
    access: s.access,
  },
  mounts,
  service: s.service,
}))));
