/**
 * Renders the Fluent Bit configuration (YAML format) of the log collector. Internal to the
 * agent: users describe outputs with `LogOutput` and the collector's props, never this file.
 *
 * YAML rather than the classic `[SECTION]` format: YAML is Fluent Bit's standard format since
 * 3.2 and the classic format is deprecated from the end of 2026
 * (https://docs.fluentbit.io/manual/administration/configuring-fluent-bit/classic-mode).
 */
import { EnvValue } from 'cdk8s-plus-28';
import { Document } from 'yaml';

/** One plugin entry of the configuration: property name to value (a list repeats the property). */
export type ConfigSection = Record<string, string | number | string[]>;

/** A plugin entry and the environment variables (Secret references) it reads as `${NAME}`. */
export interface RenderedPlugin {
  readonly section: ConfigSection;
  readonly env: Record<string, EnvValue>;
}

/** Where the ConfigMap is mounted. */
export const CONFIG_DIR = '/fluent-bit/etc/conf';
/** The configuration file, a key of the ConfigMap. */
export const CONFIG_FILE = 'fluent-bit.yaml';
/** Fluent Bit's working directory in the image (it holds the stock parsers.conf). */
export const WORK_DIR = '/fluent-bit/etc';
/** Where the collector's own host directory (tail positions) is mounted. */
export const STATE_DIR = '/var/lib/fluent-bit';
/** The kubelet's symlinks to every container's current log file. */
export const CONTAINER_LOG_DIR = '/var/log/containers';
/** Where the kubelet keeps container logs (the symlinks' targets with containerd and CRI-O). */
export const POD_LOG_DIR = '/var/log/pods';
/** The persistent systemd journal. */
export const JOURNAL_DIR = '/var/log/journal';

/** The tag prefix of container-log records; the kubernetes filter parses the rest of the tag. */
export const CONTAINER_TAG = 'kube.*';
/** The tag prefix of journal records. */
export const JOURNAL_TAG = 'host.*';

/** Everything the configuration depends on, resolved by the construct. */
export interface FluentBitConfig {
  readonly logLevel: string;
  readonly metricsPort: number;
  readonly graceSeconds: number;
  readonly memBufLimitBytes: number;
  readonly refreshIntervalSeconds: number;
  readonly excludePaths: string[];
  readonly systemdUnits: string[];
  readonly namespaceLabels: boolean;
  readonly podAnnotations: boolean;
  readonly filters: ConfigSection[];
  readonly outputs: ConfigSection[];
}

/**
 * Rendered texts by their input (JSON, which determines the text). A fleet app builds the same
 * collector for every cluster, and rendering through the YAML library is the costliest step of
 * building one; a few distinct configurations are all an app has, so the cache is small.
 */
const rendered = new Map<string, string>();
const MAX_CACHED = 64;

/** The configuration file's text: deterministic for the same input. */
export function renderFluentBitConfig(c: FluentBitConfig): string {
  const key = JSON.stringify(c);
  let text = rendered.get(key);
  if (text === undefined) {
    text = renderUncached(c);
    if (rendered.size >= MAX_CACHED) rendered.clear();
    rendered.set(key, text);
  }
  return text;
}

function renderUncached(c: FluentBitConfig): string {
  const inputs: ConfigSection[] = [{
    'name': 'tail',
    'tag': CONTAINER_TAG,
    'path': `${CONTAINER_LOG_DIR}/*.log`,
    ...(c.excludePaths.length > 0 ? { exclude_path: c.excludePaths.join(',') } : {}),
    // Rejoins lines the runtime split (CRI "P" partial lines, Docker's 16KB json-file chunks).
    'multiline.parser': 'docker, cri',
    // The position DB lives in the collector's own host directory, so a restarted or upgraded
    // pod resumes where the previous one stopped: nothing re-shipped, nothing skipped.
    'db': `${STATE_DIR}/containers.db`,
    // Backpressure: past this much unflushed data the input pauses (the logs wait on disk)
    // instead of growing until the memory limit kills the pod.
    'mem_buf_limit': c.memBufLimitBytes,
    // A line longer than the read buffer is skipped instead of stopping the whole file.
    'skip_long_lines': 'on',
    'refresh_interval': c.refreshIntervalSeconds,
  }];
  if (c.systemdUnits.length > 0) {
    inputs.push({
      name: 'systemd',
      tag: JOURNAL_TAG,
      path: JOURNAL_DIR,
      systemd_filter: c.systemdUnits.map(u => `_SYSTEMD_UNIT=${u}`),
      // Several units are alternatives; Fluent Bit ANDs filters unless told otherwise.
      systemd_filter_type: 'or',
      read_from_tail: 'on',
      db: `${STATE_DIR}/journal.db`,
      mem_buf_limit: c.memBufLimitBytes,
    });
  }
  const kubernetes: ConfigSection = {
    'name': 'kubernetes',
    'match': CONTAINER_TAG,
    // The tail input's tag is "kube." + the file path with "/" as "."; the filter strips this
    // prefix to read pod, namespace and container from the file name.
    'kube_tag_prefix': 'kube.var.log.containers.',
    // JSON log lines become structured fields; the raw copy is dropped to halve the volume.
    'merge_log': 'on',
    'keep_log': 'off',
    // Pods may pick a parser (fluentbit.io/parser) or opt out (fluentbit.io/exclude).
    'k8s-logging.parser': 'on',
    'k8s-logging.exclude': 'on',
    // Pod annotations (often large: last-applied-configuration, checksums) are left out of every record unless asked for.
    'annotations': c.podAnnotations ? 'on' : 'off',
    // The default 32k read buffer silently drops the metadata of pods with large specs
    // (many env vars or annotations); 0 grows it as needed, bounded by the API's object size.
    'buffer_size': 0,
    ...(c.namespaceLabels ? { namespace_labels: 'on' } : {}),
  };
  const doc = new Document({
    service: {
      'flush': 1,
      // On SIGTERM Fluent Bit keeps flushing buffered records this long; it stays below the
      // pod's termination grace period so the kubelet does not kill it mid-flush.
      'grace': c.graceSeconds,
      'log_level': c.logLevel,
      'parsers_file': `${WORK_DIR}/parsers.conf`,
      'http_server': 'on',
      'http_listen': '0.0.0.0',
      'http_port': c.metricsPort,
      // /api/v2/health turns unhealthy after repeated output errors (the readiness probe).
      'health_check': 'on',
      'storage.metrics': 'on',
    },
    pipeline: {
      inputs,
      filters: [kubernetes, ...c.filters],
      outputs: c.outputs,
    },
  });
  doc.commentBefore = ' Generated by cdk8s-daemonsets (LogCollectorDaemonSet): change the construct\'s props, not this file.';
  return doc.toString({ lineWidth: 0 });
}
