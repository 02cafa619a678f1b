/**
 * Ways to make a valid agent configuration invalid: the options every agent shares, then each
 * agent's own. Bad values are random where the input is a string or a number.
 */
import { Duration, Size } from 'cdk8s';
import { Capability, EnvValue, MountPropagation } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  absolutePath, badCount, badDnsLabel, badDnsSubdomain, badEnvName, badLabelValue, badPort, badWholeSeconds, dnsLabel, labelValue, outOfRangePort,
} from './arbitraries';
import { badNodeSelection, badResources, badToleration, badUpdateStrategy, Mutation } from './mutations';
import {
  AgentOptions, AgentProbe, CniConfig, CniConfigValue, CniImplementation, CniInitStep, CsiDriver, CustomCniProps, CustomCsiDriverProps, DcgmCounter,
  DcgmCounters, FalcoContainerRuntime, FalcoDriver, FalcoOutput, FalcoRulesFile, FalcoRuleSelection, FlannelOptions, LogFilter, LogOutput,
  NodeExporterCollector, SyncWave, UpdateLimit, UpdateStrategy,
} from '../../src';

const named = <S, T>(what: string, values: fc.Arbitrary<T>, apply: (spec: S, value: T) => S): fc.Arbitrary<Mutation<S>> =>
  values.map(value => ({ what: `${what}: ${fc.stringify(value)}`, apply: (spec: S) => apply(spec, value) }));
const set = <S>(key: string) => (spec: S, value: unknown): S => ({ ...spec, [key]: value });

/** Mutations of the options every agent takes. */
function shared<P extends AgentOptions>(): fc.Arbitrary<Mutation<P>>[] {
  return [
    named('instance', badDnsLabel, set<P>('instance')),
    named('namespace', badDnsLabel, set<P>('namespace')),
    named('partOf', badLabelValue, set<P>('partOf')),
    named('nodeSelection', badNodeSelection, set<P>('nodeSelection')),
    named('tolerations', badToleration.map(t => [t]), set<P>('tolerations')),
    named('updateStrategy', badUpdateStrategy, set<P>('updateStrategy')),
    named('minReady', badWholeSeconds, set<P>('minReady')),
    named('revisionHistoryLimit', badCount, set<P>('revisionHistoryLimit')),
    named('priorityClassName', badDnsSubdomain, set<P>('priorityClassName')),
    named('resources', badResources.filter(r => r !== undefined), set<P>('resources')),
    named('extraEnv', badEnvName.map(n => ({ [n]: EnvValue.fromValue('x') })), set<P>('extraEnv')),
    named('imageRegistry', fc.oneof(
      dnsLabel.filter(h => h !== 'localhost').map(h => `${h}/mirror`),
      dnsLabel.map(h => `${h}.example.com/mirror:1.0`),
      dnsLabel.map(h => `https://${h}.example.com`),
      fc.constantFrom('Mirror.example.com', 'mirror.example.com/quay@sha256:abc', 'mirror.example.com//quay', ''),
    ), set<P>('imageRegistry')),
    named('imagePullSecrets', fc.oneof(badDnsSubdomain.map(n => [n]), dnsLabel.map(n => [n, n])), set<P>('imagePullSecrets')),
    // NaN is refused by SyncWave.of itself (test/hardening/wrong-types-gitops.test.ts).
    named('syncWave', fc.double({ min: -100, max: 100, noInteger: true, noNaN: true }).map(SyncWave.of), set<P>('syncWave')),
    named('alerts', fc.oneof(
      badLabelValue.map(v => ({ labels: { release: v } })),
      fc.constantFrom('severity', 'alertname', 'team-name', '1team').map(name => ({ alertLabels: { [name]: 'x' } })),
      fc.constantFrom('NoSuchAlert', 'kubedaemonsetnotscheduled').map(alert => ({ exclude: [alert] })),
      fc.constant({ severities: { KubeDaemonSetNotScheduled: '' } }),
      fc.constantFrom('runbooks.example.com', 'ftp://runbooks.example.com', 'https://runbooks.example.com/?q=1').map(url => ({ runbookBaseUrl: url })),
      fc.constant({ enabled: false, kubeStateMetricsJob: 'ksm' }),
    ), set<P>('alerts')),
  ];
}

const notHttpUrl = fc.oneof(
  fc.string({ maxLength: 20 }).filter(s => !/^https?:\/\//.test(s)),
  dnsLabel.map(h => `ftp://${h}.example.com`),
  dnsLabel.map(h => `http://${h}.example.com/push#fragment`),
  dnsLabel.map(h => `https://user:secret@${h}.example.com`),
  fc.oneof(fc.constant(0), fc.integer({ min: 65536, max: 999_999 })).map(p => `http://loki:${p}`),
);

const KNOWN_COLLECTORS = new Set(Object.values(NodeExporterCollector)
  .filter((c): c is NodeExporterCollector => c instanceof NodeExporterCollector).map(c => c.name));

export const nodeExporterMutation = fc.oneof(...shared<any>(),
  named('port', fc.oneof(badPort, fc.integer({ min: 1, max: 1023 })), set('port')),
  named('hostRootPropagation', fc.constantFrom(MountPropagation.BIDIRECTIONAL, 'Shared' as MountPropagation), set('hostRootPropagation')),
  named('enableCollectors', fc.stringMatching(/^[a-z][a-z0-9_]{2,10}$/).filter(n => !KNOWN_COLLECTORS.has(n)).map(n => [NodeExporterCollector.of(n)]), set('enableCollectors')),
  named('disableCollectors', fc.string({ minLength: 1, maxLength: 10 }).filter(n => !/^[a-z][a-z0-9_]*$/.test(n)).map(n => [NodeExporterCollector.custom(n)]), set('disableCollectors')),
  named('a collector both enabled and disabled', fc.constant([NodeExporterCollector.SYSTEMD]), (s: any, c) => ({ ...s, enableCollectors: c, disableCollectors: c })),
  named('textfileDirectory', fc.oneof(fc.constant('/'), dnsLabel, absolutePath.map(p => `${p}/..`)), (s: any, d) => ({ ...s, textfileDirectory: d, disableCollectors: [] })),
  named('extraArgs', fc.oneof(dnsLabel, fc.constantFrom('--path.procfs=/proc', '--web.listen-address=:1', '-v')).map(a => [a]), set('extraArgs')),
  named('extraEnv HOST_IP', fc.constant({ HOST_IP: EnvValue.fromValue('0.0.0.0') }), (s: any, e) => ({ ...s, extraEnv: e, listenOnAllInterfaces: false })),
  named('scrapeTimeout over the interval', fc.integer({ min: 1, max: 60 }), (s: any, i) => ({
    ...s, serviceMonitor: true, serviceMonitorOptions: { interval: Duration.seconds(i), scrapeTimeout: Duration.seconds(i + 1) },
  })),
  named('options with serviceMonitor: false', fc.constant({}), (s: any, o) => ({ ...s, serviceMonitor: false, serviceMonitorOptions: o })),
);


export const logCollectorMutation = fc.oneof(...shared<any>(),
  named('outputs', fc.constant([]), set('outputs')),
  named('output URL', fc.tuple(notHttpUrl, fc.constantFrom(LogOutput.loki, LogOutput.elasticsearch, LogOutput.openSearch, LogOutput.http)).map(([url, f]) => [f({ url })]), set('outputs')),
  named('Loki label name', fc.string({ minLength: 1, maxLength: 8 }).filter(n => !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(n)).map(n => [LogOutput.loki({ url: 'http://loki', labels: { [n]: 'x' } })]), set('outputs')),
  named('Loki tenant', fc.string({ maxLength: 8 }).filter(t => !/^[A-Za-z0-9!._*'()-]{1,150}$/.test(t)).map(tenantId => [LogOutput.loki({ url: 'http://loki', tenantId })]), set('outputs')),
  named('index', labelValue.map(n => `${n}X `).map(index => [LogOutput.elasticsearch({ url: 'http://es:9200', index })]), set('outputs')),
  named('header name', fc.string({ minLength: 1, maxLength: 8 }).filter(n => !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(n)).map(n => [LogOutput.http({ url: 'https://logs', headers: { [n]: 'x' } })]), set('outputs')),
  named('retryLimit', fc.oneof(fc.integer({ max: 0 }), fc.double({ min: 1, max: 9, noInteger: true })).map(retryLimit => [LogOutput.stdout({ retryLimit })]), set('outputs')),
  named('match', fc.oneof(fc.constant(''), dnsLabel.map(m => `${m} *`)).map(match => [LogOutput.stdout({ match })]), set('outputs')),
  named('memBufLimit', fc.integer({ min: 1, max: 1023 }).map(Size.kibibytes), set('memBufLimit')),
  named('memBufLimit filling the memory limit', fc.integer({ min: 256, max: 10_000 }).map(Size.mebibytes), (s: any, memBufLimit) => ({ ...s, memBufLimit, resources: undefined })),
  named('refreshInterval', fc.oneof(badWholeSeconds, fc.constant(Duration.seconds(0))), set('refreshInterval')),
  named('a surge', fc.integer({ min: 1, max: 10 }).map(n => UpdateStrategy.rollingUpdate({ maxSurge: UpdateLimit.nodes(n) })), set('updateStrategy')),
  named('systemdUnits', dnsLabel.map(u => [u]), set('systemdUnits')),
  named('excludeNamespaces', badDnsLabel.map(n => [n]), set('excludeNamespaces')),
  named('a ServiceMonitor without the Service', fc.constant(true), (s: any, on) => ({ ...s, service: false, serviceMonitor: on })),
  named('stateDirectory', dnsLabel, set('stateDirectory')),
  named('dockerLogDirectory', dnsLabel.map(d => `var/lib/${d}`), set('dockerLogDirectory')),
  named('filters', fc.string({ minLength: 1, maxLength: 8 }).filter(p => !/^[a-z][a-z0-9_]*$/.test(p)).map(p => [LogFilter.custom(p)]), set('filters')),
);

// The CNI spec's published versions (containernetworking/cni v1.3.0, pkg/version/version.go).
const SPEC_VERSIONS = ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'];
const CUSTOM: CustomCniProps = { name: 'example', image: 'registry.example.com/example:v1.0.0', version: '1.0.0', cniConfig: CniConfig.flannel() };
const withFlannel = (options: FlannelOptions) => (s: any) => ({ ...s, implementation: CniImplementation.flannel(options) });
const withCustom = (props: Partial<CustomCniProps>) => (s: any) => ({ ...s, instance: 'example', implementation: CniImplementation.custom({ ...CUSTOM, ...props }) });

export const cniMutation = fc.oneof(...shared<any>(),
  named('podCidr', fc.oneof(
    fc.string({ maxLength: 18 }),
    fc.tuple(fc.integer({ min: 1, max: 255 }), fc.integer({ min: 8, max: 16 })).map(([b, p]) => `10.${b}.${b}.1/${p}`),
    fc.integer({ min: 256, max: 999 }).map(o => `10.${o}.0.0/16`),
    fc.constantFrom('10.0.0.0/0', '10.0.0.0/33'),
  ), (s, podCidr) => withFlannel({ podCidr })(s)),
  // An unknown backend is refused by CniImplementation.flannel() itself (wrong-types-agents-factories.test.ts).
  named('healthPort', outOfRangePort, (s, healthPort) => withFlannel({ healthPort })(s)),
  named('cniConfig text', fc.string({ maxLength: 20 }), (s, text) => withFlannel({ cniConfig: CniConfig.fromJson(text) })(s)),
  named('cniConfig without plugins', dnsLabel, (s, name) => withFlannel({ cniConfig: CniConfig.fromObject({ name, cniVersion: '1.0.0', plugins: [] }) })(s)),
  named('custom name', badDnsLabel, (s, name) => withCustom({ name })(s)),
  named('custom version', badLabelValue, (s, version) => withCustom({ version })(s)),
  named('cniConfigFileName', dnsLabel.map(n => `${n}.conf`), (s, cniConfigFileName) => withCustom({ cniConfigFileName })(s)),
  named('configFiles', fc.oneof(fc.constant('cni-conf.json'), dnsLabel.map(n => `${n}/x.json`)), (s, key) => withCustom({ configFiles: { [key]: '{}' } })(s)),
  named('configDirectory', dnsLabel, (s, configDirectory) => withCustom({ configDirectory })(s)),
  named('plugin path', dnsLabel, (s, path) => withCustom({ plugins: [{ image: 'registry.example.com/plugins:v1.0.0', path }] })(s)),
  named('probe path', dnsLabel, (s, path) => withCustom({ probes: { liveness: AgentProbe.httpGet(9099, { path }) } })(s)),
  named('probe port', outOfRangePort, (s, port) => withCustom({ probes: { readiness: AgentProbe.tcpSocket(port) } })(s)),
  named('cniVersion', fc.string({ maxLength: 6 }).filter(v => !SPEC_VERSIONS.includes(v)), (s, cniVersion) => withCustom({ cniConfig: CniConfig.fromObject({ name: 'n', cniVersion, plugins: [{ type: 'x' }] }) })(s)),
  named('a blank reason for a host path', fc.constantFrom('', ' ', '\n'), (s, justification) => withCustom({ hostPaths: [{ name: 'run', hostPath: '/var/run/example', justification }] })(s)),
  named('Bidirectional while unprivileged', fc.constant(MountPropagation.BIDIRECTIONAL), (s: any, propagation) => ({
    ...withCustom({ hostPaths: [{ name: 'bpf', hostPath: '/sys/fs/bpf', propagation, justification: 'Pins maps.' }] })(s), privileged: false, capabilities: undefined,
  })),
  named('init steps without the configuration installer', fc.constant([CniInitStep.container({ name: 'prepare', image: 'registry.example.com/p:v1', justification: 'Prepares.' })]), (s, initContainers) => withCustom({ initContainers })(s)),
  named('a kubeconfig without access', fc.constant(CniConfigValue.kubeconfigPath()), (s, kubeconfig) => withCustom({ cniConfig: CniConfig.fromObject({ name: 'n', cniVersion: '1.0.0', plugins: [{ type: 'x', kubeconfig }] }) })(s)),
  named('capabilities ALL', fc.constant([Capability.ALL]), (s: any, capabilities) => ({ ...s, privileged: false, capabilities })),
  named('capabilities with privileged', fc.constant([Capability.NET_ADMIN]), (s: any, capabilities) => ({ ...s, privileged: true, capabilities })),
  named('terminationGracePeriod', badWholeSeconds, set('terminationGracePeriod')),
);

const badField = fc.string({ maxLength: 16 }).filter(f => !/^DCGM_(FI|EXP)_[A-Z0-9_]+$/.test(f));
export const gpuMutation = fc.oneof(...shared<any>(),
  named('counters', fc.constant([]), (s: any, counters) => ({ ...s, counters, extraCounters: [] })),
  named('counter field', badField.map(f => [DcgmCounter.gauge(f, 'A field.')]), set('extraCounters')),
  named('counter help', fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom(',', '"', '\n')).map(([h, c]) => [DcgmCounter.gauge('DCGM_FI_DEV_OTHER', `${h}${c}`)]), set('extraCounters')),
  named('a counter twice', fc.constant(DcgmCounters.standard()[0]), (s: any, c) => ({ ...s, counters: [c], extraCounters: [c] })),
  named('a profiling counter without profilingMetrics', fc.constantFrom(...DcgmCounters.profiling()), (s: any, c) => ({ ...s, profilingMetrics: false, counters: [c] })),
  named('profilingMetrics without profiling counters', fc.subarray(DcgmCounters.standard(), { minLength: 1 }), (s: any, counters) => ({ ...s, profilingMetrics: true, counters, extraCounters: [] })),
  named('extraEnv the agent sets', fc.constantFrom('DCGM_EXPORTER_LISTEN', 'DCGM_EXPORTER_KUBERNETES', 'NODE_NAME'), (s: any, n) => ({ ...s, extraEnv: { [n]: EnvValue.fromValue('x') } })),
  named('extraArgs the agent sets', fc.constantFrom('-f=/x.csv', '--collectors', '-a=:1', '--address=:9500'), (s: any, a) => ({ ...s, extraArgs: [a] })),
  named('podLabels without attribution', fc.constant(true), (s: any, podLabels) => ({ ...s, podAttribution: false, podLabels, kubeletPodResourcesPath: undefined })),
  named('a pod-resources path without attribution', absolutePath, (s: any, p) => ({ ...s, podAttribution: false, podLabels: undefined, kubeletPodResourcesPath: p })),
  named('kubeletPodResourcesPath', dnsLabel, (s: any, p) => ({ ...s, podAttribution: true, kubeletPodResourcesPath: p })),
  named('runtimeClassName', badDnsSubdomain, set('runtimeClassName')),
);

/** Webhook URLs the security agent refuses: no scheme, not http, credentials in the URL. */
const badWebhook = fc.oneof(
  dnsLabel.map(h => `${h}.example.com/falco`),
  dnsLabel.map(h => `ftp://${h}.example.com`),
  dnsLabel.map(h => `https://user:secret@${h}.example.com`),
);
export const securityAgentMutation = fc.oneof(...shared<any>(),
  named('no outputs', fc.constant([]), set('outputs')),
  named('an output twice', fc.constantFrom(FalcoOutput.stdout(), FalcoOutput.syslog()), (s: any, o) => ({ ...s, outputs: [o, o] })),
  named('a webhook URL', badWebhook.map(url => [FalcoOutput.http({ url })]), set('outputs')),
  named('falcosidekick with text alerts', fc.constant(false), (s: any, jsonOutput) => ({ ...s, jsonOutput, outputs: [FalcoOutput.falcosidekick()] })),
  named('no rules', fc.constant([]), (s: any, rulesFiles) => ({ ...s, defaultRules: false, rulesFiles })),
  named('a rules file', fc.constantFrom('- rule: r\n  conditon: evt.type = open\n', 'rule: r\n', '- [a\n', '- name: r\n'), (s: any, content) => ({ ...s, rulesFiles: [FalcoRulesFile.fromYaml('bad.yaml', content)] })),
  named('a rules file name', fc.constantFrom('rules', 'a/b.yaml', 'rules.json'), (s: any, name) => ({ ...s, rulesFiles: [FalcoRulesFile.fromYaml(name, '[]')] })),
  named('a tag with a space', fc.constant('mitre discovery'), (s: any, tag) => ({ ...s, ruleSelection: [FalcoRuleSelection.disableTag(tag)] })),
  named('a ring buffer size', fc.constantFrom(3, 5, 1024).map(Size.mebibytes), (s: any, bufferSize) => ({ ...s, driver: FalcoDriver.modernEbpf({ bufferSize }) })),
  named('a runtime twice', fc.constant(FalcoContainerRuntime.CRIO), (s: any, r) => ({ ...s, containerRuntimes: [r, r] })),
  named('unconfinedAppArmor with the kernel module', fc.boolean(), (s: any, unconfinedAppArmor) => ({ ...s, driver: FalcoDriver.kernelModule(), unconfinedAppArmor })),
  named('a ServiceMonitor without metrics', fc.constant(true), (s: any, serviceMonitor) => ({ ...s, metrics: false, serviceMonitor, serviceMonitorOptions: undefined })),
  named('extraEnv the agent sets', fc.constantFrom('HOST_ROOT', 'FALCO_HOSTNAME'), (s: any, n) => ({ ...s, extraEnv: { [n]: EnvValue.fromValue('x') } })),
  named('extraArgs the agent sets', fc.constantFrom(['-r', '/x.yaml'], ['-c', '/x.yaml'], ['-o', 'engine.kind=kmod'], ['--option=priority=error'], ['-ojson_output=false']), set('extraArgs')),
);

const CUSTOM_CSI: CustomCsiDriverProps = { name: 'example.csi.k8s.io', image: 'registry.example.com/csi:v1.0.0', version: '1.0.0' };
const withCsi = (props: Partial<CustomCsiDriverProps>) => (s: any) => ({ ...s, driver: CsiDriver.custom({ ...CUSTOM_CSI, ...props }) });
export const storageAgentMutation = fc.oneof(...shared<any>(),
  named('driver name', fc.oneof(badDnsSubdomain, dnsLabel.map(l => `${l}.${'x'.repeat(63)}`)), (s, name) => withCsi({ name })(s)),
  named('custom version', badLabelValue, (s, version) => withCsi({ version })(s)),
  named('containerName', badDnsLabel, (s, containerName) => withCsi({ containerName })(s)),
  named('logLevel', fc.oneof(fc.integer({ min: 11, max: 1000 }), fc.integer({ min: -1000, max: -1 }), fc.double({ min: 0, max: 10, noInteger: true, noNaN: true })),
    (s: any, logLevel) => ({ ...s, driver: CsiDriver.awsEbs({ logLevel }) })),
  named('no volumeLifecycleModes', fc.constant([]), (s, volumeLifecycleModes) => withCsi({ spec: { volumeLifecycleModes } })(s)),
  named('a token audience twice', dnsLabel, (s, audience) => withCsi({ spec: { tokenRequests: [{ audience }, { audience }] } })(s)),
  named('a token expiration', fc.integer({ min: 1, max: 599 }).map(Duration.seconds), (s, expiration) => withCsi({ spec: { tokenRequests: [{ audience: 'a', expiration }] } })(s)),
  named('nodeAllocatableUpdatePeriod', fc.oneof(fc.integer({ min: 0, max: 9 }).map(Duration.seconds), badWholeSeconds),
    (s: any, nodeAllocatableUpdatePeriod) => ({ ...s, driver: CsiDriver.awsEbs({ nodeAllocatableUpdatePeriod }) })),
  named('socketPath', fc.oneof(dnsLabel, absolutePath.map(p => `${p}/`), dnsLabel.map(n => `/var/lib/kubelet/plugins_registry/${n}.sock`), fc.constant(`/run/${'s'.repeat(100)}/csi.sock`)),
    (s: any, socketPath) => ({ ...s, kubeletRoot: undefined, socketPath })),
  named('sidecarResources', badResources.filter(r => r !== undefined), set('sidecarResources')),
  named('terminationGracePeriod', badWholeSeconds, set('terminationGracePeriod')),
  named('extraArgs the agent sets', fc.constantFrom('--v=4', '--endpoint=unix:/x.sock', '--csi-mount-point-prefix=/x/', '--logging-format=json'),
    (s: any, a) => ({ ...s, driver: CsiDriver.awsEbs(), extraArgs: [a] })),
  named('extraEnv the agent sets', fc.constantFrom('CSI_ENDPOINT', 'CSI_NODE_NAME'), (s: any, n) => ({ ...s, extraEnv: { [n]: EnvValue.fromValue('x') } })),
);
