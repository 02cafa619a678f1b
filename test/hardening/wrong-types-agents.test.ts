/**
 * Wrong types for the agents: JavaScript callers get no type checks from jsii, so every
 * prop of every agent (read from the agent's props schema, so a new prop is covered at once) is
 * given each value of the wrong type, and must be refused with the library's ValidationError
 * naming the construct path, the prop and the value as given, never a TypeError and never a
 * silently dropped setting. The factories are in wrong-types-agents-factories.test.ts.
 */
import { Chart, Duration } from 'cdk8s';
import { Capability, EnvValue } from 'cdk8s-plus-28';
import { thrownBy } from './catalog';
import { expectWrongType, Kinds, matrix } from './wrong-types-agents-kinds';
import {
  AgentAlertsOptions, AgentOptions, CniAgentDaemonSet, CniAgentDaemonSetProps, DcgmCounters, FalcoContainerRuntime, FalcoOutput, FalcoRulesFile,
  FalcoRuleSelection, GpuMonitorDaemonSet, GpuMonitorDaemonSetProps, SecurityAgentDaemonSet, SecurityAgentDaemonSetProps,
  LogCollectorDaemonSet, LogCollectorDaemonSetProps, LogFilter, LogInput, LogOutput, LogParser, MultilineParser, NodeExporterCollector,
  NodeExporterDaemonSet,
  NodeExporterDaemonSetProps, StorageAgentDaemonSet, StorageAgentDaemonSetProps, Toleration, UpdateStrategy, ValidationError,
} from '../../src';
import { AGENT_OPTIONS_SCHEMA } from '../../src/agents/agent-options';
import { AGENT_ALERTS_OPTIONS_SCHEMA } from '../../src/agents/alert-options';
import { CNI_AGENT_PROPS_SCHEMA } from '../../src/agents/cni-agent/cni-agent';
import { GPU_MONITOR_PROPS_SCHEMA } from '../../src/agents/gpu-monitor/gpu-monitor';
import { LOG_COLLECTOR_PROPS_SCHEMA } from '../../src/agents/log-collector/props';
import { NODE_EXPORTER_PROPS_SCHEMA } from '../../src/agents/node-exporter/node-exporter';
import { SECURITY_AGENT_PROPS_SCHEMA } from '../../src/agents/security-agent/props';
import { STORAGE_AGENT_PROPS_SCHEMA } from '../../src/agents/storage-agent/storage-agent';
import { newChart } from '../support/manifests';

const SHARED: Kinds<AgentOptions> = {
  namespace: 'string',
  instance: 'string',
  partOf: 'string',
  nodeSelection: 'class',
  tolerations: { list: Toleration.everything() },
  updateStrategy: 'class',
  minReady: 'class',
  revisionHistoryLimit: 'number',
  priorityClassName: 'string',
  resources: 'struct',
  extraEnv: 'map',
  extraArgs: { list: '--verbose' },
  syncWave: 'class',
  createNamespace: 'boolean',
  imageRegistry: 'string',
  imagePullSecrets: { list: 'mirror-pull' },
  allowUnpinnedImages: 'boolean',
  verticalPodAutoscaler: 'struct',
  alerts: 'struct',
};

const ALERTS: Kinds<AgentAlertsOptions> = {
  enabled: 'boolean',
  labels: 'map',
  alertLabels: 'map',
  severities: 'map',
  runbookBaseUrl: 'string',
  kubeStateMetricsJob: 'string',
  exclude: { list: 'KubeDaemonSetRolloutStuck' },
};

const LOG_COLLECTOR: Kinds<LogCollectorDaemonSetProps> = {
  ...SHARED,
  outputs: { list: LogOutput.stdout() },
  version: 'class',
  memBufLimit: 'class',
  refreshInterval: 'class',
  readFromHead: 'boolean',
  bufferMaxSize: 'class',
  skipLongLines: 'boolean',
  flushInterval: 'class',
  flushGrace: 'class',
  buffering: 'class',
  parsers: { list: LogParser.builtIn('json') },
  multiline: { list: MultilineParser.JAVA },
  inputs: { list: LogInput.systemd({ units: ['kubelet.service'] }) },
  dockerLogDirectory: 'string',
  stateDirectory: 'string',
  systemdUnits: { list: 'kubelet.service' },
  excludeNamespaces: { list: 'kube-system' },
  namespaceLabels: 'boolean',
  podAnnotations: 'boolean',
  filters: { list: LogFilter.custom('grep') },
  logLevel: 'enum',
  metricsPort: 'number',
  service: 'boolean',
  serviceMode: 'enum',
  serviceMonitor: 'boolean',
  serviceMonitorOptions: 'struct',
};

const NODE_EXPORTER: Kinds<NodeExporterDaemonSetProps> = {
  ...SHARED,
  version: 'class',
  port: 'number',
  listenOnAllInterfaces: 'boolean',
  enableCollectors: { list: NodeExporterCollector.SYSTEMD },
  disableCollectors: { list: NodeExporterCollector.WIFI },
  textfileDirectory: 'string',
  filesystemMountPointsExclude: 'string',
  networkDevicesExclude: 'string',
  mountHostRoot: 'boolean',
  hostRootPropagation: 'enum',
  scrapeAnnotations: 'boolean',
  serviceMonitor: 'boolean',
  serviceMonitorOptions: 'struct',
  textfileDirectories: { list: '/var/lib/node-exporter/textfile' },
  podMonitor: 'boolean',
  kubeRbacProxy: 'boolean',
  kubeRbacProxyOptions: 'struct',
};

const CNI_AGENT: Kinds<CniAgentDaemonSetProps> = {
  ...SHARED,
  implementation: 'class',
  privileged: 'boolean',
  capabilities: { list: Capability.NET_ADMIN },
  terminationGracePeriod: 'class',
};

const GPU_MONITOR: Kinds<GpuMonitorDaemonSetProps> = {
  ...SHARED,
  version: 'class',
  counters: { list: DcgmCounters.standard()[0] },
  extraCounters: { list: DcgmCounters.standard()[0] },
  profilingMetrics: 'boolean',
  podAttribution: 'boolean',
  kubeletPodResourcesPath: 'string',
  podLabels: 'boolean',
  runtimeClassName: 'string',
  readOnlyRootFilesystem: 'boolean',
  serviceMonitor: 'boolean',
  serviceMonitorOptions: 'struct',
  podMonitor: 'boolean',
};

const SECURITY_AGENT: Kinds<SecurityAgentDaemonSetProps> = {
  ...SHARED,
  version: 'class',
  driver: 'class',
  containerRuntimes: { list: FalcoContainerRuntime.CONTAINERD },
  defaultRules: 'boolean',
  rulesFiles: { list: FalcoRulesFile.fromYaml('custom.yaml', '- list: shells\n  items: [sh]\n') },
  ruleSelection: { list: FalcoRuleSelection.disableTag('mitre_discovery') },
  minimumPriority: 'enum',
  outputs: { list: FalcoOutput.stdout() },
  jsonOutput: 'boolean',
  unconfinedAppArmor: 'boolean',
  metrics: 'boolean',
  serviceMonitor: 'boolean',
  serviceMonitorOptions: 'struct',
};

const STORAGE_AGENT: Kinds<StorageAgentDaemonSetProps> = {
  ...SHARED,
  driver: 'class',
  kubeletRoot: 'class',
  socketPath: 'string',
  sidecarResources: 'struct',
  terminationGracePeriod: 'class',
  createCsiDriver: 'boolean',
};

interface AgentRow {
  readonly name: string;
  readonly id: string;
  readonly schema: object;
  readonly kinds: { readonly [prop: string]: unknown };
  /** The least valid props (the required ones). */
  readonly base: () => object;
  readonly build: (scope: any, id: any, props?: any) => unknown;
}

const AGENTS: AgentRow[] = [
  {
    name: 'LogCollectorDaemonSet',
    id: 'logs',
    schema: LOG_COLLECTOR_PROPS_SCHEMA,
    kinds: LOG_COLLECTOR,
    base: () => ({ outputs: [LogOutput.stdout()] }),
    build: (scope, id, props) => new LogCollectorDaemonSet(scope, id, props),
  },
  { name: 'NodeExporterDaemonSet', id: 'ne', schema: NODE_EXPORTER_PROPS_SCHEMA, kinds: NODE_EXPORTER, base: () => ({}), build: (scope, id, props) => new NodeExporterDaemonSet(scope, id, props) },
  { name: 'CniAgentDaemonSet', id: 'cni', schema: CNI_AGENT_PROPS_SCHEMA, kinds: CNI_AGENT, base: () => ({}), build: (scope, id, props) => new CniAgentDaemonSet(scope, id, props) },
  { name: 'GpuMonitorDaemonSet', id: 'gpu', schema: GPU_MONITOR_PROPS_SCHEMA, kinds: GPU_MONITOR, base: () => ({}), build: (scope, id, props) => new GpuMonitorDaemonSet(scope, id, props) },
  {
    name: 'SecurityAgentDaemonSet',
    id: 'falco',
    schema: SECURITY_AGENT_PROPS_SCHEMA,
    kinds: SECURITY_AGENT,
    base: () => ({}),
    build: (scope, id, props) => new SecurityAgentDaemonSet(scope, id, props),
  },
  {
    name: 'StorageAgentDaemonSet',
    id: 'storage',
    schema: STORAGE_AGENT_PROPS_SCHEMA,
    kinds: STORAGE_AGENT,
    base: () => ({}),
    build: (scope, id, props) => new StorageAgentDaemonSet(scope, id, props),
  },
];

describe.each(AGENTS.map(a => [a.name, a] as const))('%s', (_name, agent) => {
  const path = `test/${agent.id}`;
  const build = (props: unknown) => (chart: Chart) => agent.build(chart, agent.id, props);

  test('its schema has a guard for every shared option, and the kinds table a row for every prop', () => {
    expect(Object.keys(agent.schema)).toEqual(expect.arrayContaining(Object.keys(AGENT_OPTIONS_SCHEMA)));
    expect(Object.keys(agent.kinds).sort()).toEqual(Object.keys(agent.schema).sort());
  });

  test('the least valid props build', () => {
    expect(() => build(agent.base())(newChart())).not.toThrow();
  });

  test.each(matrix(agent.schema, agent.kinds as any))('%s: %s is refused', (prop, _label, value, problem) => {
    const chart = newChart();
    expectWrongType(() => build({ ...agent.base(), [prop]: value })(chart), path, problem);
    // Refused before anything was created.
    expect(chart.node.tryFindChild(agent.id)).toBeUndefined();
  });

  test('an unknown prop (a typo) is refused, not ignored', () => {
    const typo: Toleration[] = [];
    const error = expectWrongType(() => build({ ...agent.base(), tolerration: typo })(newChart()), path, { property: 'tolerration', value: typo });
    expect(error.message).toContain(`${agent.name} props has no property "tolerration"`);
  });

  test('a prop named like an Object.prototype member is unknown too', () => {
    const error = expectWrongType(() => build({ ...agent.base(), toString: 'x' })(newChart()), path, { property: 'toString', value: 'x' });
    expect(error.message).toContain(`${agent.name} props has no property "toString"`);
  });

  test.each([['null', null], ['a string', 'props'], ['a number', 1], ['a list', []]])('props that are %s are refused', (_label, props) => {
    expectWrongType(() => build(props)(newChart()), path, { property: 'props', value: props });
  });

  test('a scope that is not a construct, or an id that is not a string, is refused under the class name', () => {
    expectWrongType(() => agent.build(undefined, agent.id, agent.base()), agent.name, { property: 'scope', value: undefined });
    expectWrongType(() => agent.build(newChart(), 42, agent.base()), agent.name, { property: 'id', value: 42 });
  });
});

describe('AgentAlertsOptions, option by option', () => {
  test('the kinds table has a row for every option', () => {
    expect(Object.keys(ALERTS).sort()).toEqual(Object.keys(AGENT_ALERTS_OPTIONS_SCHEMA).sort());
  });

  test.each(matrix(AGENT_ALERTS_OPTIONS_SCHEMA, ALERTS))('alerts.%s: %s is refused', (option, _label, value, problem) => {
    expectWrongType(() => new StorageAgentDaemonSet(newChart(), 'storage', { alerts: { [option]: value } as any }), 'test/storage',
      { property: `alerts.${problem.property}`, value: problem.value });
  });
});

test('the log collector\'s props are required', () => {
  expectWrongType(() => new LogCollectorDaemonSet(newChart(), 'logs', undefined as any), 'test/logs', { property: 'props', value: undefined });
});

/** The inputs that got past the library before the agents had schemas, each refused now. */
describe('known escapes', () => {
  const exporter = (props: any) => () => new NodeExporterDaemonSet(newChart(), 'ne', props);
  const expectRefusal = (run: () => unknown, line: string) => {
    const error = thrownBy(run);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain(line);
  };

  test('a number where a Duration goes', () => {
    expectRefusal(exporter({ minReady: 10 }), 'test/ne: invalid minReady: 10. Give a Duration, e.g. Duration.seconds(10).');
  });

  test('a string where an UpdateStrategy goes', () => {
    expectRefusal(exporter({ updateStrategy: 'OnDelete' }), 'test/ne: invalid updateStrategy: "OnDelete". Give an UpdateStrategy, e.g. UpdateStrategy.rollingUpdate()');
  });

  test('null in the tolerations, and one toleration not in a list', () => {
    expectRefusal(exporter({ tolerations: [null] }), 'test/ne: invalid tolerations[0]: null.');
    expectRefusal(exporter({ tolerations: Toleration.everything() }), 'test/ne: invalid tolerations: Toleration{');
  });

  test('a plain object for the node selection', () => {
    expectRefusal(exporter({ nodeSelection: { matchLabels: { pool: 'a' } } }), 'test/ne: invalid nodeSelection: {"matchLabels":{"pool":"a"}}. Give a NodeSelection');
  });

  test('a number for a memory Size, in resources and in memBufLimit', () => {
    expectRefusal(exporter({ resources: { memory: { request: 128 } } }), 'test/ne: invalid resources.memory.request: 128. Give a Size, e.g. Size.mebibytes(128)');
    expectRefusal(() => new LogCollectorDaemonSet(newChart(), 'logs', { outputs: [LogOutput.stdout()], memBufLimit: 5 as any }),
      'test/logs: invalid memBufLimit: 5. Give a Size');
  });

  test('a CPU given as a string shows the string', () => {
    expectRefusal(exporter({ resources: { cpu: { request: '100m' } } }), 'test/ne: invalid resources.cpu.request: "100m". Give a Cpu, e.g. Cpu.millis(100)');
  });

  test('an extraEnv value given as a plain string names the EnvValue to wrap it in', () => {
    for (const agent of AGENTS) {
      expectRefusal(() => agent.build(newChart(), agent.id, { ...agent.base(), extraEnv: { TZ: 'UTC' } }),
        `test/${agent.id}: invalid extraEnv[TZ]: "UTC". Wrap the value in an EnvValue: EnvValue.fromValue("UTC").`);
    }
    expectRefusal(exporter({ extraEnv: { GOMAXPROCS: 2 } }), 'invalid extraEnv[GOMAXPROCS]: 2. Wrap the value in an EnvValue: EnvValue.fromValue("2").');
  });

  test('a valid configuration with every kind of value still builds', () => {
    expect(() => new NodeExporterDaemonSet(newChart(), 'ne', {
      minReady: Duration.seconds(10),
      updateStrategy: UpdateStrategy.onDelete(),
      tolerations: [Toleration.everything()],
      extraEnv: { GOMAXPROCS: EnvValue.fromValue('2') },
      serviceMonitorOptions: { labels: { release: 'kube-prometheus-stack' } },
    })).not.toThrow();
  });
});
