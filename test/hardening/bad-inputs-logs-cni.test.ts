/**
 * Bad-input catalog, part 4: the log collector (its outputs, filters and version) and the CNI
 * agent (flannel's options, custom implementations, CNI configuration lists and versions).
 */
import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import { Capability, EnvValue, MountPropagation, Secret } from 'cdk8s-plus-28';
import { BadInput, catalog } from './catalog';
import {
  AgentProbe, CniAgentDaemonSet, CniAgentDaemonSetProps, CniConfig, CniConfigValue, CniImplementation, CniInitStep, CustomCniProps, FlannelBackend,
  FlannelCniPluginVersion, FlannelOptions, FlannelVersion, FluentBitVersion, LogCollectorDaemonSet, LogCollectorDaemonSetProps, LogFilter, LogOutput,
  UpdateLimit, UpdateStrategy,
} from '../../src';

const LOGS = 'test/logs';
const CNI = 'test/cni';
const LOKI = 'http://loki-gateway.loki.svc.cluster.local';
const collector = (props: Partial<LogCollectorDaemonSetProps>) => (chart: any) =>
  new LogCollectorDaemonSet(chart, 'logs', { outputs: [LogOutput.stdout()], ...props });
const output = (o: LogOutput) => collector({ outputs: [o] });
// References to Secret keys, in a chart of their own (references synthesize nothing).
const secretScope = new Chart(new App({ outdir: Testing.app().outdir }), 'secrets');
let secrets = 0;
const secret = (key: string) => ({ key, secret: Secret.fromSecretName(secretScope, `s${secrets++}`, 'loki-auth') });
const cni = (props: CniAgentDaemonSetProps) => (chart: any) => new CniAgentDaemonSet(chart, 'cni', props);
const flannel = (options: FlannelOptions) => cni({ implementation: CniImplementation.flannel(options) });
const custom = (props: Partial<CustomCniProps>) => cni({
  instance: 'example',
  implementation: CniImplementation.custom({
    name: 'example', image: 'registry.example.com/example:v1.0.0', version: '1.0.0', cniConfig: CniConfig.flannel(), ...props,
  }),
});

const logCollector: BadInput[] = [
  {
    name: 'rejects a collector without outputs',
    build: collector({ outputs: [] }),
    error: { path: LOGS, property: 'outputs', value: '[]', fix: 'or [LogOutput.stdout()] to try the collector out' },
    absent: 'fluent-bit',
  },
  {
    name: 'rejects an output with an empty URL',
    build: output(LogOutput.loki({ url: '' })),
    error: { path: LOGS, property: 'outputs[0].url', value: '""', fix: 'The backend URL is required. Use an absolute http:// or https:// URL' },
    absent: 'fluent-bit',
  },
  {
    name: 'rejects an output URL without a scheme',
    build: output(LogOutput.loki({ url: 'loki-gateway:3100' })),
    error: { path: LOGS, property: 'outputs[0].url', value: '"loki-gateway:3100"', fix: 'not "loki-gateway:"' },
  },
  {
    name: 'rejects an Elasticsearch URL over FTP',
    build: output(LogOutput.elasticsearch({ url: 'ftp://es.example.com' })),
    error: { path: LOGS, property: 'outputs[0].url', value: '"ftp://es.example.com"', fix: 'e.g. "https://elasticsearch-master.elastic.svc:9200"' },
  },
  {
    name: 'rejects an output URL with a port above 65535',
    build: output(LogOutput.http({ url: 'https://logs.example.com:70000/ingest' })),
    error: { path: LOGS, property: 'outputs[0].url', value: '"https://logs.example.com:70000/ingest"', fix: 'a port must be 1-65535' },
  },
  {
    name: 'rejects an output URL with port 0',
    build: output(LogOutput.openSearch({ url: 'http://opensearch:0' })),
    error: { path: LOGS, property: 'outputs[0].url', value: '"http://opensearch:0"', fix: 'Port 0 is not a port; use 1-65535' },
  },
  {
    name: 'rejects a Loki URL with a query string',
    build: output(LogOutput.loki({ url: `${LOKI}/loki/api/v1/push?tenant=a` })),
    error: { path: LOGS, property: 'outputs[0].url', value: `"${LOKI}/loki/api/v1/push?tenant=a"`, fix: 'This output takes no query string' },
  },
  {
    name: 'rejects an HTTP URL with a fragment',
    build: output(LogOutput.http({ url: 'https://logs.example.com/ingest#k8s' })),
    error: { path: LOGS, property: 'outputs[0].url', value: '"https://logs.example.com/ingest#k8s"', fix: 'A "#fragment" is never sent to the server' },
  },
  {
    name: 'rejects credentials in an output URL without echoing them',
    build: output(LogOutput.elasticsearch({ url: 'https://elastic:s3cret@es:9200' })),
    error: { path: LOGS, property: 'outputs[0].url', value: '"https://***@es:9200"', fix: 'use basicAuth (or bearerToken) with a Secret' },
    absent: 's3cret',
  },
  {
    name: 'rejects a Loki tenant with a space',
    build: output(LogOutput.loki({ url: LOKI, tenantId: 'team a' })),
    error: { path: LOGS, property: 'outputs[0].tenantId', value: '"team a"', fix: 'Loki tenant IDs are 1-150 letters' },
  },
  {
    name: 'rejects a Loki label name with a dash',
    build: output(LogOutput.loki({ url: LOKI, labels: { 'team-name': 'platform' } })),
    error: { path: LOGS, property: 'outputs[0].labels', value: '"team-name"', fix: 'Loki label names are letters, digits and "_"' },
  },
  {
    name: 'rejects a Loki label value with a comma',
    build: output(LogOutput.loki({ url: LOKI, labels: { team: 'a,b' } })),
    error: { path: LOGS, property: 'outputs[0].labels.team', value: '"a,b"', fix: 'Give a non-empty value without ","' },
  },
  {
    name: 'rejects an index name in capitals',
    build: output(LogOutput.openSearch({ url: 'https://os:9200', index: 'K8sLogs' })),
    error: { path: LOGS, property: 'outputs[0].index', value: '"K8sLogs"', fix: 'Index names are lowercase' },
  },
  {
    name: 'rejects both a fixed index and an index prefix',
    build: output(LogOutput.elasticsearch({ url: 'https://es:9200', index: 'k8s-logs', indexPrefix: 'kube' })),
    error: { path: LOGS, property: 'outputs[0].indexPrefix', value: '"kube"', fix: 'Give either index (one fixed index, here "k8s-logs") or indexPrefix' },
  },
  {
    name: 'rejects an HTTP header name with a space',
    build: output(LogOutput.http({ url: 'https://logs.example.com', headers: { 'X Source': 'k8s' } })),
    error: { path: LOGS, property: 'outputs[0].headers', value: '"X Source"', fix: 'Use an HTTP header name' },
  },
  {
    name: 'rejects an HTTP header value with a line break',
    build: output(LogOutput.http({ url: 'https://logs.example.com', headers: { 'X-Source': 'k8s\r\nX-Evil: 1' } })),
    error: { path: LOGS, property: 'outputs[0].headers.X-Source', value: '"k8s\\r\\nX-Evil: 1"', fix: 'Header values cannot contain line breaks' },
    absent: 'X-Evil',
  },
  {
    name: 'rejects an Authorization header in plain text',
    build: output(LogOutput.http({ url: 'https://logs.example.com', headers: { Authorization: 'Bearer t0ken' } })),
    error: { path: LOGS, property: 'outputs[0].headers.Authorization', value: '"(hidden)"', fix: 'pass credentials with bearerToken or basicAuth' },
    absent: 't0ken',
  },
  {
    name: 'rejects both basic auth and a bearer token',
    build: output(LogOutput.loki({ url: LOKI, basicAuth: { username: 'u', password: secret('password') }, bearerToken: secret('token') })),
    error: { path: LOGS, property: 'outputs[0].bearerToken', value: '"(Secret reference)"', fix: 'Use either basicAuth or bearerToken, not both' },
    absent: 'loki-auth',
  },
  {
    name: 'rejects a basic-auth user name with a colon',
    build: output(LogOutput.loki({ url: LOKI, basicAuth: { username: 'team:a', password: secret('password') } })),
    error: { path: LOGS, property: 'outputs[0].basicAuth.username', value: '"team:a"', fix: 'Give a user name without spaces or ":"' },
  },
  {
    name: 'rejects a basic-auth user name that is missing, where the output is made',
    build: () => LogOutput.loki({ url: LOKI, basicAuth: { username: undefined as any, password: secret('password') } }),
    error: { path: 'LogOutput.loki', property: 'basicAuth.username', value: 'undefined', fix: 'Give a user name without spaces or ":"' },
    absent: 'http_user',
  },
  {
    name: 'rejects a basic-auth password that is missing, where the output is made',
    build: () => LogOutput.loki({ url: LOKI, basicAuth: { username: 'fluent-bit', password: undefined as any } }),
    error: { path: 'LogOutput.loki', property: 'basicAuth.password', value: 'undefined', fix: 'Give a SecretValue object' },
    absent: 'http_user',
  },
  {
    name: 'rejects a Secret key with a space',
    build: output(LogOutput.loki({ url: LOKI, bearerToken: secret('my token') })),
    error: { path: LOGS, property: 'outputs[0].bearerToken.key', value: '"my token"', fix: 'A Secret key is letters, digits, "-", "_" and "."' },
  },
  {
    name: 'rejects a retry limit of 0',
    build: output(LogOutput.stdout({ retryLimit: 0 })),
    error: { path: LOGS, property: 'outputs[0].retryLimit', value: '0', fix: 'or leave it unset to retry until the backend accepts' },
    absent: 'retry_limit',
  },
  {
    name: 'rejects an output match pattern with a space',
    build: output(LogOutput.stdout({ match: 'kube *' })),
    error: { path: LOGS, property: 'outputs[0].match', value: '"kube *"', fix: 'Use a tag pattern without spaces' },
  },
  {
    name: 'rejects a custom output plugin with capitals and a space',
    build: output(LogOutput.custom('Kafka Out')),
    error: { path: LOGS, property: 'outputs[0].plugin', value: '"Kafka Out"', fix: 'e.g. "kafka" or "cloudwatch_logs"' },
  },
  {
    name: 'rejects an untyped property the typed options already write',
    build: output(LogOutput.loki({ url: LOKI, properties: { Host: 'other-loki' } })),
    error: { path: LOGS, property: 'outputs[0].properties', value: '"Host"', fix: 'The loki output already writes "Host" from its typed options' },
    absent: 'other-loki',
  },
  {
    name: 'rejects a filter plugin in capitals',
    build: collector({ filters: [LogFilter.custom('Grep')] }),
    error: { path: LOGS, property: 'filters[0].plugin', value: '"Grep"', fix: 'Name a Fluent Bit filter plugin in lowercase' },
  },
  {
    name: 'rejects a filter property that sets the match',
    build: collector({ filters: [LogFilter.custom('grep', { properties: { Match: 'host.*' } })] }),
    error: { path: LOGS, property: 'filters[0].properties', value: '"Match"', fix: 'the plugin and match are set by custom(plugin, { match })' },
    absent: 'host.*',
  },
  {
    name: 'rejects a memory buffer below 1 MiB',
    build: collector({ memBufLimit: Size.kibibytes(512) }),
    error: { path: LOGS, property: 'memBufLimit', value: '"512Ki"', fix: 'Use at least Size.mebibytes(1)' },
    absent: '524288',
  },
  {
    name: 'rejects memory buffers that fill the memory limit',
    build: collector({ memBufLimit: Size.mebibytes(300) }),
    error: { path: LOGS, property: 'memBufLimit', value: '"300Mi"', fix: 'lower memBufLimit or raise resources.memory.limit' },
    absent: '314572800',
  },
  {
    name: 'rejects a refresh interval that is not whole seconds',
    build: collector({ refreshInterval: Duration.millis(1500) }),
    error: { path: LOGS, property: 'refreshInterval', value: '"1500ms"', fix: 'Use a whole number of seconds of at least 1' },
    absent: 'refresh_interval: 1.5',
  },
  {
    name: 'rejects a refresh interval of a fraction of a millisecond',
    build: collector({ refreshInterval: Duration.millis(0.5) }),
    error: { path: LOGS, property: 'refreshInterval', value: '"0.5ms"', fix: 'Use a whole number of seconds of at least 1' },
  },
  {
    name: 'rejects a surge update, which runs two collectors on one position DB',
    build: collector({ updateStrategy: UpdateStrategy.rollingUpdate({ maxSurge: UpdateLimit.nodes(1) }) }),
    error: { path: LOGS, property: 'updateStrategy.maxSurge', value: '1', fix: 'Use UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.percent(20) })' },
    absent: 'maxSurge: 1\n',
  },
  {
    name: 'rejects a systemd unit without its type',
    build: collector({ systemdUnits: ['kubelet'] }),
    error: { path: LOGS, property: 'systemdUnits[0]', value: '"kubelet"', fix: 'e.g. "kubelet.service"' },
    absent: 'journal',
  },
  {
    name: 'rejects an excluded namespace with an underscore',
    build: collector({ excludeNamespaces: ['kube_system'] }),
    error: { path: LOGS, property: 'excludeNamespaces[0]', value: '"kube_system"', fix: 'a DNS-1123 label' },
  },
  {
    name: 'rejects a ServiceMonitor without the Service',
    build: collector({ service: false, serviceMonitor: true }),
    error: { path: LOGS, property: 'serviceMonitor', value: 'true', fix: 'keep service: true, or drop serviceMonitor' },
    absent: 'ServiceMonitor',
  },
  {
    name: 'rejects a Fluent Bit mirror with a tag',
    build: collector({ imageRegistry: 'registry.internal/fluent-bit:5.1.1' }),
    error: { path: LOGS, property: 'imageRegistry', value: '"registry.internal/fluent-bit:5.1.1"', fix: 'Give the registry and path only, without a tag' },
  },
  {
    name: 'rejects --config in extraArgs, which would replace the generated configuration',
    build: collector({ extraArgs: ['-c', '/etc/other.yaml'] }),
    error: { path: LOGS, property: 'extraArgs[0]', value: '"-c"', fix: 'The agent manages -c (it names the configuration generated from outputs, filters and the other props): drop it from extraArgs.' },
    absent: '/etc/other.yaml',
  },
  {
    name: 'rejects extra env that would shadow an output credential',
    build: collector({ outputs: [LogOutput.loki({ url: LOKI, bearerToken: secret('token') })], extraEnv: { LOG_OUTPUT_0_BEARER_TOKEN: EnvValue.fromValue('plain') } }),
    error: { path: LOGS, property: 'extraEnv[LOG_OUTPUT_0_BEARER_TOKEN]', value: '"LOG_OUTPUT_0_BEARER_TOKEN"', fix: 'carries an output\'s credential from its Secret): choose another name' },
    absent: 'plain',
  },
  {
    name: 'rejects an extra env name with a space',
    build: collector({ extraEnv: { 'HTTP PROXY': EnvValue.fromValue('http://proxy:3128') } }),
    error: { path: LOGS, property: 'extraEnv', value: '"HTTP PROXY"', fix: 'Use an environment variable name of letters, digits' },
  },
  {
    name: 'rejects a relative state directory',
    build: collector({ stateDirectory: 'var/lib/fluent-bit-state' }),
    error: { path: `${LOGS}/DaemonSet`, property: 'container fluent-bit hostPath', value: '"var/lib/fluent-bit-state"', fix: 'Use an absolute path' },
  },
  {
    name: 'rejects the Fluent Bit version "latest"',
    build: () => FluentBitVersion.of('latest'),
    error: { path: 'FluentBitVersion.of', property: 'version', value: '"latest"', fix: 'a moving tag like "latest" would change every node at once' },
  },
];

const cniAgent: BadInput[] = [
  {
    name: 'rejects an image registry in capitals',
    build: cni({ imageRegistry: 'Registry.example.com/CNI' }),
    error: { path: CNI, property: 'imageRegistry', value: '"Registry.example.com/CNI"', fix: 'in lowercase' },
  },
  {
    name: 'rejects extraEnv NODE_NAME, which would make every node claim one node\'s subnet',
    build: cni({ extraEnv: { NODE_NAME: EnvValue.fromValue('node-1') } }),
    error: { path: CNI, property: 'extraEnv[NODE_NAME]', value: '"NODE_NAME"', fix: 'The agent manages NODE_NAME (the downward API gives each pod its own node\'s name, by which the agent finds its Node and subnet): drop it from extraEnv.' },
    absent: 'node-1',
  },
  {
    name: 'rejects an extra flag flanneld would take instead of the agent\'s, naming the option',
    build: cni({ extraArgs: ['-healthz-port=9000'] }),
    error: { path: CNI, property: 'extraArgs[0]', value: '"-healthz-port=9000"', fix: 'The agent manages --healthz-port (the probes and the host port use the health port): use implementation: CniImplementation.flannel({ healthPort }) instead.' },
  },
  {
    name: 'rejects a pod network that is not in CIDR form',
    build: flannel({ podCidr: '10.244.0.0' }),
    error: { path: CNI, property: 'implementation.podCidr', value: '"10.244.0.0"', fix: 'e.g. "10.244.0.0/16"' },
    absent: '"Network": "10.244.0.0"',
  },
  {
    name: 'rejects a pod network with host bits set, naming the network meant',
    build: flannel({ podCidr: '10.244.1.0/16' }),
    error: { path: CNI, property: 'implementation.podCidr', value: '"10.244.1.0/16"', fix: 'write the network address, "10.244.0.0/16"' },
  },
  {
    name: 'rejects a pod network with an octet above 255',
    build: flannel({ podCidr: '10.256.0.0/16' }),
    error: { path: CNI, property: 'implementation.podCidr', value: '"10.256.0.0/16"', fix: 'Use an IPv4 network in CIDR form' },
  },
  {
    name: 'rejects a flannel backend flannel does not have, where the implementation is made',
    build: () => CniImplementation.flannel({ backend: 'geneve' as FlannelBackend }),
    error: { path: 'CniImplementation.flannel', property: 'backend', value: '"geneve"', fix: 'Give one of FlannelBackend: "vxlan", "host-gw", "wireguard", "udp"' },
  },
  {
    name: 'rejects a flannel health port of 0',
    build: flannel({ healthPort: 0 }),
    error: { path: CNI, property: 'implementation.healthPort', value: '0', fix: 'Use an integer port from 1 to 65535' },
    absent: 'healthz-port=0',
  },
  {
    name: 'rejects CNI configuration text that is not JSON',
    build: flannel({ cniConfig: CniConfig.fromJson('{"name": "cbr0",') }),
    error: { path: CNI, property: 'implementation.cniConfig', value: 'JSON', fix: 'CniConfig.fromJson needs valid JSON text' },
    absent: 'cni-conf.json',
  },
  {
    name: 'rejects a CNI configuration without a cniVersion',
    build: flannel({ cniConfig: CniConfig.fromObject({ name: 'cbr0', plugins: [{ type: 'flannel' }] }) }),
    error: { path: CNI, property: 'implementation.cniConfig.cniVersion', value: 'undefined', fix: 'e.g. "0.3.1" or "1.0.0"' },
    absent: 'cni-conf.json',
  },
  {
    name: 'rejects a cniVersion the CNI spec never published',
    build: custom({ cniConfig: CniConfig.fromObject({ name: 'cbr0', cniVersion: '9.9.9', plugins: [{ type: 'bridge' }] }) }),
    error: { path: CNI, property: 'implementation.cniConfig.cniVersion', value: '"9.9.9"', fix: 'one of 0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0' },
  },
  {
    name: 'rejects a single-plugin configuration where a list is installed',
    build: flannel({ cniConfig: CniConfig.fromObject({ name: 'cbr0', cniVersion: '0.3.1', type: 'flannel' }) }),
    error: { path: CNI, property: 'implementation.cniConfig.plugins', value: 'undefined', fix: 'This is a single-plugin .conf' },
    absent: 'cni-conf.json',
  },
  {
    name: 'rejects a CNI plugin without a type',
    build: flannel({ cniConfig: CniConfig.fromObject({ name: 'cbr0', cniVersion: '0.3.1', plugins: [{ delegate: {} }] }) }),
    error: { path: CNI, property: 'implementation.cniConfig.plugins[0].type', value: 'undefined', fix: 'e.g. { "type": "portmap" }' },
    absent: 'cni-conf.json',
  },
  {
    name: 'rejects a CNI network name with a space',
    build: flannel({ cniConfig: CniConfig.fromObject({ name: 'pod net', cniVersion: '0.3.1', plugins: [{ type: 'flannel' }] }) }),
    error: { path: CNI, property: 'implementation.cniConfig.name', value: '"pod net"', fix: 'e.g. "cbr0"' },
  },
  {
    name: 'rejects a custom agent name in capitals',
    build: custom({ name: 'Kube-Router' }),
    error: { path: CNI, property: 'implementation.name', value: '"Kube-Router"', fix: 'a DNS-1123 label' },
  },
  {
    name: 'rejects a custom agent version that is not a label value',
    build: custom({ version: 'v2.1 beta' }),
    error: { path: CNI, property: 'implementation.version', value: '"v2.1 beta"', fix: 'starting and ending with a letter or digit' },
  },
  {
    name: 'rejects a CNI configuration file the runtime would not load',
    build: custom({ cniConfigFileName: '10-example.conf.bak' }),
    error: { path: CNI, property: 'implementation.cniConfigFileName', value: '"10-example.conf.bak"', fix: 'Use a file name ending in ".conflist"' },
  },
  {
    name: 'rejects an agent file named like the CNI configuration key',
    build: custom({ configFiles: { 'cni-conf.json': '{}' } }),
    error: { path: CNI, property: 'implementation.configFiles', value: '"cni-conf.json"', fix: 'give the file another name, or pass it as cniConfig' },
    absent: '{}',
  },
  {
    name: 'rejects an agent file name with a slash',
    build: custom({ configFiles: { 'conf/agent.yaml': 'a: 1' } }),
    error: { path: CNI, property: 'implementation.configFiles', value: '"conf/agent.yaml"', fix: '(a ConfigMap key), e.g. "config.yaml"' },
  },
  {
    name: 'rejects a relative configuration directory',
    build: custom({ configDirectory: 'etc/example' }),
    error: { path: CNI, property: 'implementation.configDirectory', value: '"etc/example"', fix: 'Use an absolute path below "/"' },
  },
  {
    name: 'rejects the node\'s / as a host path',
    build: custom({ hostPaths: [{ name: 'state', hostPath: '/', readOnly: false, justification: 'Keeps its state.' }] }),
    error: { path: CNI, property: 'implementation.hostPaths[0].hostPath', value: '"/"', fix: 'Use an absolute path below "/", without ".."' },
    absent: 'name: state',
  },
  {
    name: 'rejects a host path without a reason',
    build: custom({ hostPaths: [{ name: 'run', hostPath: '/var/run/example', justification: ' ' }] }),
    error: { path: CNI, property: 'implementation.hostPaths[0].justification', value: '" "', fix: 'Say why the CNI needs the node\'s /var/run/example' },
    absent: '/var/run/example',
  },
  {
    name: 'rejects a relative plugin path',
    build: custom({ plugins: [{ image: 'registry.example.com/example-cni:v1.0.0', path: 'bin/example' }] }),
    error: { path: CNI, property: 'implementation.plugins[0].path', value: '"bin/example"', fix: 'Use an absolute path' },
  },
  {
    name: 'rejects a relative liveness path',
    build: custom({ probes: { liveness: AgentProbe.httpGet(9099, { path: 'healthz' }) } }),
    error: { path: CNI, property: 'implementation.probes.liveness.path', value: '"healthz"', fix: 'Use an absolute URL path, e.g. "/healthz"' },
    absent: '9099',
  },
  {
    name: 'rejects a Bidirectional mount in an unprivileged agent',
    build: custom({ hostPaths: [{ name: 'bpf', hostPath: '/sys/fs/bpf', propagation: MountPropagation.BIDIRECTIONAL, justification: 'Pins maps.' }] }),
    error: { path: CNI, property: 'implementation.hostPaths[0].propagation', value: '"Bidirectional"', fix: 'give the agent CniPrivileges.privileged(\'why\') in the implementation or set privileged: true' },
  },
  {
    name: 'rejects a kubeconfig placeholder without API access',
    build: custom({ cniConfig: CniConfig.fromObject({ name: 'n', cniVersion: '1.0.0', plugins: [{ type: 'x', kubeconfig: CniConfigValue.kubeconfigPath() }] }) }),
    error: { path: CNI, property: 'implementation.cniConfig', value: '"CniConfigValue.kubeconfigPath()"', fix: 'give the implementation access: { rules, justification }' },
    absent: '__KUBECONFIG_FILEPATH__',
  },
  {
    name: 'rejects init steps without the configuration installer',
    build: custom({ initContainers: [CniInitStep.container({ name: 'prepare', image: 'registry.example.com/prepare:v1.0.0', justification: 'Prepares the node.' })] }),
    error: { path: CNI, property: 'implementation.initContainers', value: '"0 × CniInitStep.installConfig()"', fix: 'Place CniInitStep.installConfig() once' },
    absent: 'prepare',
  },
  {
    name: 'rejects capabilities on a privileged agent',
    build: cni({ privileged: true, capabilities: [Capability.NET_ADMIN] }),
    error: { path: CNI, property: 'capabilities', value: '["NET_ADMIN"]', fix: 'drop capabilities, or set privileged: false' },
    absent: 'privileged: true',
  },
  {
    name: 'rejects adding ALL capabilities',
    build: cni({ capabilities: [Capability.ALL] }),
    error: { path: CNI, property: 'capabilities', value: '["ALL"]', fix: 'Adding ALL is privileged in all but name' },
    absent: '- ALL\n        drop',
  },
  {
    name: 'rejects a CNI grace period in fractions of a second',
    build: cni({ terminationGracePeriod: Duration.millis(500) }),
    error: { path: CNI, property: 'terminationGracePeriod', value: '"500 millis"', fix: 'use Duration.seconds(n)' },
    absent: 'terminationGracePeriodSeconds: 0.5',
  },
  {
    name: 'rejects a CNI minReady in fractions of a second',
    build: cni({ minReady: Duration.millis(1500) }),
    error: { path: CNI, property: 'minReady', value: '"1500ms"', fix: 'Kubernetes counts minReadySeconds in whole seconds of 0 or more' },
    absent: 'minReadySeconds: 1.5',
  },
  {
    name: 'rejects an extra env name with "="',
    build: cni({ extraEnv: { 'FLANNEL_MTU=1400': EnvValue.fromValue('1') } }),
    error: { path: CNI, property: 'extraEnv', value: '"FLANNEL_MTU=1400"', fix: 'not starting with a digit' },
  },
  {
    name: 'rejects a flannel version with a "v"',
    build: () => FlannelVersion.of('v0.28.9'),
    error: { path: 'FlannelVersion.of', property: 'version', value: '"v0.28.9"', fix: 'e.g. FlannelVersion.of(\'0.28.9\')' },
  },
  {
    name: 'rejects a flannel CNI plugin version without a patch number',
    build: () => FlannelCniPluginVersion.of('1.9-flannel3'),
    error: { path: 'FlannelCniPluginVersion.of', property: 'version', value: '"1.9-flannel3"', fix: 'e.g. FlannelCniPluginVersion.of(\'1.9.1-flannel3\')' },
  },
];

describe('bad inputs: LogCollectorDaemonSet', () => catalog(logCollector));
describe('bad inputs: CniAgentDaemonSet', () => catalog(cniAgent));
