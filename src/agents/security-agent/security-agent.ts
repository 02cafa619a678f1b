import { ApiObject, Duration, Size } from 'cdk8s';
import { Capability, ConfigMap, Container, ContainerSecurityContextProps, Cpu, EnvValue, Probe, Volume } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { falcoAlerts } from './alerts';
import { optionArgProblems, settingsProblems } from './checks';
import { FalcoContainerRuntime } from './container-runtime';
import { FalcoDriver } from './driver';
import {
  CONFIG_PATH, FalcoConfig, HEALTHZ_PATH, HOST_ROOT, renderFalcoConfig, RULES_DIRECTORY, WEB_PORT,
} from './falco-config';
import { mountHostPaths } from './host-mounts';
import { FalcoOutput } from './outputs';
import { SECURITY_AGENT_PROPS_SCHEMA, SecurityAgentDaemonSetProps } from './props';
import { FalcoPriority } from './rules';
import { FalcoVersion } from './version';
import { AgentService } from '../../base/discovery';
import { DownwardApi } from '../../base/downward-api';
import { NodeSelection } from '../../base/node-selection';
import { Privilege } from '../../base/privileges';
import { sha256 } from '../../base/sha256';
import { Toleration } from '../../base/tolerations';
import { UpdateLimit, UpdateStrategy } from '../../base/update-strategy';
import { SyncWave } from '../../gitops/sync-wave';
import { checkConstruction } from '../../validation/guards';
import { AgentBase, AgentDefaults, ManagedSetting } from '../agent-base';
import { addServiceMonitor, serviceMonitorProblems, serviceMonitorRequested } from '../service-monitor';

/**
 * The shared options' defaults. Upstream: the Falco chart 9.1.0 (falcosecurity/charts,
 * charts/falco/values.yaml and templates/pod-template.tpl at tag falco-9.1.0).
 */
export const AGENT_DEFAULTS: AgentDefaults = {
  // The namespace Falco's documentation installs the chart into.
  namespace: 'falco',
  // Linux only (Falco reads the Linux kernel), and never Fargate or virtual-kubelet nodes, which
  // have no kernel of their own for a DaemonSet pod to watch.
  nodeSelection: NodeSelection.linux().and(NodeSelection.excludeVirtualNodes()),
  // Every taint: the chart tolerates only the control-plane taints, so any other tainted pool
  // (GPU, dedicated, NoExecute) runs unwatched, and an attacker's pod that tolerates a taint
  // lands where no detector runs.
  tolerations: [Toleration.everything()],
  // 10% at a time (the chart: one node): each restart is a short detection gap on its node, and a
  // node at a time takes hours on a large cluster; a Falco that fails to start stops the rollout
  // there, as its pods never become ready.
  updateStrategy: UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.percent(10) }),
  // The chart's requests and memory limit. No CPU limit (the chart has 1000m): a throttled Falco
  // falls behind the kernel and drops events, the one failure a detector must not have.
  resources: {
    cpu: { request: Cpu.millis(100) },
    memory: { request: Size.mebibytes(512), limit: Size.mebibytes(1024) },
  },
  syncWave: SyncWave.SECURITY,
};

/** The defaults of the security agent's own props; the props document them with `@default`. */
const DEFAULTS = {
  name: 'falco',
  component: 'security',
  version: FalcoVersion.V0_44_1,
  containerRuntimes: [FalcoContainerRuntime.CONTAINERD],
  minimumPriority: FalcoPriority.DEBUG,
  // The chart's probes: Falco answers /healthz once rules are loaded and the driver is open,
  // which the startup probe allows 100 s for (3 s, then 20 tries 5 s apart).
  startup: { initialDelay: Duration.seconds(3), period: Duration.seconds(5), timeout: Duration.seconds(5), failureThreshold: 20 },
  probe: { period: Duration.seconds(15), timeout: Duration.seconds(5), failureThreshold: 3 },
  // The chart's ServiceMonitor interval.
  serviceMonitorInterval: Duration.seconds(15),
  // The driver loader downloads, or compiles, the module: the chart sets it no resources.
  loaderResources: {
    cpu: { request: Cpu.millis(100) },
    memory: { request: Size.mebibytes(256), limit: Size.mebibytes(1024) },
  },
};

const CONTAINER_NAME = 'falco';
const LOADER_NAME = 'falco-driver-loader';
const PORT_NAME = 'http';
const APPARMOR_ANNOTATION = `container.apparmor.security.beta.kubernetes.io/${CONTAINER_NAME}`;

const MANAGED_ENV: Record<string, ManagedSetting> = {
  HOST_ROOT: { reason: `the node's paths are mounted under ${HOST_ROOT}, where Falco and its container plugin look for them` },
  FALCO_HOSTNAME: { reason: 'the downward API gives each pod its own node\'s name, which alerts carry as `hostname`' },
};
const MANAGED_FLAGS: Record<string, ManagedSetting> = {
  '-c': { reason: `Falco reads the agent's ${CONFIG_PATH}`, fix: 'drop it from extraArgs' },
  '-r': { reason: 'Falco then ignores the rules_files of falco.yaml', prop: 'defaultRules and rulesFiles' },
};

/**
 * Falco on every Linux node: runtime threat detection from the kernel's system calls (shells in
 * containers, reads of sensitive files, unexpected network connections, privilege escalation,
 * container escapes), with the default rules pinned by the image plus rules of your own.
 *
 * By default Falco runs the modern eBPF probe built into its binary, with four capabilities
 * instead of a privileged container, reads the node's /proc and /etc read-only, and asks the
 * container runtime for container and pod names. Emits the DaemonSet, its ServiceAccount (no API
 * access), a ConfigMap with falco.yaml (and one with your rules files), a headless metrics
 * Service, and a ServiceMonitor on request.
 *
 * @example
 * new SecurityAgentDaemonSet(chart, 'falco', {
 *   outputs: [FalcoOutput.stdout(), FalcoOutput.falcosidekick()],
 *   ruleSelection: [FalcoRuleSelection.disableTag('maturity_incubating')],
 * });
 */
export class SecurityAgentDaemonSet extends AgentBase {
  /** The ConfigMap holding falco.yaml. */
  public readonly configMap: ConfigMap;
  /** The ConfigMap holding your rules files, when there are any. */
  public readonly rulesConfigMap?: ConfigMap;
  /** The headless metrics Service, when metrics are on. */
  public readonly service?: AgentService;
  /** The ServiceMonitor, when asked for. */
  public readonly serviceMonitor?: ApiObject;
  /** The Falco release. */
  public readonly version: FalcoVersion;
  /** How Falco receives the kernel's events. */
  public readonly driver: FalcoDriver;
  /** The driver loader init container (kernel-module driver only). */
  public readonly driverLoader?: Container;

  public constructor(scope: Construct, id: string, props: SecurityAgentDaemonSetProps = {}) {
    checkConstruction(scope, id, props, SECURITY_AGENT_PROPS_SCHEMA, 'SecurityAgentDaemonSet');
    const version = props.version ?? DEFAULTS.version;
    super(scope, id, props, { name: DEFAULTS.name, component: DEFAULTS.component, version: version.version }, AGENT_DEFAULTS);
    this.version = version;
    this.driver = props.driver ?? FalcoDriver.modernEbpf();
    const privileged = this.driver.privileged;
    const unconfined = !privileged && (props.unconfinedAppArmor ?? true);
    const metrics = props.metrics ?? true;
    const config: FalcoConfig = {
      driver: this.driver,
      defaultRules: props.defaultRules ?? true,
      rulesFiles: props.rulesFiles ?? [],
      ruleSelection: props.ruleSelection ?? [],
      minimumPriority: props.minimumPriority ?? DEFAULTS.minimumPriority,
      jsonOutput: props.jsonOutput ?? true,
      outputs: props.outputs ?? [FalcoOutput.stdout()],
      containerRuntimes: props.containerRuntimes ?? DEFAULTS.containerRuntimes,
      metrics,
    };
    const wantsMonitor = serviceMonitorRequested(props.serviceMonitor, props.serviceMonitorOptions);

    this._deploy({
      problems: [
        ...this.driver._problems('driver'),
        ...settingsProblems({
          ...config,
          privileged,
          unconfinedAppArmor: props.unconfinedAppArmor,
          outputsGiven: props.outputs !== undefined,
          serviceMonitorRequested: wantsMonitor,
        }),
        ...config.ruleSelection.flatMap((s, i) => s._problems(`ruleSelection[${i}]`)),
        ...optionArgProblems(props.extraArgs ?? []),
        ...serviceMonitorProblems(props.serviceMonitor, props.serviceMonitorOptions, { interval: DEFAULTS.serviceMonitorInterval }),
      ],
      // The metrics Service is named after the instance.
      instanceNamesService: true,
      alerts: { monitored: wantsMonitor, rules: falcoAlerts },
      daemonSet: {
        podMetadata: unconfined ? { annotations: { [APPARMOR_ANNOTATION]: 'unconfined' } } : undefined,
      },
      container: {
        name: CONTAINER_NAME,
        image: this.version.image,
        command: ['/usr/bin/falco'],
        ports: [{ number: WEB_PORT, name: PORT_NAME }],
        envVariables: {
          HOST_ROOT: EnvValue.fromValue(HOST_ROOT),
          FALCO_HOSTNAME: DownwardApi.nodeName(),
        },
        securityContext: falcoSecurity(this.driver),
        startup: probe(DEFAULTS.startup),
        liveness: probe(DEFAULTS.probe),
        readiness: probe(DEFAULTS.probe),
      },
      env: MANAGED_ENV,
      flags: MANAGED_FLAGS,
    });

    this.configMap = new ConfigMap(this, 'Config', {
      metadata: { name: `${this.instance}-config`, namespace: this.namespace, labels: this.daemonSet.labels },
      data: { 'falco.yaml': renderFalcoConfig(config) },
    });
    this.container.mount(CONFIG_PATH, Volume.fromConfigMap(this, 'ConfigVolume', this.configMap, { name: 'config' }), { subPath: 'falco.yaml', readOnly: true });
    if (config.rulesFiles.length > 0) {
      this.rulesConfigMap = new ConfigMap(this, 'Rules', {
        metadata: { name: `${this.instance}-rules`, namespace: this.namespace, labels: this.daemonSet.labels },
        data: Object.fromEntries(config.rulesFiles.map(f => [f.name, f.content])),
      });
      this.container.mount(RULES_DIRECTORY, Volume.fromConfigMap(this, 'RulesVolume', this.rulesConfigMap, { name: 'rules' }), { readOnly: true });
    }
    // Falco reads its configuration and rules only at start: a change must restart the pods.
    const checksum = sha256(JSON.stringify([this.configMap.data, this.rulesConfigMap?.data ?? {}]));
    this.daemonSet.podMetadata.addAnnotation('checksum/config', checksum);

    if (privileged) this.driverLoader = this.addDriverLoader();
    mountHostPaths(this.daemonSet, this.container, this.driverLoader, config);
    this.justifyPrivileges(unconfined);

    if (metrics) {
      // Headless: each node's Falco is its own scrape target.
      this.service = this.daemonSet.exposeViaService({
        ports: [{ name: PORT_NAME, port: WEB_PORT, targetPort: WEB_PORT }],
        scrape: { port: WEB_PORT },
      });
    }
    if (wantsMonitor) {
      this.serviceMonitor = addServiceMonitor({
        agent: this.daemonSet, port: PORT_NAME, path: '/metrics', interval: DEFAULTS.serviceMonitorInterval, honorLabels: false,
      }, props.serviceMonitorOptions);
    }
  }

  /** The kernel-module driver's loader: downloads or builds the module and loads it, privileged. */
  private addDriverLoader(): Container {
    return this.daemonSet.addInitContainer({
      name: LOADER_NAME,
      image: this.version.driverLoaderImage,
      args: ['kmod'],
      envVariables: {
        HOST_ROOT: EnvValue.fromValue(HOST_ROOT),
        // The chart's setting for an explicit driver: the loader only loads it, and leaves
        // falco.yaml (the agent's) alone.
        FALCOCTL_DRIVER_CONFIG_UPDATE_FALCO: EnvValue.fromValue('false'),
      },
      resources: DEFAULTS.loaderResources,
      // It compiles the module where no prebuilt one fits, in paths the image does not document.
      securityContext: { ensureNonRoot: false, user: 0, privileged: true, allowPrivilegeEscalation: true, readOnlyRootFilesystem: false },
    });
  }

  private justifyPrivileges(unconfined: boolean): void {
    const ds = this.daemonSet;
    ds.justify(Privilege.runAsRoot(CONTAINER_NAME), 'Falco reads every process\'s /proc entries and the node\'s /etc, and its capabilities only take effect for uid 0: Kubernetes grants no ambient capabilities to other users.');
    if (this.driver.privileged) {
      ds.justify(Privilege.privileged(CONTAINER_NAME), 'The kernel-module driver (driver: FalcoDriver.kernelModule()): Falco reads the module\'s per-CPU devices /dev/falco*, which Falco documents as needing full privileges ("The kernel module requires full privileges and cannot run with Linux capabilities"). The modern eBPF driver, the default, needs no privileged container.');
      ds.justify(Privilege.privileged(LOADER_NAME), 'Loads the Falco kernel module into the node\'s kernel (insmod needs CAP_SYS_MODULE and access to the node\'s modules), after downloading it or building it from the node\'s headers. Only with the kernel-module driver.');
      ds.justify(Privilege.runAsRoot(LOADER_NAME), 'Loading a kernel module and reading the node\'s /boot, /lib/modules and /usr take uid 0.');
    } else {
      const why: Record<string, string> = {
        [Capability.BPF]: 'Loads the modern eBPF probe\'s programs and maps into the kernel (bpf()); Falco\'s documented least-privileged set (falco.org, Kernel Events: least privileged mode).',
        [Capability.PERFMON]: 'Attaches the probe\'s tracing programs to the kernel\'s syscall tracepoints (Linux 5.8 split this out of CAP_SYS_ADMIN); Falco\'s documented least-privileged set.',
        [Capability.SYS_ADMIN]: 'Loads and attaches the modern eBPF probe on a kernel older than 5.8, where CAP_BPF and CAP_PERFMON do not exist yet: set by FalcoDriver.modernEbpf({ sysAdmin: true }).',
        [Capability.SYS_RESOURCE]: 'Raises RLIMIT_MEMLOCK (setrlimit) so the probe\'s BPF maps and ring buffers can be locked in memory; Falco\'s documented least-privileged set.',
        [Capability.SYS_PTRACE]: 'Reads /proc/<pid>/environ, exe, cwd and root of processes of other users (the node\'s and other pods\'), which the kernel allows only with ptrace read access; Falco\'s documented least-privileged set.',
      };
      for (const capability of this.driver._capabilities) ds.justify(Privilege.capability(capability), why[capability]);
    }
    if (unconfined) {
      ds.justify(Privilege.appArmorUnconfined(CONTAINER_NAME), 'On AppArmor nodes the runtime\'s default profile (cri-containerd.apparmor.d) lets a container ptrace-read only processes under the same profile, so Falco could not read other processes\' /proc entries and alerts would miss their details; the Falco chart runs its least-privileged mode unconfined for this (falcosecurity/charts 1310e60). Turn off with unconfinedAppArmor: false.');
    }
  }
}

/** The Falco container's security context for its driver. */
function falcoSecurity(driver: FalcoDriver): ContainerSecurityContextProps {
  const base = { ensureNonRoot: false, user: 0, readOnlyRootFilesystem: true };
  if (driver.privileged) {
    // Kubernetes refuses allowPrivilegeEscalation: false on a privileged container.
    return { ...base, privileged: true, allowPrivilegeEscalation: true };
  }
  return { ...base, privileged: false, allowPrivilegeEscalation: false, capabilities: { drop: [Capability.ALL], add: driver._capabilities } };
}

function probe(p: { initialDelay?: Duration; period: Duration; timeout: Duration; failureThreshold: number }): Probe {
  return Probe.fromHttpGet(HEALTHZ_PATH, {
    port: WEB_PORT,
    initialDelaySeconds: p.initialDelay,
    periodSeconds: p.period,
    timeoutSeconds: p.timeout,
    failureThreshold: p.failureThreshold,
  });
}
