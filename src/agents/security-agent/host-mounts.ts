/**
 * The node paths Falco and its driver loader mount, each with the reason the privilege report
 * shows. Internal: the construct calls it once its containers exist.
 */
import { Container, HostPathVolumeType } from 'cdk8s-plus-28';
import { FalcoConfig, HOST_ROOT } from './falco-config';
import { NodeAgent } from '../../base/node-agent';

/** Mounts every node path the configuration needs into the containers that read it. */
export function mountHostPaths(ds: NodeAgent, falco: Container, loader: Container | undefined, config: FalcoConfig): void {
  const readers = loader ? [falco, loader] : [falco];
  for (const container of readers) {
    ds.mountHostPath(container, {
      name: 'proc',
      hostPath: '/proc',
      mountPath: `${HOST_ROOT}/proc`,
      justification: `Falco builds its table of the node's processes, threads, file descriptors and their containers from the node's /proc at start and whenever an event names a process it does not know yet, read-only at ${HOST_ROOT}/proc; without hostPID, this is how it sees the node's processes.`,
    });
    ds.mountHostPath(container, {
      name: 'etc',
      hostPath: '/etc',
      mountPath: `${HOST_ROOT}/etc`,
      justification: `Falco names users and groups from the node's /etc/passwd and /etc/group and reads /etc/os-release for the host's details, read-only at ${HOST_ROOT}/etc (the Falco chart and Falco's container instructions mount the whole directory, which files are replaced in, not written).`,
    });
  }
  if (config.driver.privileged) {
    mountKernelModulePaths(ds, falco, loader!);
  } else {
    ds.mountHostPath(falco, {
      name: 'tracefs',
      hostPath: '/sys/kernel/tracing',
      type: HostPathVolumeType.DIRECTORY,
      justification: 'The modern eBPF probe attaches its TOCTOU-mitigation programs to syscall tracepoints, whose IDs the kernel publishes in tracefs, read-only (Falco\'s container instructions mount /sys/kernel/tracing; the chart mounts all of /sys/kernel).',
    });
  }
  config.containerRuntimes.forEach((runtime, i) => {
    ds.mountHostPath(falco, {
      name: runtime._volumeName(i),
      hostPath: runtime.socketPath,
      mountPath: `${HOST_ROOT}${runtime.socketPath}`,
      type: HostPathVolumeType.SOCKET,
      justification: `Falco's container plugin asks the container runtime (${runtime.engine}) at ${runtime.socketPath} for each container's name, image and pod, which alerts report. A read-only mount does not limit the runtime's API, which can start containers on the node: Falco only lists and watches. Set containerRuntimes to change or drop it.`,
    });
  });
  for (const output of config.outputs) {
    const mount = output._hostMount;
    if (mount) ds.mountHostPath(falco, mount);
  }
}

/** The kernel-module driver's paths: the loader builds and loads the module, Falco reads it. */
function mountKernelModulePaths(ds: NodeAgent, falco: Container, loader: Container): void {
  ds.mountHostPath(falco, {
    name: 'dev',
    hostPath: '/dev',
    mountPath: `${HOST_ROOT}/dev`,
    justification: `Falco reads the kernel module's events from its per-CPU devices /dev/falco*, read-only at ${HOST_ROOT}/dev (the chart's mount). Only with the kernel-module driver.`,
  });
  ds.mountHostPath(falco, {
    name: 'sys-module',
    hostPath: '/sys/module',
    readOnly: false,
    justification: 'Falco reads the loaded module\'s parameters under /sys/module/falco and writes its ring-buffer size there when it differs from the module\'s (libscap engine/kmod/scap_kmod.c, libs 0.25.4), as the chart mounts it. Only with the kernel-module driver.',
  });
  ds.mountHostPath(loader, {
    name: 'boot',
    hostPath: '/boot',
    mountPath: `${HOST_ROOT}/boot`,
    justification: `The driver loader reads the node's kernel configuration in /boot to pick or build a module that fits it, read-only at ${HOST_ROOT}/boot. Only with the kernel-module driver.`,
  });
  ds.mountHostPath(loader, {
    name: 'lib-modules',
    hostPath: '/lib/modules',
    mountPath: `${HOST_ROOT}/lib/modules`,
    readOnly: false,
    justification: `The driver loader builds the module against the node's kernel headers under /lib/modules (DKMS writes its build there), writable at ${HOST_ROOT}/lib/modules as the chart mounts it. Only with the kernel-module driver.`,
  });
  ds.mountHostPath(loader, {
    name: 'usr',
    hostPath: '/usr',
    mountPath: `${HOST_ROOT}/usr`,
    justification: `The driver loader finds the node's kernel sources and headers under /usr/src, read-only at ${HOST_ROOT}/usr. Only with the kernel-module driver.`,
  });
}
