/**
 * The falco.yaml the agent mounts over the image's, and where its files live in the container.
 * Internal: the construct's typed props are the interface.
 *
 * The file is the whole configuration: `config_files` is empty, so the image's
 * /etc/falco/config.d (which loads the container plugin and switches ISO 8601 timestamps on)
 * does not change it behind the agent's back; both are written here instead. Every key is one
 * Falco 0.44.1 accepts (userspace/falco/config_json_schema.h), and the values not set by a prop
 * are upstream falco.yaml's at that tag unless a comment says why not.
 */
import { FalcoContainerRuntime } from './container-runtime';
import { FalcoDriver } from './driver';
import { FalcoOutput, OUTPUT_KEYS } from './outputs';
import { FalcoPriority, FalcoRulesFile, FalcoRuleSelection } from './rules';
import { yaml } from '../../base/yaml-library';

/** Where the agent mounts falco.yaml (Falco's default `-c`). */
export const CONFIG_PATH = '/etc/falco/falco.yaml';
/** The default rules the image ships (falco-rules 5.1.0 in Falco 0.44.1). */
export const DEFAULT_RULES_PATH = '/etc/falco/falco_rules.yaml';
/** Where the user's rules files are mounted. */
export const RULES_DIRECTORY = '/etc/falco/rules.d';
/** Falco's webserver port: /healthz and /metrics (falco.yaml `webserver.listen_port`). */
export const WEB_PORT = 8765;
/** The webserver's health endpoint (falco.yaml `webserver.k8s_healthz_endpoint`). */
export const HEALTHZ_PATH = '/healthz';
/** Where the node's root appears for Falco and its container plugin (the image's HOST_ROOT). */
export const HOST_ROOT = '/host';

/** What falco.yaml is made from. */
export interface FalcoConfig {
  readonly driver: FalcoDriver;
  readonly defaultRules: boolean;
  readonly rulesFiles: readonly FalcoRulesFile[];
  readonly ruleSelection: readonly FalcoRuleSelection[];
  readonly minimumPriority: FalcoPriority;
  readonly jsonOutput: boolean;
  readonly outputs: readonly FalcoOutput[];
  readonly containerRuntimes: readonly FalcoContainerRuntime[];
  readonly metrics: boolean;
}

/** The container plugin's engines, all listed (its schema requires every one once any is). */
function pluginEngines(runtimes: readonly FalcoContainerRuntime[]): Record<string, unknown> {
  const sockets = (engine: string) => runtimes.filter(r => r.engine === engine).map(r => r.socketPath);
  const socketEngine = (engine: string) => sockets(engine).length > 0 ? { enabled: true, sockets: sockets(engine) } : { enabled: false };
  return {
    docker: socketEngine('docker'),
    // Podman and Bottlerocket's host containerd run no Kubernetes pods.
    podman: { enabled: false },
    containerd: { enabled: false },
    cri: socketEngine('cri'),
    // These only tell their containers' IDs from cgroup paths; Kubernetes runs none of them.
    lxc: { enabled: false },
    libvirt_lxc: { enabled: false },
    bpm: { enabled: false },
  };
}

/** falco.yaml as an object, in upstream falco.yaml's key order. */
export function falcoConfig(c: FalcoConfig): Record<string, unknown> {
  // Only the outputs given: Falco leaves an output off unless its block says `enabled: true`
  // (configuration.cpp at 0.44.1), and a disabled program output would still need a program.
  const enabled = new Map(c.outputs.map(o => [o._config.key, o._config.block]));
  const outputs = Object.fromEntries(OUTPUT_KEYS.filter(key => enabled.has(key)).map(key => [key, enabled.get(key)]));
  return {
    config_files: [],
    // A rules change rolls the pods through the update strategy (the pod template carries a
    // checksum of this ConfigMap), so a bad rules file stops the rollout at the first nodes
    // instead of reaching every node at once through Falco's hot reload.
    watch_config_files: false,
    rules_files: [
      ...(c.defaultRules ? [DEFAULT_RULES_PATH] : []),
      ...c.rulesFiles.map(f => `${RULES_DIRECTORY}/${f.name}`),
    ],
    ...(c.ruleSelection.length > 0 ? { rules: c.ruleSelection.map(s => s._entry) } : {}),
    engine: c.driver._engine,
    load_plugins: c.containerRuntimes.length > 0 ? ['container'] : [],
    plugins: c.containerRuntimes.length > 0 ? [{
      name: 'container',
      library_path: 'libcontainer.so',
      init_config: { label_max_len: 100, with_size: false, hooks: ['create'], engines: pluginEngines(c.containerRuntimes) },
    }] : [],
    plugins_hostinfo: true,
    // The image's config.d/falco.iso8601_timeformat.yaml, which config_files no longer loads.
    time_format_iso_8601: true,
    priority: c.minimumPriority,
    json_output: c.jsonOutput,
    json_include_output_property: true,
    json_include_message_property: false,
    json_include_output_fields_property: true,
    json_include_tags_property: true,
    buffered_outputs: false,
    rule_matching: 'first',
    append_output: [{ suggested_output: true }],
    ...outputs,
    webserver: {
      enabled: true,
      threadiness: 0,
      listen_port: WEB_PORT,
      listen_address: '0.0.0.0',
      k8s_healthz_endpoint: HEALTHZ_PATH,
      prometheus_metrics_enabled: c.metrics,
      ssl_enabled: false,
    },
    log_stderr: true,
    // Upstream logs to syslog too, which a container has none of: the pod log is where its own
    // log goes.
    log_syslog: false,
    log_level: 'info',
    libs_logger: { enabled: true, severity: 'info' },
    output_timeout: 2000,
    syscall_event_timeouts: { max_consecutives: 1000 },
    syscall_event_drops: { threshold: 0.1, actions: ['log', 'alert'], rate: 0.03333, max_burst: 1, simulate_drops: false },
    // As the chart's `metrics.enabled`: Prometheus computes the metrics on each scrape; the
    // interval only paces the metrics alert, which stays off (output_rule).
    ...(c.metrics ? {
      metrics: {
        enabled: true,
        interval: '1h',
        output_rule: false,
        rules_counters_enabled: true,
        resource_utilization_enabled: true,
        state_counters_enabled: true,
        kernel_event_counters_enabled: true,
        kernel_event_counters_per_cpu_enabled: false,
        libbpf_stats_enabled: true,
        plugins_metrics_enabled: true,
        kernel_iter_event_counters_enabled: true,
        jemalloc_stats_enabled: false,
        convert_memory_to_mb: true,
        include_empty_values: false,
      },
    } : {}),
  };
}

/** falco.yaml as text, stable across runs. */
export function renderFalcoConfig(c: FalcoConfig): string {
  return new yaml.Document(falcoConfig(c)).toString({ lineWidth: 0 });
}
