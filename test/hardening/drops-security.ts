/**
 * No-silent-drops tables for the security agent and its building blocks: every prop of
 * SecurityAgentDaemonSetProps (the shared options included), of both drivers' options and of the
 * outputs' options, each looked up where Falco or Kubernetes reads it (falco.yaml's values
 * inside its ConfigMap).
 */
import { Duration, Size } from 'cdk8s';
import { DropTable } from './drops';
import { addUnpinnedSidecar, once, shared, sharedRows } from './drops-agents';
import {
  FalcoContainerRuntime, FalcoDriver, FalcoOutput, FalcoPriority, FalcoRulesFile, FalcoRuleSelection, FalcoVersion, SecurityAgentDaemonSet,
} from '../../src';

const POD = 'DaemonSet/drop-falco spec.template.spec';
const FALCO = `${POD}.containers[name=falco]`;
const CONFIG = 'ConfigMap/drop-falco-config data["falco.yaml"](yaml)';
const KMOD_CONFIG = 'ConfigMap/drop-falco-kmod-config data["falco.yaml"](yaml)';
const DROP_RULES = '- list: drop_list\n  items: [drop]\n';

export const securityObjects = once(chart => {
  addUnpinnedSidecar(new SecurityAgentDaemonSet(chart, 'falco', {
    ...shared('falco', ['-U']),
    version: FalcoVersion.of('0.44.2'),
    driver: FalcoDriver.modernEbpf({ sysAdmin: true, bufferSize: Size.mebibytes(16), cpusForEachBuffer: 3 }),
    containerRuntimes: [FalcoContainerRuntime.CRIO],
    rulesFiles: [FalcoRulesFile.fromYaml('drop.yaml', DROP_RULES)],
    ruleSelection: [FalcoRuleSelection.disableTag('drop_tag')],
    minimumPriority: FalcoPriority.ERROR,
    outputs: [
      FalcoOutput.http({ url: 'https://drop.example.com/falco', insecure: true, userAgent: 'drop-agent', compressUploads: true, keepAlive: true }),
      FalcoOutput.file({ hostDirectory: '/drop/falco', fileName: 'drop.log', keepAlive: true }),
      FalcoOutput.program({ command: 'drop-command', keepAlive: true }),
    ],
    jsonOutput: false,
    unconfinedAppArmor: false,
    serviceMonitor: true,
    serviceMonitorOptions: { interval: Duration.seconds(37) },
  }));
  // What excludes the above: the kernel module, metrics off, only your own rules.
  new SecurityAgentDaemonSet(chart, 'falco-kmod', {
    namespace: 'drop-ns-falco',
    instance: 'drop-falco-kmod',
    createNamespace: false,
    driver: FalcoDriver.kernelModule({ bufferSize: Size.mebibytes(32) }),
    defaultRules: false,
    rulesFiles: [FalcoRulesFile.fromYaml('drop.yaml', DROP_RULES)],
    metrics: false,
  });
});

export const securityTables: DropTable[] = [
  {
    struct: 'SecurityAgentDaemonSetProps',
    synth: securityObjects,
    rows: {
      ...sharedRows('falco', 'falco', { 'containers[name=falco]': 'falcosecurity/falco:0.44.2' }, '-U'),
      version: { at: 'DaemonSet/drop-falco metadata.labels["app.kubernetes.io/version"]', is: '0.44.2' },
      driver: { at: `${FALCO}.securityContext.capabilities.add`, is: ['SYS_ADMIN', 'SYS_RESOURCE', 'SYS_PTRACE'] },
      containerRuntimes: { at: `${POD}.volumes[name=crio-socket].hostPath.path`, is: '/run/crio/crio.sock' },
      defaultRules: { at: `${KMOD_CONFIG}.rules_files`, is: ['/etc/falco/rules.d/drop.yaml'] },
      rulesFiles: { at: 'ConfigMap/drop-falco-rules data["drop.yaml"]', is: DROP_RULES },
      ruleSelection: { at: `${CONFIG}.rules`, is: [{ disable: { tag: 'drop_tag' } }] },
      minimumPriority: { at: `${CONFIG}.priority`, is: 'error' },
      outputs: { at: `${CONFIG}.program_output.program`, is: 'drop-command' },
      jsonOutput: { at: `${CONFIG}.json_output`, is: false },
      unconfinedAppArmor: { at: 'DaemonSet/drop-falco spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/falco"]', is: undefined },
      metrics: { at: 'Service/drop-falco-kmod', is: undefined },
      serviceMonitor: { at: 'ServiceMonitor/drop-falco spec.endpoints[0].port', is: 'http' },
      serviceMonitorOptions: { at: 'ServiceMonitor/drop-falco spec.endpoints[0].interval', is: '37s' },
    },
  },
  {
    struct: 'FalcoModernEbpfOptions',
    synth: securityObjects,
    rows: {
      sysAdmin: { at: `${FALCO}.securityContext.capabilities.add`, has: 'SYS_ADMIN' },
      bufferSize: { at: `${CONFIG}.engine.modern_ebpf.buf_size_preset`, is: 5 },
      cpusForEachBuffer: { at: `${CONFIG}.engine.modern_ebpf.cpus_for_each_buffer`, is: 3 },
    },
  },
  {
    struct: 'FalcoKernelModuleOptions',
    synth: securityObjects,
    rows: { bufferSize: { at: `${KMOD_CONFIG}.engine.kmod.buf_size_preset`, is: 6 } },
  },
  {
    struct: 'FalcoHttpOutputOptions',
    synth: securityObjects,
    rows: {
      url: { at: `${CONFIG}.http_output.url`, is: 'https://drop.example.com/falco' },
      insecure: { at: `${CONFIG}.http_output.insecure`, is: true },
      userAgent: { at: `${CONFIG}.http_output.user_agent`, is: 'drop-agent' },
      compressUploads: { at: `${CONFIG}.http_output.compress_uploads`, is: true },
      keepAlive: { at: `${CONFIG}.http_output.keep_alive`, is: true },
    },
  },
  {
    struct: 'FalcoFileOutputOptions',
    synth: securityObjects,
    rows: {
      hostDirectory: { at: `${POD}.volumes[name=file-output].hostPath.path`, is: '/drop/falco' },
      fileName: { at: `${CONFIG}.file_output.filename`, is: '/var/run/falco-file-output/drop.log' },
      keepAlive: { at: `${CONFIG}.file_output.keep_alive`, is: true },
    },
  },
  {
    struct: 'FalcoProgramOutputOptions',
    synth: securityObjects,
    rows: {
      command: { at: `${CONFIG}.program_output.program`, is: 'drop-command' },
      keepAlive: { at: `${CONFIG}.program_output.keep_alive`, is: true },
    },
  },
];
