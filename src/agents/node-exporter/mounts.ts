/**
 * The node paths node-exporter reads, each mounted read-only with the justification the privilege
 * report shows. Internal: the construct's props choose which.
 */
import { Container, HostPathVolumeType, MountPropagation } from 'cdk8s-plus-28';
import { NodeExporterCollector } from './collectors';
import { HOST_PROC, HOST_ROOT, HOST_SYS, textfileMount } from './flags';
import { NodeAgent } from '../../base/node-agent';

/** The system D-Bus socket, at the path go-systemd's dbus client dials by default. */
export const DBUS_SOCKET = '/var/run/dbus/system_bus_socket';
// The collectors that talk to systemd or logind over the system bus.
const DBUS_COLLECTORS = [NodeExporterCollector.SYSTEMD.name, NodeExporterCollector.LOGIND.name];

export interface ExporterMounts {
  readonly textfileDirectories: readonly string[];
  readonly mountHostRoot: boolean;
  readonly rootPropagation: MountPropagation;
  readonly enable: readonly NodeExporterCollector[];
}

export function mountExporterPaths(ds: NodeAgent, container: Container, m: ExporterMounts): void {
  ds.mountHostPath(container, {
    name: 'proc',
    hostPath: '/proc',
    mountPath: HOST_PROC,
    justification: `node-exporter reads the node's /proc (CPU, memory, load, disk I/O, network and process statistics) read-only at ${HOST_PROC} (--path.procfs).`,
  });
  ds.mountHostPath(container, {
    name: 'sys',
    hostPath: '/sys',
    mountPath: HOST_SYS,
    justification: `node-exporter reads the node's /sys (network interfaces, block devices, thermal zones, power, hardware) read-only at ${HOST_SYS} (--path.sysfs).`,
  });
  if (m.mountHostRoot) {
    ds.mountHostPath(container, {
      name: 'root',
      hostPath: '/',
      mountPath: HOST_ROOT,
      propagation: m.rootPropagation,
      justification: `node-exporter reads the node's / read-only at ${HOST_ROOT} (--path.rootfs) to report the space and inodes of every filesystem and udev's device names; ${m.rootPropagation === MountPropagation.HOST_TO_CONTAINER ? 'HostToContainer propagation shows it filesystems mounted after it started.' : 'without propagation it sees the filesystems mounted when it started.'}`,
    });
  }
  m.textfileDirectories.forEach((directory, i) => {
    ds.mountHostPath(container, {
      name: i === 0 ? 'textfile' : `textfile-${i}`,
      hostPath: directory,
      mountPath: textfileMount(i),
      type: HostPathVolumeType.DIRECTORY_OR_CREATE,
      justification: `The textfile collector reads the *.prom files node jobs write to ${directory}, read-only at ${textfileMount(i)}.`,
    });
  });
  const dbus = m.enable.filter(c => DBUS_COLLECTORS.includes(c.name)).map(c => c.name);
  if (dbus.length > 0) {
    // Without it the collector fails every scrape ("dial unix /var/run/dbus/system_bus_socket: no
    // such file"). A read-only mount still lets a client connect: Linux refuses writes on a
    // read-only mount only to regular files, directories and links, not to sockets.
    ds.mountHostPath(container, {
      name: 'dbus',
      hostPath: DBUS_SOCKET,
      type: HostPathVolumeType.SOCKET,
      justification: `The ${dbus.join(' and ')} collector${dbus.length > 1 ? 's ask' : ' asks'} the node's systemd over the system D-Bus (${DBUS_SOCKET}), mounted read-only at the same path: only unit and session states are read, and the system bus policy gives an unprivileged caller no method that changes them.`,
    });
  }
}
