/**
 * The security agent against upstream at its pinned release: every falco.yaml it writes is
 * checked with Falco 0.44.1's own configuration schema, the container plugin's settings with the
 * plugin 0.7.1's schema (the one Falco 0.44.1 bundles), and its Pod Security findings are
 * counted against the Falco chart 9.1.0's.
 *
 * The schemas in test/agents/falco/ are copied verbatim from the JSON in
 * falcosecurity/falco 0.44.1 userspace/falco/config_json_schema.h and
 * userspace/engine/rule_json_schema.h, and falcosecurity/plugins plugins/container/v0.7.1
 * src/plugin_config_schema.h.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { Size } from 'cdk8s';
import * as YAML from 'yaml';
import { CHART_DEFAULT, CHART_LEAST_PRIVILEGED } from './falco/chart-9.1.0';
import {
  FalcoContainerRuntime, FalcoDriver, FalcoOutput, FalcoPriority, FalcoRulesFile, FalcoRuleSelection, PrivilegeAudit,
  SecurityAgentDaemonSet, SecurityAgentDaemonSetProps,
} from '../../src';
import { podSecurityLevel, podSecurityViolations, PodSecurityViolation } from '../../src/audit/pod-security';
import { Manifest, newChart, only, synth } from '../support/manifests';

const schema = (file: string) => JSON.parse(fs.readFileSync(path.join(__dirname, 'falco', file), 'utf8'));
const CONFIG_SCHEMA = schema('falco-0.44.1-config-schema.json');
const RULE_SCHEMA = schema('falco-0.44.1-rule-schema.json');
const { $schema: _draft04, ...PLUGIN_SCHEMA } = schema('container-plugin-0.7.1-config-schema.json');
const DRAFT_06 = JSON.parse(fs.readFileSync(require.resolve('ajv/dist/refs/json-schema-draft-06.json'), 'utf8'));

// Falco's schemas are draft-06 (the plugin's draft-04, whose keywords here mean the same); they
// use one keyword of their own ("qt-uri-protocols"), which strict mode would refuse.
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(DRAFT_06);
ajv.addFormat('uri', (value: string) => URL.canParse(value));
const validConfig = ajv.compile(CONFIG_SCHEMA);
const validRules = ajv.compile(RULE_SCHEMA);
const validPluginConfig = ajv.compile(PLUGIN_SCHEMA);

function objects(props: SecurityAgentDaemonSetProps = {}): Manifest[] {
  const chart = newChart();
  new SecurityAgentDaemonSet(chart, 'falco', props);
  return synth(chart);
}
const configOf = (objs: Manifest[]): any => YAML.parse(only(objs, 'ConfigMap', 'falco-config').data['falco.yaml']);

const SHELL_RULE = `
- rule: Shell in production
  desc: A shell was started in a production namespace.
  condition: spawned_process and container and proc.name in (bash, sh) and k8s.ns.name startswith "prod-"
  output: Shell in production (command=%proc.cmdline container=%container.name)
  priority: WARNING
  tags: [production, mitre_execution]
- macro: prod_namespace
  condition: k8s.ns.name startswith "prod-"
- list: extra_shells
  items: [zsh, fish]
- rule: Terminal shell in container
  condition: and not prod_namespace
  override:
    condition: append
`;

/** Configurations covering every prop that writes falco.yaml. */
const CONFIGURATIONS: [string, SecurityAgentDaemonSetProps][] = [
  ['the defaults', {}],
  ['every output, rules, a selection, a priority', {
    outputs: [
      FalcoOutput.stdout(), FalcoOutput.syslog(), FalcoOutput.file({ keepAlive: true }), FalcoOutput.falcosidekick(),
      FalcoOutput.program({ command: 'jq -c . | logger -t falco' }),
    ],
    rulesFiles: [FalcoRulesFile.fromYaml('production.yaml', SHELL_RULE)],
    ruleSelection: [FalcoRuleSelection.disableTag('maturity_incubating'), FalcoRuleSelection.enableRule('Read sensitive file*')],
    minimumPriority: FalcoPriority.NOTICE,
  }],
  ['a webhook, text alerts, no metrics, every runtime', {
    outputs: [FalcoOutput.http({ url: 'https://hooks.example.com/falco', insecure: true, userAgent: 'a', compressUploads: true, keepAlive: true })],
    jsonOutput: false,
    metrics: false,
    containerRuntimes: [
      FalcoContainerRuntime.CONTAINERD, FalcoContainerRuntime.CRIO, FalcoContainerRuntime.K3S_CONTAINERD, FalcoContainerRuntime.DOCKER,
    ],
  }],
  ['the kernel module, no container runtime, only your rules', {
    driver: FalcoDriver.kernelModule({ bufferSize: Size.mebibytes(512) }),
    containerRuntimes: [],
    defaultRules: false,
    rulesFiles: [FalcoRulesFile.fromYaml('production.yaml', SHELL_RULE)],
  }],
  ['the modern probe on an older kernel, one buffer for all CPUs', {
    driver: FalcoDriver.modernEbpf({ sysAdmin: true, bufferSize: Size.mebibytes(1), cpusForEachBuffer: 0 }),
  }],
];

describe('falco.yaml against Falco 0.44.1', () => {
  test.each(CONFIGURATIONS)('%s: every key and value is one Falco\'s configuration schema accepts', (_name, props) => {
    const config = configOf(objects(props));
    validConfig(config);
    expect(validConfig.errors ?? []).toEqual([]);
  });

  test.each(CONFIGURATIONS)('%s: the container plugin\'s settings pass the plugin\'s own schema', (_name, props) => {
    for (const plugin of configOf(objects(props)).plugins) {
      validPluginConfig(plugin.init_config);
      expect(validPluginConfig.errors ?? []).toEqual([]);
    }
  });

  test('the top-level keys of the default falco.yaml, in order', () => {
    expect(Object.keys(configOf(objects()))).toEqual([
      'config_files', 'watch_config_files', 'rules_files', 'engine', 'load_plugins', 'plugins', 'plugins_hostinfo', 'time_format_iso_8601',
      'priority', 'json_output', 'json_include_output_property', 'json_include_message_property', 'json_include_output_fields_property',
      'json_include_tags_property', 'buffered_outputs', 'rule_matching', 'append_output', 'stdout_output', 'webserver', 'log_stderr',
      'log_syslog', 'log_level', 'libs_logger', 'output_timeout', 'syscall_event_timeouts', 'syscall_event_drops', 'metrics',
    ]);
  });

  test('the schema is the real one: it refuses a key Falco does not know and an out-of-range value', () => {
    expect(validConfig({ ...configOf(objects()), json_outptu: true })).toBe(false);
    expect(validConfig({ ...configOf(objects()), capture: { mode: 'some_rules' } })).toBe(false);
  });

  test('the example rules file passes Falco\'s rules schema, which the agent\'s own check agrees with', () => {
    expect(validRules(YAML.parse(SHELL_RULE))).toBe(true);
    const misspelt = '- rule: r\n  conditon: evt.type = open\n';
    expect(validRules(YAML.parse(misspelt))).toBe(false);
    expect(() => objects({ rulesFiles: [FalcoRulesFile.fromYaml('r.yaml', misspelt)] })).toThrow(/invalid rulesFiles\[0\]\.content\[0\]\.conditon: "conditon"/);
  });
});

describe('Pod Security findings against the Falco chart 9.1.0', () => {
  const findings = (pod: any, annotations: Record<string, string>): PodSecurityViolation[] => podSecurityViolations(pod, annotations);
  const ours = (props: SecurityAgentDaemonSetProps = {}) => {
    const template = only(objects(props), 'DaemonSet').spec.template;
    return findings(template.spec, template.metadata.annotations ?? {});
  };
  const controls = (v: PodSecurityViolation[]) => v.map(f => `${f.control}: ${f.privilege}`).sort();

  test('the chart\'s defaults (driver auto): 30 findings, two privileged containers among them', () => {
    const chart = findings(CHART_DEFAULT.spec, CHART_DEFAULT.annotations);
    expect(chart).toHaveLength(30);
    expect(chart.filter(f => f.control === 'Privileged Containers')).toHaveLength(2);
    expect(chart.filter(f => f.control === 'HostPath Volumes')).toHaveLength(14);
  });

  test('the chart\'s least-privileged mode: 29 findings', () => {
    expect(findings(CHART_LEAST_PRIVILEGED.spec, CHART_LEAST_PRIVILEGED.annotations)).toHaveLength(29);
  });

  test('ours by default: 10 findings, each of them justified, fewer than either chart mode', () => {
    const mine = ours();
    expect(controls(mine)).toEqual([
      'AppArmor: appArmor.falco',
      'Capabilities: capability.BPF',
      'Capabilities: capability.PERFMON',
      'Capabilities: capability.SYS_PTRACE',
      'Capabilities: capability.SYS_RESOURCE',
      'HostPath Volumes: hostPath.containerd-socket',
      'HostPath Volumes: hostPath.etc',
      'HostPath Volumes: hostPath.proc',
      'HostPath Volumes: hostPath.tracefs',
      'Running as Non-root: runAsRoot.falco',
    ]);
    expect(mine.length).toBeLessThan(findings(CHART_LEAST_PRIVILEGED.spec, CHART_LEAST_PRIVILEGED.annotations).length);
    expect(podSecurityLevel(mine)).toBe('privileged');
    const report = PrivilegeAudit.audit(objects());
    expect(report.daemonSets[0].violations.map(f => f.privilege).sort()).toEqual(mine.map(f => f.privilege).sort());
    expect(PrivilegeAudit.unjustifiedCount(report)).toBe(0);
  });

  test('ours with the kernel module: 14 findings against the chart\'s 30 for the same driver', () => {
    const mine = ours({ driver: FalcoDriver.kernelModule() });
    expect(controls(mine)).toEqual([
      'Capabilities: privileged.falco',
      'Capabilities: privileged.falco-driver-loader',
      'HostPath Volumes: hostPath.boot',
      'HostPath Volumes: hostPath.containerd-socket',
      'HostPath Volumes: hostPath.dev',
      'HostPath Volumes: hostPath.etc',
      'HostPath Volumes: hostPath.lib-modules',
      'HostPath Volumes: hostPath.proc',
      'HostPath Volumes: hostPath.sys-module',
      'HostPath Volumes: hostPath.usr',
      'Privileged Containers: privileged.falco',
      'Privileged Containers: privileged.falco-driver-loader',
      'Running as Non-root: runAsRoot.falco',
      'Running as Non-root: runAsRoot.falco-driver-loader',
    ]);
    expect(mine.length).toBeLessThan(findings(CHART_DEFAULT.spec, CHART_DEFAULT.annotations).length);
  });
});
