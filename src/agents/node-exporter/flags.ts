/**
 * The node-exporter command line, and what would make node-exporter refuse it. Internal: the
 * construct's typed props are the interface.
 */
import { NodeExporterCollector } from './collectors';
import { Problem } from '../../base/errors';

/** Where the node's /proc, /sys and / appear in the container (the chart's layout). */
export const HOST_PROC = '/host/proc';
export const HOST_SYS = '/host/sys';
export const HOST_ROOT = '/host/root';
/** Where the textfile collector's node directory appears in the container. */
export const TEXTFILE_MOUNT = '/host/textfile';
/** The env var the listen address reads the node IP from (downward API). */
export const HOST_IP_ENV = 'HOST_IP';

/** What the command line is made from. */
export interface ExporterFlags {
  readonly port: number;
  readonly listenOnAllInterfaces: boolean;
  readonly mountHostRoot: boolean;
  readonly enable: NodeExporterCollector[];
  readonly disable: NodeExporterCollector[];
  readonly textfile: boolean;
  /** Empty: leave node-exporter's own default. */
  readonly filesystemMountPointsExclude: string;
  /** Empty: leave node-exporter's own default (no device excluded). */
  readonly networkDevicesExclude: string;
}

/** The arguments, in a stable order (the YAML must be byte-identical across runs). */
export function exporterArgs(f: ExporterFlags): string[] {
  const host = f.listenOnAllInterfaces ? '' : `[$(${HOST_IP_ENV})]`;
  return [
    `--path.procfs=${HOST_PROC}`,
    `--path.sysfs=${HOST_SYS}`,
    ...(f.mountHostRoot ? [`--path.rootfs=${HOST_ROOT}`, `--path.udev.data=${HOST_ROOT}/run/udev/data`] : []),
    `--web.listen-address=${host}:${f.port}`,
    ...f.enable.map(c => c.enableFlag),
    ...f.disable.map(c => c.disableFlag),
    ...(f.textfile ? [`--collector.textfile.directory=${TEXTFILE_MOUNT}`] : []),
    ...(f.filesystemMountPointsExclude ? [`--collector.filesystem.mount-points-exclude=${f.filesystemMountPointsExclude}`] : []),
    ...(f.networkDevicesExclude ? [
      `--collector.netclass.ignored-devices=${f.networkDevicesExclude}`,
      `--collector.netdev.device-exclude=${f.networkDevicesExclude}`,
    ] : []),
  ];
}

/** The flags the construct sets, each with the prop that controls it. */
function managedFlags(f: ExporterFlags): Map<string, string> {
  const managed = new Map<string, string>([
    ['path.procfs', 'the construct\'s /proc mount'],
    ['path.sysfs', 'the construct\'s /sys mount'],
    ['web.listen-address', 'port and listenOnAllInterfaces'],
  ]);
  if (f.mountHostRoot) {
    managed.set('path.rootfs', 'mountHostRoot');
    managed.set('path.udev.data', 'mountHostRoot');
  }
  f.enable.forEach(c => managed.set(`collector.${c.name}`, 'enableCollectors'));
  f.disable.forEach(c => managed.set(`collector.${c.name}`, 'disableCollectors'));
  if (f.textfile) managed.set('collector.textfile.directory', 'textfileDirectory');
  if (f.filesystemMountPointsExclude) {
    managed.set('collector.filesystem.mount-points-exclude', 'filesystemMountPointsExclude');
    // node-exporter refuses an include and an exclude list on the same collector.
    managed.set('collector.filesystem.mount-points-include', 'filesystemMountPointsExclude (set it to "" to use an include list instead)');
  }
  if (f.networkDevicesExclude) {
    managed.set('collector.netclass.ignored-devices', 'networkDevicesExclude');
    managed.set('collector.netdev.device-exclude', 'networkDevicesExclude');
    managed.set('collector.netdev.device-include', 'networkDevicesExclude (set it to "" to use an include list instead)');
  }
  return managed;
}

/**
 * Extra arguments node-exporter would refuse: it takes no positional arguments, and a flag given
 * twice ("cannot be repeated") or an include list beside the construct's exclude list stops it
 * from starting, on every node at once.
 */
export function extraArgProblems(extraArgs: readonly string[], f: ExporterFlags): Problem[] {
  const managed = managedFlags(f);
  const problems: Problem[] = [];
  extraArgs.forEach((arg, i) => {
    const property = `extraArgs[${i}]`;
    if (!/^--[a-z]/.test(arg)) {
      problems.push({ property, value: arg, expected: 'node-exporter takes only flags: write each as one argument "--name=value", e.g. "--collector.diskstats.device-exclude=^(ram|loop)\\d+$".' });
      return;
    }
    const flag = arg.slice(2).split('=')[0].replace(/^no-(?=collector\.)/, '');
    const prop = managed.get(flag);
    if (prop !== undefined) {
      problems.push({ property, value: arg, expected: `The construct already sets --${flag} (node-exporter refuses it twice): use ${prop} instead.` });
    }
  });
  return problems;
}
