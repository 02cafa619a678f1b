/**
 * What the security agent refuses, each with the message that names the construct, the property,
 * the value and the fix: what Falco would refuse at start on every node, and what it would
 * accept and then never act on.
 */
import { Size } from 'cdk8s';
import { EnvValue } from 'cdk8s-plus-28';
import {
  FalcoContainerRuntime, FalcoDriver, FalcoOutput, FalcoRulesFile, FalcoRuleSelection, FalcoVersion, SecurityAgentDaemonSet,
  SecurityAgentDaemonSetProps, ValidationError,
} from '../../src';
import { newChart } from '../support/manifests';

function refusal(props: SecurityAgentDaemonSetProps): ValidationError {
  const chart = newChart();
  try {
    new SecurityAgentDaemonSet(chart, 'falco', props);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    // Refused before anything was built.
    expect(chart.node.findAll().some(c => c.node.id === 'DaemonSet')).toBe(false);
    return e as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

const rules = (content: string, name = 'custom.yaml') => FalcoRulesFile.fromYaml(name, content);

const CASES: [string, SecurityAgentDaemonSetProps, string][] = [
  ['a rules file without a YAML extension', { rulesFiles: [rules('- list: a\n  items: []\n', 'custom.rules')] },
    'test/falco: invalid rulesFiles[0].name: "custom.rules". Name the file with letters, digits, "-", "_" and ".", ending in ".yaml" or ".yml" (Falco skips other files), e.g. "custom-rules.yaml".'],
  ['a rules file that does not parse', { rulesFiles: [rules('- rule: [unclosed\n')] },
    'test/falco: invalid rulesFiles[0].content: "custom.yaml". Falco cannot parse the file:'],
  ['a rules file that is not a list', { rulesFiles: [rules('rule: Shell\ncondition: evt.type = execve\n')] },
    'test/falco: invalid rulesFiles[0].content: "custom.yaml". A Falco rules file is a YAML list of rules, macros and lists, each item starting with "- rule:", "- macro:" or "- list:".'],
  ['an item that is neither a rule, a macro nor a list', { rulesFiles: [rules('- name: Shell\n  condition: evt.type = execve\n')] },
    'test/falco: invalid rulesFiles[0].content[0]: "name, condition". Falco reads only the first kind an item declares and skips an item without one: declare exactly one of rule, macro, list, required_engine_version, required_plugin_versions.'],
  ['a misspelt key', { rulesFiles: [rules('- macro: m\n  condtion: evt.type = open\n')] },
    'test/falco: invalid rulesFiles[0].content[0].condtion: "condtion". Falco ignores keys its rules schema does not know, so the item would not do what it says: use rule, macro, list,'],
  ['two rules files of one name', { rulesFiles: [rules('- list: a\n  items: []\n'), rules('- list: b\n  items: []\n')] },
    'test/falco: invalid rulesFiles[1].name: "custom.yaml". Each rules file needs a name of its own (they share one directory): rename one.'],
  ['no rules at all', { defaultRules: false },
    'test/falco: invalid defaultRules: false. Falco would start without a single rule and detect nothing: give rulesFiles, or keep the default rules.'],
  ['an empty rule name in a selection', { ruleSelection: [FalcoRuleSelection.disableRule(' ')] },
    'test/falco: invalid ruleSelection[0]: " ". Give a rule name on one line, e.g. "Terminal shell in container".'],
  ['a tag with a space', { ruleSelection: [FalcoRuleSelection.enableTag('mitre discovery')] },
    'test/falco: invalid ruleSelection[0]: "mitre discovery". Give a tag without spaces, e.g. "mitre_discovery".'],
  ['no outputs', { outputs: [] },
    'test/falco: invalid outputs: []. Falco would detect and tell no one: give at least one output, e.g. [FalcoOutput.stdout()].'],
  ['two outputs of one kind', { outputs: [FalcoOutput.falcosidekick(), FalcoOutput.http({ url: 'https://hooks.example.com' })] },
    'test/falco: invalid outputs[1]: "http". Falco has one http output: give it once (falcosidekick is the http output, so it excludes another webhook).'],
  ['falcosidekick with text alerts', { outputs: [FalcoOutput.falcosidekick()], jsonOutput: false },
    'test/falco: invalid jsonOutput: false. falcosidekick parses JSON alerts: keep jsonOutput true, or send to a plain webhook with FalcoOutput.http().'],
  ['a webhook URL that is not a URL', { outputs: [FalcoOutput.http({ url: 'hooks.example.com/falco' })] },
    'test/falco: invalid outputs[0].url: "hooks.example.com/falco". Give an absolute http or https URL, e.g. "https://hooks.example.com/falco".'],
  ['a webhook that is not http', { outputs: [FalcoOutput.http({ url: 'ftp://hooks.example.com/falco' })] },
    'test/falco: invalid outputs[0].url: "ftp://hooks.example.com/falco". Falco\'s HTTP output posts over http or https: give an http:// or https:// URL.'],
  ['credentials in a webhook URL, without showing them', { outputs: [FalcoOutput.http({ url: 'https://user:s3cret@hooks.example.com/falco' })] },
    'test/falco: invalid outputs[0].url: "https://***@hooks.example.com/falco". The URL goes into a ConfigMap'],
  ['an empty program', { outputs: [FalcoOutput.program({ command: ' ' })] },
    'test/falco: invalid outputs[0].command: " ". Give the shell command alerts are piped to'],
  ['a relative file-output directory and a file name with a slash', { outputs: [FalcoOutput.file({ hostDirectory: 'var/log/falco', fileName: 'a/b.log' })] },
    'test/falco: invalid outputs[0].hostDirectory: "var/log/falco". Give an absolute node directory other than "/", without "..", e.g. "/var/log/falco".\ntest/falco: invalid outputs[0].fileName: "a/b.log". Give a file name without "/", e.g. "events.log" (the directory is hostDirectory).'],
  ['a ring buffer Falco has no preset for', { driver: FalcoDriver.modernEbpf({ bufferSize: Size.mebibytes(3) }) },
    'test/falco: invalid driver.bufferSize: "3072Ki". Falco sizes its ring buffers in powers of two from 1 MiB to 512 MiB: use e.g. Size.mebibytes(16).'],
  ['a fraction of a CPU per buffer', { driver: FalcoDriver.modernEbpf({ cpusForEachBuffer: 1.5 }) },
    'test/falco: invalid driver.cpusForEachBuffer: 1.5. Use a whole number of CPUs per ring buffer, 0 or more (0: one buffer for all CPUs), e.g. 2.'],
  ['a runtime socket listed twice', { containerRuntimes: [FalcoContainerRuntime.CONTAINERD, FalcoContainerRuntime.cri('/run/containerd/containerd.sock')] },
    'test/falco: invalid containerRuntimes[1]: "/run/containerd/containerd.sock". The socket is already listed: give each runtime once.'],
  ['a relative runtime socket', { containerRuntimes: [FalcoContainerRuntime.cri('run/crio/crio.sock')] },
    'test/falco: invalid containerRuntimes[0]: "run/crio/crio.sock". Give the socket\'s absolute path on the node, without "..", e.g. "/run/containerd/containerd.sock".'],
  ['unconfinedAppArmor with the kernel module', { driver: FalcoDriver.kernelModule(), unconfinedAppArmor: true },
    'test/falco: invalid unconfinedAppArmor: true. The kernel-module driver runs Falco privileged, which no AppArmor profile confines: drop unconfinedAppArmor.'],
  ['a ServiceMonitor without metrics', { metrics: false, serviceMonitor: true },
    'test/falco: invalid serviceMonitor: true. With metrics: false Falco serves no /metrics to scrape: set metrics: true, or drop the ServiceMonitor.'],
  ['-o over a key a prop sets', { extraArgs: ['-o', 'engine.kind=kmod'] },
    'test/falco: invalid extraArgs[0]: "-o". The agent writes engine in falco.yaml (the driver sets the containers\' privileges), and -o would override it: use driver instead.'],
  ['--option= over the outputs', { extraArgs: ['--option=http_output.url=http://x'] },
    'test/falco: invalid extraArgs[0]: "--option=http_output.url=http://x". The agent writes http_output in falco.yaml (it is an output), and -o would override it: use outputs instead.'],
  ['a rules file flag', { extraArgs: ['-r', '/etc/falco/other.yaml'] },
    'test/falco: invalid extraArgs[0]: "-r". The agent manages -r (Falco then ignores the rules_files of falco.yaml): use defaultRules and rulesFiles instead.'],
  ['another configuration file', { extraArgs: ['-c=/tmp/falco.yaml'] },
    'test/falco: invalid extraArgs[0]: "-c=/tmp/falco.yaml". The agent manages -c (Falco reads the agent\'s /etc/falco/falco.yaml): drop it from extraArgs.'],
  ['an env var the agent sets', { extraEnv: { HOST_ROOT: EnvValue.fromValue('/') } },
    'test/falco: invalid extraEnv[HOST_ROOT]: "HOST_ROOT". The agent manages HOST_ROOT (the node\'s paths are mounted under /host, where Falco and its container plugin look for them): drop it from extraEnv.'],
];

describe('SecurityAgentDaemonSet refuses', () => {
  test.each(CASES)('%s', (_name, props, message) => {
    const error = refusal(props);
    expect(error.message.startsWith(message)).toBe(true);
  });

  test('-o over a key no prop sets is passed on', () => {
    expect(() => new SecurityAgentDaemonSet(newChart(), 'falco', { extraArgs: ['-o', 'log_level=debug', '-osyscall_event_drops.threshold=0.2'] })).not.toThrow();
  });

  test('every problem at once', () => {
    const error = refusal({
      namespace: 'Falco',
      defaultRules: false,
      outputs: [FalcoOutput.stdout(), FalcoOutput.stdout()],
      driver: FalcoDriver.modernEbpf({ bufferSize: Size.mebibytes(1024) }),
      extraArgs: ['-o', 'priority=error'],
    });
    expect(error.problems.map(p => p.property)).toEqual(['namespace', 'driver.bufferSize', 'defaultRules', 'outputs[1]', 'extraArgs[0]']);
  });
});

describe('the building blocks refuse wrong values where they are made', () => {
  test('FalcoVersion.of refuses a "v" and a moving tag', () => {
    expect(() => FalcoVersion.of('v0.44.1')).toThrow('FalcoVersion.of: invalid version: "v0.44.1". Use a release number "major.minor.patch" without a "v", e.g. FalcoVersion.of(\'0.44.1\').');
    expect(() => FalcoVersion.of('latest')).toThrow(/invalid version: "latest"/);
  });

  test('FalcoVersion derives the driver loader of the same release', () => {
    expect(FalcoVersion.of('0.44.2').driverLoaderImage).toBe('docker.io/falcosecurity/falco-driver-loader:0.44.2');
    expect(FalcoVersion.V0_44_1.image).toBe('docker.io/falcosecurity/falco:0.44.1');
  });
});
