/**
 * The node-exporter command line, and what would make node-exporter refuse it. Internal: the
 * construct's typed props are the interface.
 */
import { NodeExporterCollector } from './collectors';
import { Problem } from '../../base/errors';
import { ManagedSetting } from '../agent-base';

/** Where the node's /proc, /sys and / appear in the container (the chart's layout). */
export const HOST_PROC = '/host/proc';
export const HOST_SYS = '/host/sys';
export const HOST_ROOT = '/host/root';
/** Where the textfile collector's node directory appears in the container. */
export const TEXTFILE_MOUNT = '/host/textfile';

/** Where the i-th textfile directory appears (the first where a single one always has). */
export function textfileMount(i: number): string {
  return i === 0 ? TEXTFILE_MOUNT : `${TEXTFILE_MOUNT}-${i}`;
}
/** The env var the listen address reads the node IP from (downward API). */
export const HOST_IP_ENV = 'HOST_IP';

/** What the command line is made from. */
export interface ExporterFlags {
  readonly port: number;
  readonly listenOnAllInterfaces: boolean;
  readonly mountHostRoot: boolean;
  readonly enable: NodeExporterCollector[];
  readonly disable: NodeExporterCollector[];
  /** How many textfile directories are mounted (one flag each). */
  readonly textfileDirectories: number;
  /** Whether node-exporter reads several textfile directories (1.9.0 and later). */
  readonly repeatableTextfile: boolean;
  /** Behind kube-rbac-proxy: the loopback port node-exporter listens on. */
  readonly loopbackPort?: number;
  /** Empty: leave node-exporter's own default. */
  readonly filesystemMountPointsExclude: string;
  /** Empty: leave node-exporter's own default (no device excluded). */
  readonly networkDevicesExclude: string;
}

/** The arguments, in a stable order (the YAML must be byte-identical across runs). */
export function exporterArgs(f: ExporterFlags): string[] {
  const host = f.listenOnAllInterfaces ? '' : `[$(${HOST_IP_ENV})]`;
  const listen = f.loopbackPort !== undefined ? `127.0.0.1:${f.loopbackPort}` : `${host}:${f.port}`;
  return [
    `--path.procfs=${HOST_PROC}`,
    `--path.sysfs=${HOST_SYS}`,
    ...(f.mountHostRoot ? [`--path.rootfs=${HOST_ROOT}`, `--path.udev.data=${HOST_ROOT}/run/udev/data`] : []),
    `--web.listen-address=${listen}`,
    ...f.enable.map(c => c.enableFlag),
    ...f.disable.map(c => c.disableFlag),
    ...Array.from({ length: f.textfileDirectories }, (_, i) => `--collector.textfile.directory=${textfileMount(i)}`),
    ...(f.filesystemMountPointsExclude ? [`--collector.filesystem.mount-points-exclude=${f.filesystemMountPointsExclude}`] : []),
    ...(f.networkDevicesExclude ? [
      `--collector.netclass.ignored-devices=${f.networkDevicesExclude}`,
      `--collector.netdev.device-exclude=${f.networkDevicesExclude}`,
    ] : []),
  ];
}

// Why each flag is the agent's: kingpin, node-exporter's flag parser, refuses a flag given twice
// ("flag 'x' cannot be repeated"), so a second one stops the exporter on every node at once.
const TWICE = 'node-exporter refuses a flag given twice';

/** The flags the agent sets, each with the prop that controls it (both spellings of a collector's). */
export function managedFlags(f: ExporterFlags): Record<string, ManagedSetting> {
  const managed: Record<string, ManagedSetting> = {
    '--path.procfs': { reason: `${TWICE}; it is where the agent mounts the node's /proc` },
    '--path.sysfs': { reason: `${TWICE}; it is where the agent mounts the node's /sys` },
    '--web.listen-address': { reason: TWICE, prop: f.loopbackPort !== undefined ? 'kubeRbacProxyOptions.upstreamPort' : 'port and listenOnAllInterfaces' },
  };
  if (f.mountHostRoot) {
    managed['--path.rootfs'] = { reason: TWICE, prop: 'mountHostRoot' };
    managed['--path.udev.data'] = { reason: TWICE, prop: 'mountHostRoot' };
  }
  const collector = (c: NodeExporterCollector, prop: string) => {
    managed[`--collector.${c.name}`] = { reason: TWICE, prop };
    managed[`--no-collector.${c.name}`] = { reason: TWICE, prop };
  };
  f.enable.forEach(c => collector(c, 'enableCollectors'));
  f.disable.forEach(c => collector(c, 'disableCollectors'));
  if (f.textfileDirectories > 0) {
    // From 1.9.0 the flag may repeat, but a directory given here would not be mounted.
    managed['--collector.textfile.directory'] = f.repeatableTextfile
      ? { reason: 'the agent mounts each textfile directory node-exporter reads', prop: 'textfileDirectories' }
      : { reason: `${TWICE} before 1.9.0`, prop: 'textfileDirectory' };
  }
  // node-exporter refuses an include list beside an exclude list on the same collector.
  const includeList = (prop: string): ManagedSetting => ({
    reason: `node-exporter refuses an include list beside the exclude list ${prop} sets`,
    fix: `set ${prop} to "" to use an include list instead`,
  });
  if (f.filesystemMountPointsExclude) {
    managed['--collector.filesystem.mount-points-exclude'] = { reason: TWICE, prop: 'filesystemMountPointsExclude' };
    managed['--collector.filesystem.mount-points-include'] = includeList('filesystemMountPointsExclude');
  }
  if (f.networkDevicesExclude) {
    managed['--collector.netclass.ignored-devices'] = { reason: TWICE, prop: 'networkDevicesExclude' };
    managed['--collector.netdev.device-exclude'] = { reason: TWICE, prop: 'networkDevicesExclude' };
    managed['--collector.netdev.device-include'] = includeList('networkDevicesExclude');
  }
  return managed;
}

/** node-exporter takes no positional arguments: anything else stops it on every node at once. */
export function positionalArgProblems(extraArgs: readonly string[]): Problem[] {
  return extraArgs.flatMap((arg, i) => /^--[a-z]/.test(arg) ? [] : [{
    property: `extraArgs[${i}]`,
    value: arg,
    expected: 'node-exporter takes only flags: write each as one argument "--name=value", e.g. "--collector.diskstats.device-exclude=^(ram|loop)\\d+$".',
  }]);
}
