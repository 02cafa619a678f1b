/**
 * Renders the Fluent Bit configuration (YAML format) of the log collector. Internal to the
 * agent: users describe outputs with `LogOutput` and the collector's props, never this file.
 *
 * YAML rather than the classic `[SECTION]` format: YAML is Fluent Bit's standard format since
 * 3.2 and the classic format is deprecated from the end of 2026
 * (https://docs.fluentbit.io/manual/administration/configuring-fluent-bit/classic-mode).
 */
import { EnvValue } from 'cdk8s-plus-28';
import { Remembered } from '../../base/remembered';
import { yaml } from '../../base/yaml-library';

/** A value of the configuration: a list repeats a property; maps and lists of maps nest. */
export type ConfigValue = string | number | string[] | ConfigSection | ConfigSection[];
/** One entry of the configuration (a plugin, a parser): property name to value. */
export type ConfigSection = { [key: string]: ConfigValue };

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
/** The parsers file, a key of the ConfigMap beside the configuration, which includes it. */
export const PARSERS_FILE = 'parsers.yaml';

/** How the container logs are tailed. */
export interface TailSettings {
  readonly memBufLimitBytes: number;
  readonly refreshIntervalSeconds: number;
  readonly excludePaths: string[];
  readonly readFromHead: boolean;
  readonly bufferMaxSizeBytes?: number;
  readonly skipLongLines: boolean;
  readonly filesystemBuffering: boolean;
  /** The language (and user-defined) multiline parsers, applied after the runtime's line joining. */
  readonly multiline: string[];
}

/** Everything the configuration depends on, resolved by the construct. */
export interface FluentBitConfig {
  readonly logLevel: string;
  readonly metricsPort: number;
  readonly flushSeconds: number;
  readonly graceSeconds: number;
  /** The service's storage settings (none for memory buffering). */
  readonly storage: ConfigSection;
  readonly tail: TailSettings;
  /** The inputs besides the container logs. */
  readonly inputs: ConfigSection[];
  readonly namespaceLabels: boolean;
  readonly podAnnotations: boolean;
  readonly filters: ConfigSection[];
  readonly outputs: ConfigSection[];
  /** Whether the parsers file is included (it defines parsers or multiline parsers). */
  readonly includesParsers: boolean;
}

/**
 * Rendered texts by their input (JSON, which determines the text). A fleet app builds the same
 * collector for every cluster, and rendering through the YAML library is the costliest step of
 * building one; a few distinct configurations are all an app has, so the cache is small.
 */
const rendered = new Remembered<string, string>(64);

/** The configuration file's text: deterministic for the same input. */
export function renderFluentBitConfig(c: FluentBitConfig): string {
  return rendered.get(JSON.stringify(c), () => renderUncached(c));
}

function renderUncached(c: FluentBitConfig): string {
  const t = c.tail;
  const tail: ConfigSection = {
    'name': 'tail',
    'tag': CONTAINER_TAG,
    'path': `${CONTAINER_LOG_DIR}/*.log`,
    ...(t.excludePaths.length > 0 ? { exclude_path: t.excludePaths.join(',') } : {}),
    // Rejoins lines the runtime split (CRI "P" partial lines, Docker's 16KB json-file chunks).
    'multiline.parser': 'docker, cri',
    // The position DB lives in the collector's own host directory, so a restarted or upgraded
    // pod resumes where the previous one stopped: nothing re-shipped, nothing skipped.
    'db': `${STATE_DIR}/containers.db`,
    // Backpressure: past this much unflushed data the input pauses (the logs wait on disk)
    // instead of growing until the memory limit kills the pod.
    'mem_buf_limit': t.memBufLimitBytes,
    // A line longer than the read buffer is skipped instead of stopping the whole file.
    'skip_long_lines': t.skipLongLines ? 'on' : 'off',
    'refresh_interval': t.refreshIntervalSeconds,
    ...(t.readFromHead ? { read_from_head: 'on' } : {}),
    ...(t.bufferMaxSizeBytes !== undefined ? { buffer_max_size: t.bufferMaxSizeBytes } : {}),
    ...(t.filesystemBuffering ? { 'storage.type': 'filesystem' } : {}),
  };
  if (t.multiline.length > 0) {
    // Stack traces are joined by a processor of the tail input, after docker/cri: a line goes
    // to the first multiline parser of an input that accepts it (flb_ml_append_text in
    // src/multiline/flb_ml.c at v5.1.1), so "docker, cri, java" on the input itself would never
    // see a container's line. As a processor, the multiline filter appends the joined record to
    // the input's own chunks (ingest_inline in plugins/filter_multiline/ml.c), so it enters the
    // pipeline once; as a pipeline filter it would re-emit it, through every filter again.
    tail.processors = {
      logs: [{ 'name': 'multiline', 'multiline.key_content': 'log', 'multiline.parser': t.multiline.join(', ') }],
    };
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
  const doc = new yaml.Document({
    service: {
      'flush': c.flushSeconds,
      // On SIGTERM Fluent Bit keeps flushing buffered records this long; it stays below the
      // pod's termination grace period so the kubelet does not kill it mid-flush.
      'grace': c.graceSeconds,
      'log_level': c.logLevel,
      // The image's stock parsers, for the fluentbit.io/parser annotation; the collector's own
      // are in the included parsers file.
      'parsers_file': `${WORK_DIR}/parsers.conf`,
      'http_server': 'on',
      'http_listen': '0.0.0.0',
      'http_port': c.metricsPort,
      // /api/v2/health turns unhealthy after repeated output errors (the readiness probe).
      'health_check': 'on',
      'storage.metrics': 'on',
      ...c.storage,
    },
    // Relative to this file's directory (read_config in src/config_format/flb_cf_yaml.c).
    ...(c.includesParsers ? { includes: [PARSERS_FILE] } : {}),
    pipeline: {
      inputs: [tail, ...c.inputs],
      filters: [kubernetes, ...c.filters],
      outputs: c.outputs,
    },
  });
  doc.commentBefore = GENERATED;
  return doc.toString({ lineWidth: 0 });
}

const GENERATED = ' Generated by cdk8s-daemonsets (LogCollectorDaemonSet): change the construct\'s props, not this file.';

/** The parsers file: the parsers and multiline parsers the collector defines, in Fluent Bit's YAML format. */
export function renderParsersFile(parsers: ConfigSection[], multilineParsers: ConfigSection[]): string {
  const doc = new yaml.Document({
    ...(parsers.length > 0 ? { parsers } : {}),
    ...(multilineParsers.length > 0 ? { multiline_parsers: multilineParsers } : {}),
  });
  doc.commentBefore = GENERATED;
  return doc.toString({ lineWidth: 0 });
}
