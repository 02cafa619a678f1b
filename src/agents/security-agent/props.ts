import { FalcoContainerRuntime } from './container-runtime';
import { FalcoDriver } from './driver';
import { FalcoOutput } from './outputs';
import { FalcoPriority, FalcoRulesFile, FalcoRuleSelection } from './rules';
import { FalcoVersion } from './version';
import { instanceOf, isBoolean, listOf, oneOf, optional, Schema } from '../../validation/guards';
import { AGENT_OPTIONS_SCHEMA, AgentOptions } from '../agent-options';
import { isServiceMonitorOptions, ServiceMonitorOptions } from '../service-monitor';

/**
 * Properties of a security agent.
 *
 * The shared options default, for this agent, to: `namespace` "falco"; `instance` "falco";
 * `nodeSelection` Linux nodes that are not virtual (Fargate, virtual-kubelet); `tolerations`
 * `[Toleration.everything()]`; `updateStrategy` a rolling update of 10% of the nodes at a time;
 * `resources` requests cpu 100m and memory 512Mi, a memory limit of 1024Mi and no CPU limit;
 * `syncWave` SyncWave.SECURITY (AGENT_DEFAULTS says why each).
 */
export interface SecurityAgentDaemonSetProps extends AgentOptions {
  /**
   * The Falco release; it sets the image tags and the `app.kubernetes.io/version` label.
   * @default FalcoVersion.V0_44_1
   */
  readonly version?: FalcoVersion;
  /**
   * How Falco receives the kernel's events. The modern eBPF probe runs with CAP_BPF,
   * CAP_PERFMON, CAP_SYS_RESOURCE and CAP_SYS_PTRACE instead of a privileged container; the
   * kernel module (FalcoDriver.kernelModule()) is the legacy driver, privileged, for kernels the
   * probe does not support.
   * @default FalcoDriver.modernEbpf()
   */
  readonly driver?: FalcoDriver;
  /**
   * The container runtimes whose sockets Falco reads container and pod names from. Each socket
   * must exist on every selected node (the pod does not start where one is missing); an empty
   * list reads none, and alerts then name containers by ID only.
   * @default [FalcoContainerRuntime.CONTAINERD]
   */
  readonly containerRuntimes?: FalcoContainerRuntime[];
  /**
   * Load the default rules the Falco image ships (falco-rules 5.1.0 with Falco 0.44.1), pinned by
   * the image: the rules change only when `version` does.
   * @default true
   */
  readonly defaultRules?: boolean;
  /**
   * Rules files of your own, loaded after the default rules, in this order (a later file can
   * override or append to an earlier one's rules, macros and lists).
   * @default - none
   */
  readonly rulesFiles?: FalcoRulesFile[];
  /**
   * Rules to switch off (or back on) by name or tag, applied in order after every rules file.
   * @default - none: every rule the rules files enable
   */
  readonly ruleSelection?: FalcoRuleSelection[];
  /**
   * The least severe alert Falco outputs.
   * @default FalcoPriority.DEBUG (every alert, as upstream)
   */
  readonly minimumPriority?: FalcoPriority;
  /**
   * Where alerts go; one of each kind.
   * @default [FalcoOutput.stdout()]
   */
  readonly outputs?: FalcoOutput[];
  /**
   * Write alerts as JSON objects (rule, priority, time, output fields, tags) instead of text
   * lines: what log pipelines, falcosidekick and webhooks parse.
   * @default true
   */
  readonly jsonOutput?: boolean;
  /**
   * Run the Falco container without an AppArmor profile, as the Falco chart's least-privileged
   * mode does: on AppArmor nodes (Ubuntu, COS) the runtime's default profile lets a container
   * ptrace-read only processes under the same profile, so Falco could not read /proc/<pid>/exe,
   * cwd, root or environ of the node's and other pods' processes, and alerts would miss their
   * details (falcosecurity/charts 1310e60). Pod Security's baseline level forbids it; turn it off
   * where nodes have no AppArmor. Not for the kernel-module driver, whose privileged container
   * is unconfined anyway.
   * @default - true with the modern eBPF driver
   */
  readonly unconfinedAppArmor?: boolean;
  /**
   * Serve Falco's Prometheus metrics (event rates, kernel drops, rule counters, resource use)
   * at /metrics on port 8765, with a headless Service carrying scrape annotations.
   * @default true
   */
  readonly metrics?: boolean;
  /**
   * Emit a prometheus-operator ServiceMonitor (the CRD must exist in the cluster); needs `metrics`.
   * @default - only when `serviceMonitorOptions` is given
   */
  readonly serviceMonitor?: boolean;
  /**
   * The ServiceMonitor's options; giving them asks for the ServiceMonitor.
   * @default - interval 15s (the chart's), scrapeTimeout 10s, instance = node name
   */
  readonly serviceMonitorOptions?: ServiceMonitorOptions;
}

/** The runtime shape of SecurityAgentDaemonSetProps, checked before anything reads them. */
export const SECURITY_AGENT_PROPS_SCHEMA: Schema<SecurityAgentDaemonSetProps> = {
  ...AGENT_OPTIONS_SCHEMA,
  version: optional(instanceOf(FalcoVersion, 'FalcoVersion.V0_44_1')),
  driver: optional(instanceOf(FalcoDriver, 'FalcoDriver.modernEbpf()')),
  containerRuntimes: optional(listOf(instanceOf(FalcoContainerRuntime, 'FalcoContainerRuntime.CONTAINERD'))),
  defaultRules: optional(isBoolean),
  rulesFiles: optional(listOf(instanceOf(FalcoRulesFile, 'FalcoRulesFile.fromYaml("custom-rules.yaml", "...")'))),
  ruleSelection: optional(listOf(instanceOf(FalcoRuleSelection, 'FalcoRuleSelection.disableTag("mitre_discovery")'))),
  minimumPriority: optional(oneOf(FalcoPriority, 'FalcoPriority')),
  outputs: optional(listOf(instanceOf(FalcoOutput, 'FalcoOutput.stdout()'))),
  jsonOutput: optional(isBoolean),
  unconfinedAppArmor: optional(isBoolean),
  metrics: optional(isBoolean),
  serviceMonitor: optional(isBoolean),
  serviceMonitorOptions: optional(isServiceMonitorOptions),
};
