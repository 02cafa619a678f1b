/**
 * fast-check arbitraries for valid configurations of the agents, and the table the
 * property tests run over (each agent with its invalid mutations from mutations-agents.ts).
 */
import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import { ApiResource, Capability, EnvValue, HostPathVolumeType, MountPropagation, Secret } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import {
  absolutePath, dns1035, dnsLabel, envName, labelValue, nodeSelection, portNumber, resources, tolerations, updateStrategy, wholeSeconds,
} from './arbitraries';
import { Mutation } from './mutations';
import { cniMutation, gpuMutation, logCollectorMutation, nodeExporterMutation, securityAgentMutation, storageAgentMutation } from './mutations-agents';
import {
  AccessRule, AgentAlertsOptions, AgentOptions, AgentProbe, ApiVerb, CniAgentDaemonSet, CniAgentDaemonSetProps, CniConfig, CniConfigValue,
  CniImplementation, CniInitStep, CniPrivileges, DcgmCounter, DcgmCounters, Privilege,
  DcgmExporterVariant, DcgmExporterVersion, FalcoContainerRuntime, FalcoDriver, FalcoOutput, FalcoPriority, FalcoRulesFile, FalcoRuleSelection,
  FalcoVersion, FlannelBackend, FlannelVersion, FluentBitLogLevel, FluentBitVersion, GpuMonitorDaemonSet, GpuMonitorDaemonSetProps,
  HttpLogFormat, LogCollectorDaemonSet, LogCollectorDaemonSetProps, LogFilter, LogOutput, NodeExporterCollector, NodeExporterDaemonSet,
  NodeExporterDaemonSetProps, NodeExporterVersion, SecurityAgentDaemonSet, SecurityAgentDaemonSetProps, ServiceMode, ServiceMonitorOptions, SyncWave,
  AwsEbsCsiDriverVersion, CsiDriver, FsGroupPolicy, KubeletRoot, LivenessProbeVersion, NodeDriverRegistrarVersion, StorageAgentDaemonSet,
  StorageAgentDaemonSetProps, VolumeLifecycleMode,
} from '../../src';
import { Manifest, only } from '../support/manifests';

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const semver = fc.tuple(fc.nat(20), fc.nat(40), fc.nat(20)).map(v => v.join('.'));

// The alerts every configuration of every agent emits, so the only names exclude and severities may use.
const DAEMONSET_ALERTS = ['KubeDaemonSetRolloutStuck', 'KubeDaemonSetNotScheduled', 'KubeDaemonSetMisScheduled'];

/** Health alerts: off, or on with any valid options (never every alert excluded). */
const alerts: fc.Arbitrary<AgentAlertsOptions> = fc.oneof(
  fc.constant({ enabled: false }),
  fc.record({
    enabled: fc.constant(true),
    labels: fc.dictionary(dnsLabel, labelValue, { maxKeys: 2 }),
    alertLabels: fc.dictionary(fc.constantFrom('team', 'tier', 'cluster_name', '_route'), labelValue, { maxKeys: 2 }),
    severities: fc.dictionary(fc.constantFrom(...DAEMONSET_ALERTS), fc.constantFrom('critical', 'info', 'page'), { maxKeys: 2 }),
    runbookBaseUrl: fc.constantFrom('https://runbooks.example.com', 'http://wiki.internal/runbooks/'),
    kubeStateMetricsJob: fc.constantFrom('kube-state-metrics', 'ksm', 'monitoring/kube-state-metrics'),
    exclude: fc.subarray(DAEMONSET_ALERTS, { maxLength: 2 }),
  }, { requiredKeys: [] }),
);

/** The options every agent shares; `surge` allows update strategies that start new pods first (refused with host ports). */
export function agentOptions(surge = true): fc.Arbitrary<AgentOptions> {
  return fc.record({
    namespace: dnsLabel,
    instance: dns1035,
    partOf: labelValue,
    nodeSelection,
    tolerations,
    updateStrategy: updateStrategy(surge),
    minReady: wholeSeconds(300),
    revisionHistoryLimit: fc.integer({ min: 0, max: 50 }),
    priorityClassName: dnsLabel,
    resources,
    // Prefixed so that no generated name is one the agents set themselves.
    extraEnv: fc.dictionary(envName.map(n => `X_${n}`), fc.string({ maxLength: 8 }).map(v => EnvValue.fromValue(v)), { maxKeys: 2 }),
    syncWave: fc.oneof(fc.integer({ min: -20, max: 20 }).map(SyncWave.of), fc.constant(SyncWave.NONE)),
    createNamespace: fc.boolean(),
    imageRegistry: fc.constantFrom('mirror.example.com', 'mirror.example.com/quay', 'registry.internal:5000/hub/', 'localhost:5000'),
    imagePullSecrets: fc.uniqueArray(dnsLabel, { maxLength: 2 }),
    alerts,
  }, { requiredKeys: [] });
}

/** serviceMonitor and its options, in every valid combination. */
const serviceMonitorOptions: fc.Arbitrary<ServiceMonitorOptions> = fc.integer({ min: 1, max: 120 }).chain(interval => fc.record({
  interval: fc.constant(Duration.seconds(interval)),
  scrapeTimeout: fc.integer({ min: 1, max: interval }).map(Duration.seconds),
  labels: fc.dictionary(dnsLabel, labelValue, { maxKeys: 2 }),
  honorLabels: fc.boolean(),
  instanceFromNodeName: fc.boolean(),
  // The default timeout (10 s) must fit in the interval.
}, { requiredKeys: interval < 10 ? ['interval', 'scrapeTimeout'] : ['interval'] }));
const serviceMonitor = fc.oneof(
  fc.constant({}),
  fc.boolean().map(on => ({ serviceMonitor: on })),
  fc.tuple(opt(fc.constant(true)), serviceMonitorOptions).map(([on, options]) => ({ serviceMonitor: on, serviceMonitorOptions: options })),
);

// node-exporter and the CNI publish host ports, so they refuse surge strategies.
const nodeExporter: fc.Arbitrary<NodeExporterDaemonSetProps> = fc.tuple(agentOptions(false), fc.record({
  port: fc.integer({ min: 1024, max: 65535 }),
  listenOnAllInterfaces: fc.boolean(),
  enableCollectors: fc.subarray([NodeExporterCollector.SYSTEMD, NodeExporterCollector.PROCESSES, NodeExporterCollector.TCPSTAT, NodeExporterCollector.custom('future_thing')]),
  disableCollectors: fc.subarray([NodeExporterCollector.WIFI, NodeExporterCollector.HWMON, NodeExporterCollector.ZFS, NodeExporterCollector.of('nfs')]),
  textfileDirectory: absolutePath,
  filesystemMountPointsExclude: fc.constantFrom('', '^/(dev|proc|sys)($|/)'),
  networkDevicesExclude: fc.constantFrom('', '^veth.*$'),
  mountHostRoot: fc.boolean(),
  hostRootPropagation: fc.constantFrom(MountPropagation.NONE, MountPropagation.HOST_TO_CONTAINER),
  scrapeAnnotations: fc.boolean(),
  version: semver.map(NodeExporterVersion.of),
  extraArgs: fc.subarray(['--log.level=debug', '--collector.diskstats.device-exclude=^(ram|loop)\\d+$', '--web.max-requests=10']),
}, { requiredKeys: [] }), serviceMonitor).map(([shared, own, monitor]) => ({ ...shared, ...own, ...monitor }));

let secrets = 0;
const secretScope = new Chart(new App({ outdir: Testing.app().outdir }), 'secrets');
/** A reference to a Secret key (references synthesize nothing). */
const secretKey = (key: string) => ({ secret: Secret.fromSecretName(secretScope, `s${secrets++}`, 'log-credentials'), key });

// A last label of digits would be read as an IPv4 address (WHATWG URL), so it starts with a letter.
const host = fc.tuple(fc.array(dnsLabel, { maxLength: 2 }), dns1035).map(([parts, last]) => [...parts, last].join('.'));
const url = (query: boolean) => fc.tuple(fc.constantFrom('http', 'https'), host, opt(portNumber), opt(absolutePath), query ? opt(fc.constant('?source=k8s')) : fc.constant(undefined))
  .map(([scheme, h, port, path, q]) => `${scheme}://${h}${port ? `:${port}` : ''}${path ?? ''}${q ?? ''}`);
const common = fc.record({ match: fc.constantFrom('*', 'kube.*', 'host.*'), retryLimit: fc.integer({ min: 1, max: 10 }) }, { requiredKeys: [] });
const auth = fc.oneof(
  fc.constant({}),
  fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/).map(username => ({ basicAuth: { username, password: secretKey('password') } })),
);
const output: fc.Arbitrary<LogOutput> = fc.oneof(
  fc.tuple(url(false), common, auth, fc.record({
    labels: fc.dictionary(fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/), fc.stringMatching(/^[A-Za-z0-9$'\[\]_.-]{1,12}$/), { maxKeys: 2 }),
    tenantId: fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/),
    tlsVerify: fc.boolean(),
  }, { requiredKeys: [] })).map(([u, c, a, o]) => LogOutput.loki({ url: u, ...c, ...a, ...o })),
  fc.tuple(url(false), common, auth, fc.oneof(fc.constant({}), fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}$/).chain(n => fc.constantFrom({ index: n }, { indexPrefix: n }))), fc.boolean())
    .map(([u, c, a, i, es]) => (es ? LogOutput.elasticsearch : LogOutput.openSearch)({ url: u, ...c, ...a, ...i })),
  fc.tuple(url(true), common, fc.record({
    format: fc.constantFrom(...Object.values(HttpLogFormat)),
    headers: fc.dictionary(fc.stringMatching(/^X-[A-Za-z0-9-]{1,10}$/), fc.string({ maxLength: 10 }).filter(v => !/[\r\n]/.test(v)), { maxKeys: 2 }),
    bearerToken: fc.constant(null).map(() => secretKey('token')),
    properties: fc.constant({ compress: 'gzip' }),
  }, { requiredKeys: [] })).map(([u, c, o]) => LogOutput.http({ url: u, ...c, ...o })),
  common.map(c => LogOutput.stdout(c)),
  fc.tuple(fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/), common).map(([plugin, c]) => LogOutput.custom(plugin, { ...c, properties: { topics: 'logs' } })),
);

const logCollector: fc.Arbitrary<LogCollectorDaemonSetProps> = fc.tuple(agentOptions(false), fc.record({
  outputs: fc.array(output, { minLength: 1, maxLength: 3 }),
  version: fc.constantFrom(FluentBitVersion.V5_1_1, FluentBitVersion.of('5.2.0'), FluentBitVersion.of('5.1.1-debug')),
  memBufLimit: fc.integer({ min: 1, max: 16 }).map(Size.mebibytes),
  refreshInterval: fc.integer({ min: 1, max: 60 }).map(Duration.seconds),
  dockerLogDirectory: absolutePath.map(p => `/data/docker${p}`),
  stateDirectory: absolutePath,
  systemdUnits: fc.array(dnsLabel.map(u => `${u}.service`), { maxLength: 2 }),
  excludeNamespaces: fc.array(dnsLabel, { maxLength: 3 }),
  namespaceLabels: fc.boolean(),
  podAnnotations: fc.boolean(),
  filters: fc.array(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/), fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/).filter(k => !['name', 'match'].includes(k)), dnsLabel, { maxKeys: 2 }))
    .map(([plugin, properties]) => LogFilter.custom(plugin, { properties })), { maxLength: 2 }),
  logLevel: fc.constantFrom(...Object.values(FluentBitLogLevel)),
  metricsPort: portNumber,
  serviceMode: fc.constantFrom(ServiceMode.HEADLESS, ServiceMode.NODE_LOCAL),
}, { requiredKeys: ['outputs'] }), fc.oneof(fc.constant({ service: false }), serviceMonitor.map(m => ({ service: true, ...m }))))
  // The memory buffers must stay below the memory limit (the default limit, 256Mi, always leaves room).
  .map(([shared, own, monitor]) => ({ ...shared, ...own, ...monitor, resources: withRoomForBuffers(shared.resources) }));

function withRoomForBuffers(r: AgentOptions['resources']): AgentOptions['resources'] {
  if (r?.memory?.limit === undefined) return r;
  return { ...r, memory: { request: r.memory.request, limit: Size.mebibytes(Math.max(64, r.memory.limit.toMebibytes())) } };
}

const cniConfig = fc.record({
  name: fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,10}$/),
  cniVersion: fc.constantFrom('0.3.1', '0.4.0', '1.0.0'),
  plugins: fc.array(fc.record({ type: dnsLabel }), { minLength: 1, maxLength: 3 }),
}).map(CniConfig.fromObject);

const flannel = fc.record({
  podCidr: fc.tuple(fc.nat(255), fc.nat(255), fc.integer({ min: 8, max: 24 })).map(([a, b, prefix]) => {
    const address = 10 * 2 ** 24 + a * 2 ** 16 + b * 2 ** 8;
    const network = address - (address % 2 ** (32 - prefix));
    return `${[24, 16, 8, 0].map(s => Math.floor(network / 2 ** s) % 256).join('.')}/${prefix}`;
  }),
  backend: fc.constantFrom(...Object.values(FlannelBackend)),
  ipMasq: fc.boolean(),
  healthPort: portNumber,
  version: semver.map(FlannelVersion.of),
  cniConfig,
}, { requiredKeys: [] }).map(CniImplementation.flannel);

const reason = fc.constantFrom('Generated: the CNI needs it on the node.', 'Generated: programs the node\'s network.');
const capabilityList = (caps: Capability[]) => fc.subarray(caps)
  .chain(list => fc.tuple(...list.map(() => reason)).map(reasons => list.map((capability, i) => ({ capability, justification: reasons[i] }))));
const hostPaths = (prefix: string, propagations: MountPropagation[]) => fc.array(fc.record({
  hostPath: absolutePath.map(p => `/var/lib/${prefix}${p}`),
  mountPath: absolutePath.map(p => `/host${p}`),
  type: fc.constantFrom(...Object.values(HostPathVolumeType)),
  readOnly: fc.boolean(),
  propagation: fc.constantFrom(...propagations),
  justification: reason,
}, { requiredKeys: ['hostPath', 'justification'] }), { maxLength: 2 }).map(list => list.map((h, i) => ({ ...h, name: `${prefix}-${i}` })));
/** An init container of the CNI's own: capabilities, or privileged with a Bidirectional mount (bpffs). */
const ownInit = (index: number) => fc.oneof(
  fc.record({ privileges: capabilityList([Capability.NET_ADMIN, Capability.SYS_ADMIN, Capability.SYS_CHROOT]).map(CniPrivileges.capabilities), hostPaths: hostPaths(`init-${index}`, [MountPropagation.NONE]) }),
  fc.record({ privileges: reason.map(CniPrivileges.privileged), hostPaths: hostPaths(`init-${index}`, [MountPropagation.BIDIRECTIONAL]) }),
).chain(own => fc.record({
  command: fc.constant(['/prepare']),
  env: fc.dictionary(envName.map(n => `Y_${n}`), fc.string({ maxLength: 8 }).map(v => EnvValue.fromValue(v)), { maxKeys: 2 }),
  readOnlyRootFilesystem: fc.boolean(),
  justification: reason,
}, { requiredKeys: ['justification'] }).map(rest => CniInitStep.container({ name: `prep-${index}`, image: 'registry.example.com/prep:v1.0.0', ...own, ...rest })));
const plugins = fc.array(fc.tuple(fc.constantFrom('registry.example.com/cni-plugins:v1.5.0', 'quay.io/example/cni:v2.0.0'), fc.boolean()), { maxLength: 3 })
  .map(list => list.map(([image, inBinDir], i) => ({ image, path: inBinDir ? `/opt/cni/bin/plugin-${i}` : `/plugin-${i}` })));
const probe = fc.oneof(
  fc.record({ path: absolutePath, host: fc.constantFrom('127.0.0.1', 'localhost'), headers: fc.dictionary(fc.stringMatching(/^X-[A-Za-z0-9-]{1,8}$/), fc.stringMatching(/^[a-z0-9]{0,8}$/), { maxKeys: 2 }) }, { requiredKeys: [] })
    .chain(o => portNumber.map(p => AgentProbe.httpGet(p, o))),
  fc.tuple(portNumber, fc.constantFrom(undefined, '127.0.0.1')).map(([p, address]) => AgentProbe.tcpSocket(p, { host: address })),
  fc.tuple(portNumber, fc.string({ maxLength: 8 })).map(([p, service]) => AgentProbe.grpc(p, { service, period: Duration.seconds(5) })),
  fc.constant(AgentProbe.exec(['/agent', 'health'], { timeout: Duration.seconds(3), failureThreshold: 5 })),
);
const access = fc.record({
  rules: fc.subarray([AccessRule.read(ApiResource.NODES), AccessRule.read(ApiResource.PODS), AccessRule.allow([ApiVerb.PATCH], ApiResource.custom({ apiGroup: '', resourceType: 'nodes/status' }))], { minLength: 1 }),
  justification: reason,
});
/** A configuration list with placeholders (a kubeconfig only with access: it needs the token). */
const placeholdered = (withAccess: boolean) => fc
  .tuple(cniConfig, fc.boolean(), fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }), fc.boolean())
  .map(([config, node, overhead, kubeconfig]) => {
    const conflist = JSON.parse(config.render());
    conflist.plugins[0] = {
      ...conflist.plugins[0],
      ...(node ? { nodename: CniConfigValue.nodeName() } : {}),
      ...(overhead !== undefined ? { mtu: CniConfigValue.mtu(overhead) } : {}),
      ...(kubeconfig && withAccess ? { kubernetes: { kubeconfig: CniConfigValue.kubeconfigPath() } } : {}),
    };
    return CniConfig.fromObject(conflist);
  });

const customCni = fc.tuple(fc.option(access, { nil: undefined }), plugins, fc.array(fc.nat(2), { maxLength: 2 })).chain(([a, p, inits]) => fc.record({
  name: dnsLabel.filter(n => !n.startsWith('install-cni') && !n.startsWith('prep-')),
  image: dnsLabel.map(r => `registry.example.com/${r}:v1.2.3`),
  version: labelValue,
  command: fc.constant(['/agent']),
  args: fc.array(fc.constantFrom('--v=2', '--metrics'), { maxLength: 2 }),
  env: fc.dictionary(envName.map(n => `Y_${n}`), fc.string({ maxLength: 8 }).map(v => EnvValue.fromValue(v)), { maxKeys: 2 }),
  privileges: capabilityList([Capability.NET_ADMIN, Capability.NET_RAW, Capability.BPF, Capability.PERFMON]).map(CniPrivileges.capabilities),
  cniConfig: placeholdered(a !== undefined),
  cniConfigFileName: dnsLabel.map(n => `10-${n}.conflist`),
  plugins: fc.constant(p),
  // The CNI's own init containers before and after the plugin installer, the configuration installer last.
  initContainers: fc.tuple(...inits.map((_, i) => ownInit(i))).map(own => [
    ...own.slice(0, 1), ...(p.length > 0 ? [CniInitStep.installPlugins()] : []), ...own.slice(1), CniInitStep.installConfig(),
  ]),
  configFiles: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9.-]{0,10}$/).filter(k => k !== 'cni-conf.json'), fc.string({ maxLength: 20 }), { maxKeys: 2 }),
  configDirectory: absolutePath.map(path => `/etc/agent-${path.slice(1)}`),
  hostPaths: hostPaths('host', [MountPropagation.NONE, MountPropagation.HOST_TO_CONTAINER]),
  ports: fc.uniqueArray(portNumber, { maxLength: 2 }).chain(ports => fc.tuple(...ports.map(() => reason)).map(rs => ports.map((port, i) => ({ name: `port-${i}`, port, justification: rs[i] })))),
  probes: fc.record({ liveness: probe, readiness: probe, startup: probe }, { requiredKeys: [] }),
  access: fc.constant(a),
  hostPidJustification: reason,
}, { requiredKeys: ['name', 'image', 'version', 'cniConfig', 'plugins', 'access'] })).map(CniImplementation.custom);

const cniAgent: fc.Arbitrary<CniAgentDaemonSetProps> = fc.tuple(agentOptions(false), fc.record({
  implementation: fc.oneof(flannel, customCni),
  terminationGracePeriod: wholeSeconds(60),
}, { requiredKeys: [] }), fc.oneof(
  fc.record({ privileged: fc.constant(true) }),
  fc.record({
    privileged: fc.constant(false),
    capabilities: fc.subarray([Capability.NET_ADMIN, Capability.NET_RAW, Capability.SYS_MODULE, Capability.BPF]),
  }, { requiredKeys: [] }),
)).map(([shared, own, privilege]) => ({ ...shared, ...own, ...privilege, extraArgs: ['--iface=eth0'] }));

const gpuMonitor: fc.Arbitrary<GpuMonitorDaemonSetProps> = fc.tuple(agentOptions(), fc.boolean(), fc.boolean())
  .chain(([shared, profiling, attribution]) => fc.record({
    version: fc.tuple(semver, semver, fc.constantFrom(DcgmExporterVariant.DISTROLESS, DcgmExporterVariant.UBI9, DcgmExporterVariant.of('ubuntu24.04')))
      .map(([dcgm, exporter, variant]) => DcgmExporterVersion.of(dcgm, exporter, variant)),
    counters: profiling
      ? fc.tuple(fc.subarray(DcgmCounters.standard()), fc.subarray(DcgmCounters.profiling(), { minLength: 1 })).map(([s, p]) => [...s, ...p])
      : fc.subarray(DcgmCounters.standard(), { minLength: 1 }),
    extraCounters: fc.integer({ min: 0, max: 3 }).map(n => Array.from({ length: n }, (_, i) => DcgmCounter.gauge(`DCGM_FI_DEV_EXTRA_${i}`, 'An extra field.'))),
    podLabels: attribution ? fc.boolean() : fc.constant(undefined),
    kubeletPodResourcesPath: attribution ? absolutePath : fc.constant(undefined),
    runtimeClassName: dnsLabel,
    readOnlyRootFilesystem: fc.boolean(),
    extraArgs: fc.constant(['--kubernetes-gpu-id-type=device-name']),
  }, { requiredKeys: [] }).chain(own => serviceMonitor.map(monitor => ({
    ...shared, ...own, ...monitor, profilingMetrics: profiling, podAttribution: attribution,
  }))));

const bufferSize = fc.integer({ min: 0, max: 9 }).map(e => Size.mebibytes(2 ** e));
const driver = fc.oneof(
  fc.record({ sysAdmin: fc.boolean(), bufferSize, cpusForEachBuffer: fc.nat(8) }, { requiredKeys: [] }).map(FalcoDriver.modernEbpf),
  fc.record({ bufferSize }, { requiredKeys: [] }).map(FalcoDriver.kernelModule),
);
const ruleName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 *_-]{0,20}$/);
const tag = fc.stringMatching(/^[A-Za-z0-9_]{1,12}$/);
const selection = fc.oneof(
  ruleName.map(FalcoRuleSelection.disableRule), ruleName.map(FalcoRuleSelection.enableRule),
  tag.map(FalcoRuleSelection.disableTag), tag.map(FalcoRuleSelection.enableTag),
);
const rulesFiles = fc.uniqueArray(dnsLabel, { maxLength: 2 })
  .map(names => names.map(n => FalcoRulesFile.fromYaml(`${n}.yaml`, `- list: list_${n.replace(/-/g, '_')}\n  items: [sh, bash]\n`)));
const webhook = fc.tuple(fc.constantFrom('http', 'https'), dns1035).map(([scheme, h]) => FalcoOutput.http({ url: `${scheme}://${h}.example.com/falco` }));
/** Outputs of distinct kinds, at least one; falcosidekick (an http output) needs JSON alerts. */
const falcoOutputs = fc.tuple(
  fc.subarray([FalcoOutput.stdout(), FalcoOutput.syslog(), FalcoOutput.program({ command: 'cat' })]),
  opt(absolutePath.map(hostDirectory => FalcoOutput.file({ hostDirectory }))),
  opt(fc.oneof(webhook, fc.constant(FalcoOutput.falcosidekick()))),
).map(([some, file, http]) => [...some, ...(file ? [file] : []), ...(http ? [http] : [])]).filter(o => o.length > 0);

const securityAgent: fc.Arbitrary<SecurityAgentDaemonSetProps> = fc.tuple(agentOptions(), fc.record({
  version: semver.map(FalcoVersion.of),
  driver,
  containerRuntimes: fc.subarray([
    FalcoContainerRuntime.CONTAINERD, FalcoContainerRuntime.CRIO, FalcoContainerRuntime.K3S_CONTAINERD, FalcoContainerRuntime.DOCKER,
    FalcoContainerRuntime.cri('/var/run/custom/cri.sock'),
  ]),
  rulesFiles,
  ruleSelection: fc.array(selection, { maxLength: 3 }),
  minimumPriority: fc.constantFrom(...Object.values(FalcoPriority)),
  outputs: falcoOutputs,
  metrics: fc.boolean(),
  // Flags the agent leaves to the user, and an -o over a key no prop sets.
  extraArgs: fc.constantFrom([], ['-U'], ['-v'], ['-o', 'log_level=debug'], ['-U', '-o', 'log_level=debug']),
}, { requiredKeys: [] }), fc.boolean(), fc.boolean(), fc.boolean(), serviceMonitor).map(([shared, own, unconfined, json, defaultRules, monitor]) => ({
  ...shared,
  ...own,
  // Each only where it means something: AppArmor with the modern probe, text alerts without
  // falcosidekick, no default rules only with rules of your own, a ServiceMonitor with metrics.
  unconfinedAppArmor: own.driver?.privileged ? undefined : unconfined,
  jsonOutput: own.outputs?.some(o => o._needsJson) ? true : json,
  defaultRules: (own.rulesFiles ?? []).length > 0 ? defaultRules : undefined,
  ...(own.metrics === false ? {} : monitor),
}));

const eksBuild = fc.tuple(semver, fc.integer({ min: 1, max: 20 }));
const registrar = fc.oneof(semver.map(NodeDriverRegistrarVersion.of), eksBuild.map(([v, b]) => NodeDriverRegistrarVersion.eksBuild(v, b)));
const livenessProbe = fc.oneof(semver.map(LivenessProbeVersion.of), eksBuild.map(([v, b]) => LivenessProbeVersion.eksBuild(v, b)));
const awsEbs = fc.record({
  version: semver.map(AwsEbsCsiDriverVersion.of),
  nodeDriverRegistrarVersion: registrar,
  livenessProbeVersion: livenessProbe,
  logLevel: fc.integer({ min: 0, max: 10 }),
  removeStartupTaint: fc.boolean(),
  nodeAllocatableUpdatePeriod: fc.integer({ min: 10, max: 600 }).map(Duration.seconds),
}, { requiredKeys: [] }).map(CsiDriver.awsEbs);
const csiSpec = fc.record({
  attachRequired: fc.boolean(),
  podInfoOnMount: fc.boolean(),
  fsGroupPolicy: fc.constantFrom(...Object.values(FsGroupPolicy)),
  volumeLifecycleModes: fc.subarray(Object.values(VolumeLifecycleMode), { minLength: 1 }),
  requiresRepublish: fc.boolean(),
  storageCapacity: fc.boolean(),
  seLinuxMount: fc.boolean(),
  tokenRequests: fc.uniqueArray(fc.record({ audience: fc.oneof(fc.constant(''), dnsLabel), expiration: fc.integer({ min: 600, max: 86400 }).map(Duration.seconds) }, { requiredKeys: ['audience'] }),
    { selector: t => t.audience, maxLength: 2 }),
  nodeAllocatableUpdatePeriod: fc.integer({ min: 10, max: 600 }).map(Duration.seconds),
}, { requiredKeys: [] });
const customCsi = fc.record({
  name: fc.array(dnsLabel, { minLength: 1, maxLength: 2 }).map(parts => [...parts, 'csi.example.com'].join('.')),
  image: dnsLabel.map(r => `registry.example.com/${r}:v1.2.3`),
  version: labelValue,
  containerName: dnsLabel.filter(n => n !== 'node-driver-registrar' && n !== 'liveness-probe'),
  command: fc.constant(['/plugin']),
  args: fc.subarray(['--v=2', '--endpoint=$(CSI_ENDPOINT)', '--nodeid=$(CSI_NODE_NAME)']),
  spec: csiSpec,
  mountDevices: fc.boolean(),
  nodeDriverRegistrarVersion: registrar,
  livenessProbeVersion: livenessProbe,
}, { requiredKeys: ['name', 'image', 'version'] }).map(CsiDriver.custom);
// Paths below /var/lib and /run, so none is mounted where the pod mounts /csi, /dev or /registration.
const storageAgent: fc.Arbitrary<StorageAgentDaemonSetProps> = fc.tuple(agentOptions(), fc.record({
  driver: fc.oneof(awsEbs, customCsi),
  kubeletRoot: fc.oneof(fc.constantFrom(KubeletRoot.DEFAULT, KubeletRoot.K0S, KubeletRoot.MICROK8S), absolutePath.map(p => KubeletRoot.of(`/var/lib${p}`))),
  socketPath: absolutePath.map(p => `/run/csi${p}/csi.sock`),
  sidecarResources: resources,
  terminationGracePeriod: wholeSeconds(120),
  createCsiDriver: fc.boolean(),
}, { requiredKeys: [] })).map(([shared, own]) => ({ ...shared, ...own }))
  // Unix socket paths hold 107 bytes: a long kubelet root and a long driver name do not fit together.
  .filter(p => `${(p.kubeletRoot ?? KubeletRoot.DEFAULT).path}/plugins_registry/${(p.driver ?? CsiDriver.awsEbs()).name}-reg.sock`.length <= 107
    && (p.socketPath ?? `${(p.kubeletRoot ?? KubeletRoot.DEFAULT).path}/plugins/${(p.driver ?? CsiDriver.awsEbs()).name}/csi.sock`).length <= 107);

/** One agent for the property tests. */
export interface AgentConfig<P> {
  readonly name: string;
  readonly id: string;
  readonly valid: fc.Arbitrary<P>;
  readonly mutation: fc.Arbitrary<Mutation<P>>;
  readonly build: (chart: Chart, props: P) => unknown;
  /** What must hold of the synthesized objects beyond the schema and the API rules. */
  readonly check: (objs: Manifest[], props: P) => void;
}

/**
 * What the user adds beyond the CNI's own privileges (a capability in `capabilities`,
 * `privileged: true`) needs the user's reason before synth, given as the refusal says.
 */
function justifyChoices(cni: CniAgentDaemonSet, props: CniAgentDaemonSetProps): CniAgentDaemonSet {
  const ds = cni.daemonSet;
  const given = ds.metadata.toJson().annotations ?? {};
  const privileged = props.privileged ? [Privilege.privileged(cni.container.name)] : [];
  const choices = [...(props.capabilities ?? []).map(c => Privilege.capability(c)), ...privileged];
  for (const p of choices) if (given[p.annotation] === undefined) ds.justify(p, 'Generated: the user chose it.');
  return cni;
}

const mainContainer = (objs: Manifest[]) => only(objs, 'DaemonSet').spec.template.spec.containers[0];
const cpuOf = (props: AgentOptions) => props.resources?.cpu?.request?.amount;
const expectResources = (objs: Manifest[], props: AgentOptions) => {
  if (cpuOf(props) !== undefined) expect(mainContainer(objs).resources.requests.cpu).toBe(cpuOf(props));
};

/** Every image comes from the mirror when one is set, and the pull Secrets reach the pod. */
const expectImageSource = (objs: Manifest[], props: AgentOptions) => {
  const pod = only(objs, 'DaemonSet').spec.template.spec;
  const images: string[] = [...pod.containers, ...(pod.initContainers ?? [])].map((c: any) => c.image);
  const mirror = props.imageRegistry?.replace(/\/+$/, '');
  if (mirror !== undefined) for (const image of images) expect(image.startsWith(`${mirror}/`)).toBe(true);
  expect((pod.imagePullSecrets ?? []).map((s: any) => s.name)).toEqual(props.imagePullSecrets ?? []);
};

export const agentConfigs: AgentConfig<any>[] = [
  {
    name: 'NodeExporterDaemonSet',
    id: 'ne',
    valid: nodeExporter,
    mutation: nodeExporterMutation,
    build: (chart, props: NodeExporterDaemonSetProps) => new NodeExporterDaemonSet(chart, 'ne', props),
    check: (objs, props: NodeExporterDaemonSetProps) => {
      expectImageSource(objs, props);
      expect(mainContainer(objs).ports).toEqual([{ containerPort: props.port ?? 9100, hostPort: props.port ?? 9100, name: 'metrics' }]);
      expectResources(objs, props);
    },
  },
  {
    name: 'LogCollectorDaemonSet',
    id: 'logs',
    valid: logCollector,
    mutation: logCollectorMutation,
    build: (chart, props: LogCollectorDaemonSetProps) => new LogCollectorDaemonSet(chart, 'logs', props),
    check: (objs, props: LogCollectorDaemonSetProps) => {
      expectImageSource(objs, props);
      const config = only(objs, 'ConfigMap').data['fluent-bit.yaml'];
      for (const o of props.outputs) expect(config).toContain(`name: ${o.plugin}`);
      expectResources(objs, props);
    },
  },
  {
    name: 'CniAgentDaemonSet',
    id: 'cni',
    valid: cniAgent,
    mutation: cniMutation,
    build: (chart, props: CniAgentDaemonSetProps) => justifyChoices(new CniAgentDaemonSet(chart, 'cni', props), props),
    check: (objs, props: CniAgentDaemonSetProps) => {
      expectImageSource(objs, props);
      expect(only(objs, 'DaemonSet').spec.template.spec.hostNetwork).toBe(true);
      expect(mainContainer(objs).securityContext.privileged).toBe(props.privileged ?? false);
    },
  },
  {
    name: 'GpuMonitorDaemonSet',
    id: 'gpu',
    valid: gpuMonitor,
    mutation: gpuMutation,
    build: (chart, props: GpuMonitorDaemonSetProps) => new GpuMonitorDaemonSet(chart, 'gpu', props),
    check: (objs, props: GpuMonitorDaemonSetProps) => {
      expectImageSource(objs, props);
      const csv = only(objs, 'ConfigMap').data['counters.csv'];
      const counters = props.counters ?? [...DcgmCounters.standard(), ...(props.profilingMetrics ? DcgmCounters.profiling() : [])];
      expect(csv.split('\n').filter((l: string) => l.startsWith('DCGM_'))).toHaveLength(counters.length + (props.extraCounters ?? []).length);
      expectResources(objs, props);
    },
  },
  {
    name: 'SecurityAgentDaemonSet',
    id: 'falco',
    valid: securityAgent,
    mutation: securityAgentMutation,
    build: (chart, props: SecurityAgentDaemonSetProps) => new SecurityAgentDaemonSet(chart, 'falco', props),
    check: (objs, props: SecurityAgentDaemonSetProps) => {
      expectImageSource(objs, props);
      const config = YAML.parse(only(objs, 'ConfigMap', `${props.instance ?? 'falco'}-config`).data['falco.yaml']);
      expect(config.rules_files).toHaveLength((props.defaultRules ?? true ? 1 : 0) + (props.rulesFiles ?? []).length);
      expect(config.engine.kind).toBe((props.driver ?? FalcoDriver.modernEbpf()).engineKind);
      expect(mainContainer(objs).securityContext.privileged).toBe(props.driver?.privileged ?? false);
      expectResources(objs, props);
    },
  },
  {
    name: 'StorageAgentDaemonSet',
    id: 'storage',
    valid: storageAgent,
    mutation: storageAgentMutation,
    build: (chart, props: StorageAgentDaemonSetProps) => new StorageAgentDaemonSet(chart, 'storage', props),
    check: (objs, props: StorageAgentDaemonSetProps) => {
      expectImageSource(objs, props);
      const csi = props.driver ?? CsiDriver.awsEbs();
      expect(objs.filter(o => o.kind === 'CSIDriver').map(o => o.metadata.name)).toEqual(props.createCsiDriver === false ? [] : [csi.name]);
      expect(only(objs, 'DaemonSet').spec.template.spec.volumes.find((v: any) => v.name === 'kubelet-dir').hostPath.path).toBe((props.kubeletRoot ?? KubeletRoot.DEFAULT).path);
      expect(mainContainer(objs).securityContext.privileged).toBe(true);
      expectResources(objs, props);
    },
  },
];

