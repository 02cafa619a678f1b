/**
 * Wrong types for the agents' factories and methods (outputs, filters, CNI implementations and
 * configurations, counters, versions, collectors): each option of each options struct (read
 * from its schema) and each argument is given each value of the wrong type, and must be refused
 * where the call is made, with a ValidationError naming the API, the option or argument and the
 * value as given. A completeness check makes a new factory fail here until it has a row.
 */
import { ApiResource, Capability } from 'cdk8s-plus-28';
import { expectWrongType, Kind, Kinds, matrix, wrongValues } from './wrong-types-agents-kinds';
import { AccessRule, DcgmMetricType } from '../../src';
import { CalicoCrds } from '../../src/agents/cni-agent/calico/crds';
import { CalicoIpAutodetection } from '../../src/agents/cni-agent/calico/ip-autodetection';
import { CALICO_OPTIONS_SCHEMA, CalicoOptions } from '../../src/agents/cni-agent/calico/options';
import { CalicoVersion } from '../../src/agents/cni-agent/calico/version';
import { CILIUM_CLUSTER_POOL_OPTIONS_SCHEMA, CiliumClusterPoolOptions, CiliumIpam } from '../../src/agents/cni-agent/cilium/ipam';
import { CILIUM_OPTIONS_SCHEMA, CiliumOptions } from '../../src/agents/cni-agent/cilium/options';
import { CILIUM_NATIVE_ROUTING_OPTIONS_SCHEMA, CiliumNativeRoutingOptions, CiliumRouting } from '../../src/agents/cni-agent/cilium/routing';
import { CiliumVersion } from '../../src/agents/cni-agent/cilium/version';
import { CniConfig } from '../../src/agents/cni-agent/cni-config';
import { CniConfigValue } from '../../src/agents/cni-agent/config-value';
import { CNI_PLUGIN_BINARY_SCHEMA, CUSTOM_CNI_PROPS_SCHEMA, CustomCniProps } from '../../src/agents/cni-agent/custom';
import { FLANNEL_OPTIONS_SCHEMA, FlannelOptions } from '../../src/agents/cni-agent/flannel/flannel';
import { FlannelCniPluginVersion, FlannelVersion } from '../../src/agents/cni-agent/flannel/version';
import { CniImplementation } from '../../src/agents/cni-agent/implementation';
import { CNI_INIT_CONTAINER_PROPS_SCHEMA, CniInitContainerProps, CniInitStep } from '../../src/agents/cni-agent/init-step';
import { CNI_API_ACCESS_SCHEMA, CNI_HOST_PATH_SCHEMA, CNI_PORT_SCHEMA } from '../../src/agents/cni-agent/node-access';
import { CNI_CAPABILITY_SCHEMA, CniPrivileges } from '../../src/agents/cni-agent/privileges';
import { DCGM_COUNTER_PROPS_SCHEMA, DcgmCounter, DcgmCounterProps, DcgmCounters } from '../../src/agents/gpu-monitor/counters';
import { DcgmExporterVariant, DcgmExporterVersion } from '../../src/agents/gpu-monitor/version';
import { FILESYSTEM_BUFFERING_OPTIONS_SCHEMA, FilesystemBufferingOptions, LogBuffering } from '../../src/agents/log-collector/buffering';
import {
  LOG_FILTER_OPTIONS_SCHEMA, LogFilter, LogFilterOptions, LUA_FILTER_OPTIONS_SCHEMA, LuaFilterOptions, PARSER_FILTER_OPTIONS_SCHEMA,
  ParserFilterOptions,
} from '../../src/agents/log-collector/filters';
import { LogInput, SYSTEMD_INPUT_OPTIONS_SCHEMA, SystemdInputOptions } from '../../src/agents/log-collector/inputs';
import { LuaScript } from '../../src/agents/log-collector/lua';
import { MultilineParser, REGEX_MULTILINE_PARSER_OPTIONS_SCHEMA, RegexMultilineParserOptions } from '../../src/agents/log-collector/multiline';
import {
  HTTP_OUTPUT_OPTIONS_SCHEMA, HttpOutputOptions, LOG_OUTPUT_OPTIONS_SCHEMA, LogOutputOptions, LOKI_OUTPUT_OPTIONS_SCHEMA,
  LokiOutputOptions, SEARCH_OUTPUT_OPTIONS_SCHEMA, SearchOutputOptions,
} from '../../src/agents/log-collector/output-options';
import { LogOutput } from '../../src/agents/log-collector/outputs';
import {
  LOG_PARSER_OPTIONS_SCHEMA, LogParser, LogParserOptions, REGEX_PARSER_OPTIONS_SCHEMA, RegexParserOptions,
} from '../../src/agents/log-collector/parsers';
import { FluentBitVersion } from '../../src/agents/log-collector/version';
import { NodeExporterCollector } from '../../src/agents/node-exporter/collectors';
import { KubeRbacProxyVersion } from '../../src/agents/node-exporter/rbac-proxy';
import { NodeExporterVersion } from '../../src/agents/node-exporter/version';
import { FalcoContainerRuntime } from '../../src/agents/security-agent/container-runtime';
import {
  FalcoDriver, FalcoKernelModuleOptions, FalcoModernEbpfOptions, KERNEL_MODULE_OPTIONS_SCHEMA, MODERN_EBPF_OPTIONS_SCHEMA,
} from '../../src/agents/security-agent/driver';
import {
  FALCO_FILE_OUTPUT_OPTIONS_SCHEMA, FALCO_HTTP_OUTPUT_OPTIONS_SCHEMA, FALCO_PROGRAM_OUTPUT_OPTIONS_SCHEMA, FalcoFileOutputOptions,
  FalcoHttpOutputOptions, FalcoOutput, FalcoProgramOutputOptions,
} from '../../src/agents/security-agent/outputs';
import { FalcoRulesFile, FalcoRuleSelection } from '../../src/agents/security-agent/rules';
import { FalcoVersion } from '../../src/agents/security-agent/version';
import {
  AWS_EBS_CSI_OPTIONS_SCHEMA, AwsEbsCsiOptions, CsiDriver, CUSTOM_CSI_DRIVER_PROPS_SCHEMA, CustomCsiDriverProps,
} from '../../src/agents/storage-agent/csi-driver';
import { CSI_DRIVER_SPEC_SCHEMA, CSI_TOKEN_REQUEST_SCHEMA, CsiDriverSpec, CsiTokenRequest, VolumeLifecycleMode } from '../../src/agents/storage-agent/csi-driver-spec';
import { KubeletRoot } from '../../src/agents/storage-agent/kubelet-root';
import { AwsEbsCsiDriverVersion, LivenessProbeVersion, NodeDriverRegistrarVersion } from '../../src/agents/storage-agent/version';
import { CONTAINER_PROBES_SCHEMA } from '../../src/base/probes';

const LOG_OUTPUT: Kinds<LogOutputOptions> = { match: 'string', retryLimit: 'number', bufferLimit: 'class', properties: 'map' };
const BACKEND = { ...LOG_OUTPUT, basicAuth: 'struct', tlsVerify: 'boolean', url: 'string' } as const;
const LOKI: Kinds<LokiOutputOptions> = { ...BACKEND, labels: 'map', tenantId: 'string', bearerToken: 'struct' };
const SEARCH: Kinds<SearchOutputOptions> = { ...BACKEND, index: 'string', indexPrefix: 'string' };
const HTTP: Kinds<HttpOutputOptions> = { ...BACKEND, format: 'enum', headers: 'map', bearerToken: 'struct' };
const FILTER: Kinds<LogFilterOptions> = { match: 'string', properties: 'map' };
const PARSER_FILTER: Kinds<ParserFilterOptions> = { ...FILTER, keyName: 'string', reserveData: 'boolean', preserveKey: 'boolean' };
const LUA_FILTER: Kinds<LuaFilterOptions> = { ...FILTER, timeAsTable: 'boolean' };
const PARSER: Kinds<LogParserOptions> = { timeFormat: 'string', timeKey: 'string', timeKeep: 'boolean', types: 'map' };
const REGEX_PARSER: Kinds<RegexParserOptions> = { ...PARSER, regex: 'string' };
const MULTILINE: Kinds<RegexMultilineParserOptions> = { rules: { list: { state: 'start_state', regex: 'x', nextState: 'start_state' } }, flushTimeout: 'class', parser: 'class' };
const BUFFERING: Kinds<FilesystemBufferingOptions> = { maxChunksUp: 'number', backlogMemLimit: 'class', outputLimit: 'class' };
const SYSTEMD: Kinds<SystemdInputOptions> = {
  units: { list: 'kubelet.service' }, tag: 'string', journalDirectory: 'string', readFromTail: 'boolean', lowercase: 'boolean', stripUnderscores: 'boolean',
};
const LUA = () => LuaScript.fromInline('redact.lua', 'function redact(tag, ts, record) return 0, ts, record end');
const FLANNEL: Kinds<FlannelOptions> = {
  version: 'class',
  cniPluginVersion: 'class',
  podCidr: 'string',
  backend: 'enum',
  ipMasq: 'boolean',
  cniConfig: 'class',
  healthPort: 'number',
};
const CILIUM: Kinds<CiliumOptions> = {
  version: 'class',
  routing: 'class',
  ipam: 'class',
  kubeProxyReplacement: 'boolean',
  k8sServiceHost: 'string',
  k8sServicePort: 'number',
  mtu: 'number',
  hubble: 'boolean',
  operatorReplicas: 'number',
};
const CALICO: Kinds<CalicoOptions> = {
  version: 'class',
  podCidr: 'string',
  blockSize: 'number',
  encapsulation: 'enum',
  bgp: 'boolean',
  mtu: 'number',
  ipAutodetection: 'class',
  datastore: 'enum',
  crds: 'class',
  kubeControllers: 'boolean',
};
const CILIUM_NATIVE: Kinds<CiliumNativeRoutingOptions> = { ipv4NativeRoutingCidr: 'string', autoDirectNodeRoutes: 'boolean' };
const CILIUM_POOL: Kinds<CiliumClusterPoolOptions> = { ipv4PodCidrs: { list: '10.0.0.0/8' }, ipv4MaskSize: 'number' };
const HOST_PATH = { name: 'run', hostPath: '/var/run/example', justification: 'Keeps its state.' };
const CUSTOM_CNI: Kinds<CustomCniProps> = {
  name: 'string',
  image: 'string',
  version: 'string',
  command: { list: '/bin/agent' },
  args: { list: '--verbose' },
  env: 'map',
  privileges: 'class',
  cniConfig: 'class',
  cniConfigFileName: 'string',
  plugins: { list: { image: 'registry.example.com/plugins:v1.0.0', path: '/example' } },
  initContainers: { list: CniInitStep.installConfig() },
  configFiles: 'map',
  configDirectory: 'string',
  hostPaths: { list: HOST_PATH },
  ports: { list: { name: 'health', port: 9099, justification: 'Serves health.' } },
  probes: 'struct',
  access: 'struct',
  hostPidJustification: 'string',
};
const INIT_CONTAINER: Kinds<CniInitContainerProps> = {
  name: 'string',
  image: 'string',
  command: { list: '/prepare' },
  args: { list: '--once' },
  env: 'map',
  privileges: 'class',
  hostPaths: { list: HOST_PATH },
  readOnlyRootFilesystem: 'boolean',
  resources: 'struct',
  justification: 'string',
};
const COUNTER: Kinds<DcgmCounterProps> = { field: 'string', type: 'enum', help: 'string' };
const MODERN_EBPF: Kinds<FalcoModernEbpfOptions> = { sysAdmin: 'boolean', bufferSize: 'class', cpusForEachBuffer: 'number' };
const KERNEL_MODULE: Kinds<FalcoKernelModuleOptions> = { bufferSize: 'class' };
const FALCO_HTTP: Kinds<FalcoHttpOutputOptions> = { url: 'string', insecure: 'boolean', userAgent: 'string', compressUploads: 'boolean', keepAlive: 'boolean' };
const FALCO_FILE: Kinds<FalcoFileOutputOptions> = { hostDirectory: 'string', fileName: 'string', keepAlive: 'boolean' };
const FALCO_PROGRAM: Kinds<FalcoProgramOutputOptions> = { command: 'string', keepAlive: 'boolean' };

const AWS_EBS: Kinds<AwsEbsCsiOptions> = {
  version: 'class', nodeDriverRegistrarVersion: 'class', livenessProbeVersion: 'class', logLevel: 'number', removeStartupTaint: 'boolean', nodeAllocatableUpdatePeriod: 'class',
};
const CUSTOM_CSI: Kinds<CustomCsiDriverProps> = {
  name: 'string',
  image: 'string',
  version: 'string',
  containerName: 'string',
  command: { list: '/plugin' },
  args: { list: '--v=2' },
  spec: 'struct',
  mountDevices: 'boolean',
  nodeDriverRegistrarVersion: 'class',
  livenessProbeVersion: 'class',
};
const CSI_SPEC: Kinds<CsiDriverSpec> = {
  attachRequired: 'boolean',
  podInfoOnMount: 'boolean',
  fsGroupPolicy: 'enum',
  volumeLifecycleModes: { list: VolumeLifecycleMode.PERSISTENT },
  requiresRepublish: 'boolean',
  storageCapacity: 'boolean',
  seLinuxMount: 'boolean',
  tokenRequests: { list: { audience: 'vault' } },
  nodeAllocatableUpdatePeriod: 'class',
};
const TOKEN_REQUEST: Kinds<CsiTokenRequest> = { audience: 'string', expiration: 'class' };
const CUSTOM_CSI_BASE: CustomCsiDriverProps = { name: 'nfs.csi.k8s.io', image: 'registry.k8s.io/sig-storage/nfsplugin:v4.11.0', version: '4.11.0' };

const LOKI_URL = 'http://loki-gateway.loki.svc.cluster.local';
const CUSTOM_BASE: CustomCniProps = { name: 'example', image: 'registry.example.com/example:v1.0.0', version: '1.0.0', cniConfig: CniConfig.flannel() };

/** A factory taking an options struct: each option is given each wrong value. */
interface OptionsRow {
  readonly api: string;
  readonly argument: string;
  readonly schema: object;
  readonly kinds: { readonly [option: string]: Kind };
  readonly base: object;
  readonly required: boolean;
  readonly call: (options: any) => unknown;
}

const OPTIONS: OptionsRow[] = [
  { api: 'LogOutput.loki', argument: 'options', schema: LOKI_OUTPUT_OPTIONS_SCHEMA, kinds: LOKI, base: { url: LOKI_URL }, required: true, call: o => LogOutput.loki(o) },
  { api: 'LogOutput.elasticsearch', argument: 'options', schema: SEARCH_OUTPUT_OPTIONS_SCHEMA, kinds: SEARCH, base: { url: 'https://es:9200' }, required: true, call: o => LogOutput.elasticsearch(o) },
  { api: 'LogOutput.openSearch', argument: 'options', schema: SEARCH_OUTPUT_OPTIONS_SCHEMA, kinds: SEARCH, base: { url: 'https://os:9200' }, required: true, call: o => LogOutput.openSearch(o) },
  { api: 'LogOutput.http', argument: 'options', schema: HTTP_OUTPUT_OPTIONS_SCHEMA, kinds: HTTP, base: { url: 'https://logs.example.com' }, required: true, call: o => LogOutput.http(o) },
  { api: 'LogOutput.stdout', argument: 'options', schema: LOG_OUTPUT_OPTIONS_SCHEMA, kinds: LOG_OUTPUT, base: {}, required: false, call: o => LogOutput.stdout(o) },
  { api: 'LogOutput.custom', argument: 'options', schema: LOG_OUTPUT_OPTIONS_SCHEMA, kinds: LOG_OUTPUT, base: {}, required: false, call: o => LogOutput.custom('kafka', o) },
  { api: 'LogFilter.custom', argument: 'options', schema: LOG_FILTER_OPTIONS_SCHEMA, kinds: FILTER, base: {}, required: false, call: o => LogFilter.custom('grep', o) },
  {
    api: 'LogFilter.parser',
    argument: 'options',
    schema: PARSER_FILTER_OPTIONS_SCHEMA,
    kinds: PARSER_FILTER,
    base: {},
    required: false,
    call: o => LogFilter.parser([LogParser.builtIn('json')], o),
  },
  { api: 'LogFilter.lua', argument: 'options', schema: LUA_FILTER_OPTIONS_SCHEMA, kinds: LUA_FILTER, base: {}, required: false, call: o => LogFilter.lua(LUA(), 'redact', o) },
  { api: 'LogParser.regex', argument: 'options', schema: REGEX_PARSER_OPTIONS_SCHEMA, kinds: REGEX_PARSER, base: { regex: '^(?<m>.*)$' }, required: true, call: o => LogParser.regex('app', o) },
  { api: 'LogParser.json', argument: 'options', schema: LOG_PARSER_OPTIONS_SCHEMA, kinds: PARSER, base: {}, required: false, call: o => LogParser.json('app', o) },
  { api: 'LogParser.logfmt', argument: 'options', schema: LOG_PARSER_OPTIONS_SCHEMA, kinds: PARSER, base: {}, required: false, call: o => LogParser.logfmt('app', o) },
  {
    api: 'MultilineParser.regex',
    argument: 'options',
    schema: REGEX_MULTILINE_PARSER_OPTIONS_SCHEMA,
    kinds: MULTILINE,
    base: { rules: [{ state: 'start_state', regex: 'x', nextState: 'start_state' }] },
    required: true,
    call: o => MultilineParser.regex('app', o),
  },
  {
    api: 'LogBuffering.filesystem',
    argument: 'options',
    schema: FILESYSTEM_BUFFERING_OPTIONS_SCHEMA,
    kinds: BUFFERING,
    base: {},
    required: false,
    call: o => LogBuffering.filesystem(o),
  },
  { api: 'LogInput.systemd', argument: 'options', schema: SYSTEMD_INPUT_OPTIONS_SCHEMA, kinds: SYSTEMD, base: { units: ['kubelet.service'] }, required: true, call: o => LogInput.systemd(o) },
  { api: 'CniImplementation.flannel', argument: 'options', schema: FLANNEL_OPTIONS_SCHEMA, kinds: FLANNEL, base: {}, required: false, call: o => CniImplementation.flannel(o) },
  { api: 'CniImplementation.calico', argument: 'options', schema: CALICO_OPTIONS_SCHEMA, kinds: CALICO, base: {}, required: false, call: o => CniImplementation.calico(o) },
  { api: 'CniImplementation.cilium', argument: 'options', schema: CILIUM_OPTIONS_SCHEMA, kinds: CILIUM, base: {}, required: false, call: o => CniImplementation.cilium(o) },
  {
    api: 'CiliumRouting.native',
    argument: 'options',
    schema: CILIUM_NATIVE_ROUTING_OPTIONS_SCHEMA,
    kinds: CILIUM_NATIVE,
    base: { ipv4NativeRoutingCidr: '10.0.0.0/8' },
    required: true,
    call: o => CiliumRouting.native(o),
  },
  { api: 'CiliumIpam.clusterPool', argument: 'options', schema: CILIUM_CLUSTER_POOL_OPTIONS_SCHEMA, kinds: CILIUM_POOL, base: {}, required: false, call: o => CiliumIpam.clusterPool(o) },
  { api: 'CniImplementation.custom', argument: 'props', schema: CUSTOM_CNI_PROPS_SCHEMA, kinds: CUSTOM_CNI, base: CUSTOM_BASE, required: true, call: o => CniImplementation.custom(o) },
  {
    api: 'CniInitStep.container',
    argument: 'props',
    schema: CNI_INIT_CONTAINER_PROPS_SCHEMA,
    kinds: INIT_CONTAINER,
    base: { name: 'prepare', image: 'registry.example.com/prepare:v1.0.0', justification: 'Prepares the node.' },
    required: true,
    call: o => CniInitStep.container(o),
  },
  {
    api: 'DcgmCounter.of',
    argument: 'props',
    schema: DCGM_COUNTER_PROPS_SCHEMA,
    kinds: COUNTER,
    base: { field: 'DCGM_FI_DEV_GPU_TEMP', type: DcgmMetricType.GAUGE, help: 'GPU temperature (in C).' },
    required: true,
    call: o => DcgmCounter.of(o),
  },
  { api: 'FalcoDriver.modernEbpf', argument: 'options', schema: MODERN_EBPF_OPTIONS_SCHEMA, kinds: MODERN_EBPF, base: {}, required: false, call: o => FalcoDriver.modernEbpf(o) },
  { api: 'FalcoDriver.kernelModule', argument: 'options', schema: KERNEL_MODULE_OPTIONS_SCHEMA, kinds: KERNEL_MODULE, base: {}, required: false, call: o => FalcoDriver.kernelModule(o) },
  {
    api: 'FalcoOutput.http',
    argument: 'options',
    schema: FALCO_HTTP_OUTPUT_OPTIONS_SCHEMA,
    kinds: FALCO_HTTP,
    base: { url: 'https://hooks.example.com/falco' },
    required: true,
    call: o => FalcoOutput.http(o),
  },
  { api: 'CsiDriver.awsEbs', argument: 'options', schema: AWS_EBS_CSI_OPTIONS_SCHEMA, kinds: AWS_EBS, base: {}, required: false, call: o => CsiDriver.awsEbs(o) },
  { api: 'CsiDriver.custom', argument: 'props', schema: CUSTOM_CSI_DRIVER_PROPS_SCHEMA, kinds: CUSTOM_CSI, base: CUSTOM_CSI_BASE, required: true, call: o => CsiDriver.custom(o) },
  { api: 'FalcoOutput.file', argument: 'options', schema: FALCO_FILE_OUTPUT_OPTIONS_SCHEMA, kinds: FALCO_FILE, base: {}, required: false, call: o => FalcoOutput.file(o) },
  {
    api: 'FalcoOutput.program',
    argument: 'options',
    schema: FALCO_PROGRAM_OUTPUT_OPTIONS_SCHEMA,
    kinds: FALCO_PROGRAM,
    base: { command: 'cat' },
    required: true,
    call: o => FalcoOutput.program(o),
  },
];

describe.each(OPTIONS.map(r => [r.api, r] as const))('%s', (_api, row) => {
  test('the kinds table has a row for every option of the schema, and the least valid options are accepted', () => {
    expect(Object.keys(row.kinds).sort()).toEqual(Object.keys(row.schema).sort());
    expect(() => row.call(row.base)).not.toThrow();
  });

  test.each(matrix(row.schema, row.kinds))('%s: %s is refused', (option, _label, value, problem) => {
    expectWrongType(() => row.call({ ...row.base, [option]: value }), row.api, problem);
  });

  test.each(wrongValues('struct', !row.required).filter(w => w.label !== 'an object with an unknown property').map(w => [w.label, w.value] as const))(
    `${row.api}: a whole %s is refused`, (_label, value) => {
      expectWrongType(() => row.call(value), row.api, { property: row.argument, value });
    });

  test('an unknown option (a typo) is refused, not ignored', () => {
    expectWrongType(() => row.call({ ...row.base, mach: 'kube.*' }), row.api, { property: 'mach', value: 'kube.*' });
  });
});

test('the structs inside the CNI props are checked, option by option', () => {
  const custom = (props: object) => () => CniImplementation.custom({ ...CUSTOM_BASE, ...props });
  const rows: [string, object, object, { readonly [key: string]: Kind }, boolean][] = [
    ['plugins[0]', CNI_PLUGIN_BINARY_SCHEMA, { image: 'registry.example.com/plugins:v1.0.0', path: '/example' }, { image: 'string', path: 'string', name: 'string' }, true],
    ['hostPaths[0]', CNI_HOST_PATH_SCHEMA, HOST_PATH, {
      name: 'string', hostPath: 'string', mountPath: 'string', type: 'enum', readOnly: 'boolean', propagation: 'enum', justification: 'string',
    }, true],
    ['ports[0]', CNI_PORT_SCHEMA, { name: 'health', port: 9099, justification: 'Serves health.' }, { name: 'string', port: 'number', justification: 'string' }, true],
    ['access', CNI_API_ACCESS_SCHEMA, { rules: [], justification: 'Reads Nodes.' }, { rules: { list: AccessRule.read(ApiResource.NODES) }, justification: 'string' }, false],
  ];
  for (const [at, schema, valid, kinds, list] of rows) {
    for (const [option, , value, problem] of matrix(schema, kinds)) {
      const item = { ...valid, [option]: value };
      expectWrongType(custom({ [at.replace('[0]', '')]: list ? [item] : item }), 'CniImplementation.custom', { property: `${at}.${problem.property}`, value: problem.value });
    }
  }
  for (const [option, , value, problem] of matrix(CONTAINER_PROBES_SCHEMA, { liveness: 'class', readiness: 'class', startup: 'class' })) {
    expectWrongType(custom({ probes: { [option]: value } }), 'CniImplementation.custom', { property: `probes.${problem.property}`, value: problem.value });
  }
});

test('a capability without its reason, or a reason that is not text, is refused where the privileges are made', () => {
  for (const [option, , value, problem] of matrix(CNI_CAPABILITY_SCHEMA, { capability: 'enum', justification: 'string' })) {
    expectWrongType(() => CniPrivileges.capabilities([{ capability: Capability.NET_ADMIN, justification: 'Programs routes.', [option]: value } as any]),
      'CniPrivileges.capabilities', { property: `capabilities[0].${problem.property}`, value: problem.value });
  }
});

test('the CSIDriver spec and its token requests are checked, option by option', () => {
  const custom = (spec: object) => () => CsiDriver.custom({ ...CUSTOM_CSI_BASE, spec: spec as CsiDriverSpec });
  for (const [, , value, problem] of matrix(CSI_DRIVER_SPEC_SCHEMA, CSI_SPEC)) {
    expectWrongType(custom({ [problem.property.split(/[.[]/)[0]]: value }), 'CsiDriver.custom', { property: `spec.${problem.property}`, value: problem.value });
  }
  for (const [, , value, problem] of matrix(CSI_TOKEN_REQUEST_SCHEMA, TOKEN_REQUEST)) {
    expectWrongType(custom({ tokenRequests: [{ audience: 'vault', [problem.property.split(/[.[]/)[0]]: value }] }), 'CsiDriver.custom',
      { property: `spec.tokenRequests[0].${problem.property}`, value: problem.value });
  }
});

test('a basic-auth password or a bearer token that is not a Secret reference is refused', () => {
  const notASecret = { name: 'creds' };
  expectWrongType(() => LogOutput.loki({ url: LOKI_URL, bearerToken: { secret: notASecret, key: 'token' } as any }), 'LogOutput.loki',
    { property: 'bearerToken.secret', value: notASecret });
  expectWrongType(() => LogOutput.http({ url: 'https://logs.example.com', basicAuth: { username: 'u', password: 'hunter2' as any } }), 'LogOutput.http',
    { property: 'basicAuth.password', value: 'hunter2' });
});

/** A factory or method taking plain arguments: each argument is given each wrong value. */
interface ArgumentRow {
  readonly api: string;
  readonly argument: string;
  readonly kind: Kind;
  readonly optional?: boolean;
  readonly call: (value: any) => unknown;
}

const ARGUMENTS: ArgumentRow[] = [
  { api: 'FluentBitVersion.of', argument: 'version', kind: 'string', call: v => FluentBitVersion.of(v) },
  { api: 'NodeExporterVersion.of', argument: 'version', kind: 'string', call: v => NodeExporterVersion.of(v) },
  { api: 'KubeRbacProxyVersion.of', argument: 'version', kind: 'string', call: v => KubeRbacProxyVersion.of(v) },
  { api: 'NodeExporterCollector.of', argument: 'name', kind: 'string', call: v => NodeExporterCollector.of(v) },
  { api: 'NodeExporterCollector.custom', argument: 'name', kind: 'string', call: v => NodeExporterCollector.custom(v) },
  { api: 'FlannelVersion.of', argument: 'version', kind: 'string', call: v => FlannelVersion.of(v) },
  { api: 'FlannelCniPluginVersion.of', argument: 'version', kind: 'string', call: v => FlannelCniPluginVersion.of(v) },
  { api: 'CiliumVersion.of', argument: 'version', kind: 'string', call: v => CiliumVersion.of(v) },
  { api: 'CalicoVersion.of', argument: 'version', kind: 'string', call: v => CalicoVersion.of(v) },
  { api: 'CalicoIpAutodetection.canReach', argument: 'destination', kind: 'string', call: v => CalicoIpAutodetection.canReach(v) },
  { api: 'CalicoIpAutodetection.interfaces', argument: 'patterns', kind: { list: 'eth0' }, call: v => CalicoIpAutodetection.interfaces(v) },
  { api: 'CalicoIpAutodetection.skipInterfaces', argument: 'patterns', kind: { list: 'cni.*' }, call: v => CalicoIpAutodetection.skipInterfaces(v) },
  { api: 'CalicoIpAutodetection.cidrs', argument: 'cidrs', kind: { list: '10.0.0.0/16' }, call: v => CalicoIpAutodetection.cidrs(v) },
  { api: 'CalicoCrds.fromFile', argument: 'file', kind: 'string', call: v => CalicoCrds.fromFile(v) },
  { api: 'CiliumRouting.tunnel', argument: 'protocol', kind: 'enum', optional: true, call: v => CiliumRouting.tunnel(v) },
  { api: 'CniConfig.fromObject', argument: 'conflist', kind: 'object', call: v => CniConfig.fromObject(v) },
  { api: 'CniConfig.fromJson', argument: 'json', kind: 'string', call: v => CniConfig.fromJson(v) },
  { api: 'CniConfigValue.mtu', argument: 'overhead', kind: 'number', optional: true, call: v => CniConfigValue.mtu(v) },
  { api: 'CniPrivileges.capabilities', argument: 'capabilities', kind: { list: { capability: Capability.NET_ADMIN, justification: 'Programs routes.' } }, call: v => CniPrivileges.capabilities(v) },
  { api: 'CniPrivileges.privileged', argument: 'justification', kind: 'string', call: v => CniPrivileges.privileged(v) },
  { api: 'LogOutput.custom', argument: 'plugin', kind: 'string', call: v => LogOutput.custom(v) },
  { api: 'LogFilter.custom', argument: 'plugin', kind: 'string', call: v => LogFilter.custom(v) },
  { api: 'LogFilter.parser', argument: 'parsers', kind: { list: LogParser.builtIn('json') }, call: v => LogFilter.parser(v) },
  { api: 'LogFilter.lua', argument: 'script', kind: 'class', call: v => LogFilter.lua(v, 'redact') },
  { api: 'LogFilter.lua', argument: 'call', kind: 'string', call: v => LogFilter.lua(LUA(), v) },
  ...(['regex', 'json', 'logfmt'] as const).map(f => ({ api: `LogParser.${f}`, argument: 'name', kind: 'string', call: (v: any) => LogParser[f](v, { regex: '^(?<m>.*)$' }) }) as ArgumentRow),
  { api: 'LogParser.builtIn', argument: 'name', kind: 'string', call: v => LogParser.builtIn(v) },
  { api: 'MultilineParser.builtIn', argument: 'name', kind: 'string', call: v => MultilineParser.builtIn(v) },
  { api: 'MultilineParser.regex', argument: 'name', kind: 'string', call: v => MultilineParser.regex(v, { rules: [] }) },
  { api: 'LuaScript.fromFile', argument: 'filePath', kind: 'string', call: v => LuaScript.fromFile(v) },
  { api: 'LuaScript.fromInline', argument: 'name', kind: 'string', call: v => LuaScript.fromInline(v, 'function f() end') },
  { api: 'LuaScript.fromInline', argument: 'code', kind: 'string', call: v => LuaScript.fromInline('f.lua', v) },
  { api: 'DcgmExporterVariant.of()', argument: 'name', kind: 'string', call: v => DcgmExporterVariant.of(v) },
  { api: 'DcgmExporterVersion.of()', argument: 'dcgmVersion', kind: 'string', call: v => DcgmExporterVersion.of(v, '4.8.2') },
  { api: 'DcgmExporterVersion.of()', argument: 'exporterVersion', kind: 'string', call: v => DcgmExporterVersion.of('4.5.3', v) },
  { api: 'DcgmExporterVersion.of()', argument: 'variant', kind: 'class', optional: true, call: v => DcgmExporterVersion.of('4.5.3', '4.8.2', v) },
  { api: 'DcgmExporterVersion.fromTag()', argument: 'tag', kind: 'string', call: v => DcgmExporterVersion.fromTag(v) },
  ...(['gauge', 'counter', 'label'] as const).flatMap(kind => [
    { api: `DcgmCounter.${kind}`, argument: 'field', kind: 'string', call: (v: any) => DcgmCounter[kind](v, 'Help.') } as ArgumentRow,
    { api: `DcgmCounter.${kind}`, argument: 'help', kind: 'string', call: (v: any) => DcgmCounter[kind]('DCGM_FI_DEV_GPU_TEMP', v) } as ArgumentRow,
  ]),
  { api: 'AwsEbsCsiDriverVersion.of', argument: 'version', kind: 'string', call: v => AwsEbsCsiDriverVersion.of(v) },
  { api: 'NodeDriverRegistrarVersion.of', argument: 'version', kind: 'string', call: v => NodeDriverRegistrarVersion.of(v) },
  { api: 'NodeDriverRegistrarVersion.eksBuild', argument: 'version', kind: 'string', call: v => NodeDriverRegistrarVersion.eksBuild(v, 5) },
  { api: 'NodeDriverRegistrarVersion.eksBuild', argument: 'build', kind: 'number', call: v => NodeDriverRegistrarVersion.eksBuild('2.17.0', v) },
  { api: 'LivenessProbeVersion.of', argument: 'version', kind: 'string', call: v => LivenessProbeVersion.of(v) },
  { api: 'LivenessProbeVersion.eksBuild', argument: 'version', kind: 'string', call: v => LivenessProbeVersion.eksBuild(v, 5) },
  { api: 'LivenessProbeVersion.eksBuild', argument: 'build', kind: 'number', call: v => LivenessProbeVersion.eksBuild('2.19.0', v) },
  { api: 'KubeletRoot.of', argument: 'path', kind: 'string', call: v => KubeletRoot.of(v) },
  { api: 'FalcoVersion.of', argument: 'version', kind: 'string', call: v => FalcoVersion.of(v) },
  { api: 'FalcoContainerRuntime.cri', argument: 'socketPath', kind: 'string', call: v => FalcoContainerRuntime.cri(v) },
  { api: 'FalcoRulesFile.fromYaml', argument: 'name', kind: 'string', call: v => FalcoRulesFile.fromYaml(v, '[]') },
  { api: 'FalcoRulesFile.fromYaml', argument: 'content', kind: 'string', call: v => FalcoRulesFile.fromYaml('custom.yaml', v) },
  ...(['disableRule', 'enableRule'] as const).map(f => ({ api: `FalcoRuleSelection.${f}`, argument: 'name', kind: 'string', call: (v: any) => FalcoRuleSelection[f](v) }) as ArgumentRow),
  ...(['disableTag', 'enableTag'] as const).map(f => ({ api: `FalcoRuleSelection.${f}`, argument: 'tag', kind: 'string', call: (v: any) => FalcoRuleSelection[f](v) }) as ArgumentRow),
  { api: 'FalcoOutput.falcosidekick', argument: 'url', kind: 'string', optional: true, call: v => FalcoOutput.falcosidekick(v) },
];

describe.each(ARGUMENTS.map(r => [`${r.api} ${r.argument}`, r] as const))('%s', (_name, row) => {
  test.each(wrongValues(row.kind, row.optional ?? false).map(w => [w.label, w.value, w.problem(row.argument)] as const))('%s is refused', (_label, value, problem) => {
    expectWrongType(() => row.call(value), row.api, problem);
  });
});

describe('every public factory and method of the agents\' building blocks has a row', () => {
  // Each class of src/agents with its factories and methods; those that take no argument (or are
  // private in TypeScript) are listed.
  const CLASSES: [Function, string[]][] = [
    [LogOutput, ['LogOutput.typedSection']], [LogFilter, ['LogFilter.typedSection']], [FluentBitVersion, []], [LogParser, []], [MultilineParser, []],
    [LogBuffering, ['LogBuffering.memory']], [LogInput, []], [LuaScript, []], [NodeExporterCollector, []], [NodeExporterVersion, []],
    [KubeRbacProxyVersion, []],
    [CniImplementation, []], [CalicoVersion, []], [CalicoIpAutodetection, ['CalicoIpAutodetection.firstFound', 'CalicoIpAutodetection.kubernetesInternalIp']],
    [CalicoCrds, ['CalicoCrds.bundled', 'CalicoCrds.none']], [CiliumVersion, []], [CiliumRouting, []], [CiliumIpam, ['CiliumIpam.kubernetes']], [CniConfig, ['CniConfig.flannel', 'CniConfig.render']], [FlannelVersion, []], [FlannelCniPluginVersion, []],
    [CniConfigValue, ['CniConfigValue.nodeName', 'CniConfigValue.kubeconfigPath', 'CniConfigValue.toString', 'CniConfigValue.toJSON']],
    [CniInitStep, ['CniInitStep.installPlugins', 'CniInitStep.installConfig']], [CniPrivileges, []],
    [DcgmCounter, []], [DcgmCounters, ['DcgmCounters.standard', 'DcgmCounters.profiling']], [DcgmExporterVariant, []], [DcgmExporterVersion, []],
    [FalcoVersion, []], [FalcoDriver, []], [FalcoContainerRuntime, []], [FalcoRulesFile, []], [FalcoRuleSelection, []],
    [FalcoOutput, ['FalcoOutput.stdout', 'FalcoOutput.syslog']],
    [CsiDriver, []], [KubeletRoot, []], [AwsEbsCsiDriverVersion, []], [NodeDriverRegistrarVersion, []], [LivenessProbeVersion, []],
  ];
  const covered = new Set([...OPTIONS.map(r => r.api), ...ARGUMENTS.map(r => r.api)].map(api => api.replace(/\(\)$/, '')));

  test.each(CLASSES.map(([type, none]) => [type.name, type, none] as const))('%s', (name, type, none) => {
    const functions = (target: object) => Object.getOwnPropertyNames(target)
      .filter(key => key !== 'constructor' && !key.startsWith('_') && typeof Object.getOwnPropertyDescriptor(target, key)?.value === 'function');
    const apis = [...functions(type), ...functions(type.prototype)].map(key => `${name}.${key}`);
    expect(apis.filter(api => !covered.has(api) && !none.includes(api))).toEqual([]);
  });
});
