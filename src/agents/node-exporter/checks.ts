/**
 * Checks of the node-exporter props that the base's checks do not cover. Internal: each returns
 * problems for the construct to throw with its path.
 */
import { MountPropagation } from 'cdk8s-plus-28';
import { NodeExporterCollector } from './collectors';
import { Problem } from '../../base/errors';
import { portNumberProblems } from '../../base/names';

// Without capabilities, a non-root process cannot bind below this port (the node's
// net.ipv4.ip_unprivileged_port_start, since the exporter is in the node's network namespace).
const FIRST_UNPRIVILEGED_PORT = 1024;

/** A port the exporter can bind as a non-root user without capabilities. */
export function portProblems(port: number): Problem[] {
  const problems = portNumberProblems('port', port);
  if (problems.length === 0 && port < FIRST_UNPRIVILEGED_PORT) {
    problems.push({ property: 'port', value: port, expected: `node-exporter runs as a non-root user without capabilities and cannot bind below ${FIRST_UNPRIVILEGED_PORT}: use a port from ${FIRST_UNPRIVILEGED_PORT} to 65535, e.g. 9100.` });
  }
  return problems;
}

/** Propagation a non-privileged, read-only root mount accepts. */
export function rootPropagationProblems(propagation: MountPropagation): Problem[] {
  if (propagation === MountPropagation.NONE || propagation === MountPropagation.HOST_TO_CONTAINER) return [];
  return [{ property: 'hostRootPropagation', value: propagation, expected: 'node-exporter only reads the node\'s / and is not privileged: use MountPropagation.HOST_TO_CONTAINER, or MountPropagation.NONE where the node\'s / is not a shared mount.' }];
}

/** Unknown collectors, and a collector both switched on and off (node-exporter refuses the pair). */
export function collectorProblems(
  givenEnable: readonly NodeExporterCollector[], givenDisable: readonly NodeExporterCollector[],
  enable: NodeExporterCollector[], disable: NodeExporterCollector[]): Problem[] {
  const problems: Problem[] = [];
  givenEnable.forEach((c, i) => problems.push(...c._problems(`enableCollectors[${i}]`)));
  givenDisable.forEach((c, i) => problems.push(...c._problems(`disableCollectors[${i}]`)));
  for (const c of disable) {
    if (enable.some(e => e.name === c.name)) {
      problems.push({ property: 'disableCollectors', value: c.name, expected: `The collector is also in enableCollectors, and node-exporter refuses --collector.${c.name} with --no-collector.${c.name}: keep it in one list.` });
    }
  }
  return problems;
}

/**
 * Textfile directories that can be mounted, that something reads, and that the release reads all
 * of: node-exporter 1.9.0 made `--collector.textfile.directory` repeatable (CHANGELOG 1.9.0,
 * "textfile: Allow specifiying multiple directory globs #3135"; a `String` flag before, which
 * kingpin refuses twice).
 */
export function textfileProblems(single: string | undefined, list: readonly string[] | undefined,
  disable: NodeExporterCollector[], repeatable: boolean, version: string): Problem[] {
  const problems: Problem[] = [];
  if (single !== undefined && list !== undefined) {
    return [{ property: 'textfileDirectories', value: list, expected: 'textfileDirectory is given too: put every directory in textfileDirectories and drop textfileDirectory.' }];
  }
  const directories = list ?? (single !== undefined ? [single] : []);
  const property = (i: number) => (list !== undefined ? `textfileDirectories[${i}]` : 'textfileDirectory');
  directories.forEach((directory, i) => {
    if (!directory.startsWith('/') || directory.split('/').includes('..') || directory === '/') {
      problems.push({ property: property(i), value: directory, expected: 'Use an absolute node directory other than "/", without "..", e.g. "/var/lib/node-exporter/textfile".' });
    } else if (/[*?[]/.test(directory)) {
      problems.push({ property: property(i), value: directory, expected: 'The directory is mounted into the exporter, so it cannot be a glob: list each directory.' });
    } else if (directories.indexOf(directory) !== i) {
      problems.push({ property: property(i), value: directory, expected: 'Each directory is listed once: drop the duplicate.' });
    }
  });
  if (list !== undefined && list.length > 1 && !repeatable) {
    problems.push({ property: 'textfileDirectories', value: list, expected: `node-exporter ${version} reads one textfile directory (several from 1.9.0): give one, or use NodeExporterVersion.V1_12_1.` });
  }
  if (list !== undefined && list.length === 0) {
    problems.push({ property: 'textfileDirectories', value: list, expected: 'Give at least one directory, or leave textfileDirectories out.' });
  }
  if (directories.length > 0 && disable.some(c => c.name === NodeExporterCollector.TEXTFILE.name)) {
    const prop = list !== undefined ? 'textfileDirectories' : 'textfileDirectory';
    problems.push({ property: prop, value: list ?? single, expected: `The textfile collector is in disableCollectors, so nothing would read the directory: drop ${prop} or take TEXTFILE out of disableCollectors.` });
  }
  return problems;
}

// node-exporter 1.9.0 made --collector.textfile.directory repeatable (its CHANGELOG, #3135).
export const TEXTFILE_REPEATABLE_SINCE = [1, 9, 0];

/** Whether release `version` is `since` or later. */
export function atLeast(version: string, since: number[]): boolean {
  const v = version.split('.').map(Number);
  for (let i = 0; i < since.length; i++) if (v[i] !== since[i]) return v[i] > since[i];
  return true;
}

/** The monitor options that contradict each other. */
export function monitorChoiceProblems(
  props: { serviceMonitor?: boolean; podMonitor?: boolean; kubeRbacProxy?: boolean; kubeRbacProxyOptions?: object }, proxied: boolean): Problem[] {
  const problems: Problem[] = [];
  if (props.kubeRbacProxy === false && props.kubeRbacProxyOptions !== undefined) {
    problems.push({ property: 'kubeRbacProxyOptions', value: props.kubeRbacProxyOptions, expected: 'kubeRbacProxy is false, so no proxy uses these options: drop them, or drop kubeRbacProxy: false.' });
  }
  if (props.podMonitor && props.serviceMonitor) {
    problems.push({ property: 'podMonitor', value: true, expected: 'serviceMonitor is true too, and Prometheus would scrape every node twice: keep one of them.' });
  }
  if (props.podMonitor && proxied) {
    problems.push({ property: 'podMonitor', value: true, expected: 'A PodMonitor cannot send Prometheus\'s own token, which kube-rbac-proxy requires: use the ServiceMonitor (drop podMonitor).' });
  }
  return problems;
}
