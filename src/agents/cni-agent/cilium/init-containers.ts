/**
 * cilium-agent's init containers, in the chart's order and with the chart's commands,
 * capabilities and mounts (templates/cilium-agent/daemonset.yaml and values.yaml
 * `securityContext.capabilities`, 1.20.0). Each reason is Cilium's, as its chart states what each
 * capability is for.
 */
import { Size } from 'cdk8s';
import { Capability, Cpu, EnvValue, MountPropagation } from 'cdk8s-plus-28';
import { DownwardApi } from '../../../base/downward-api';
import { CniInitStep } from '../init-step';
import { CniHostPath } from '../node-access';
import { CniPrivileges } from '../privileges';
import { HOST_PATHS } from './host-paths';

/** The names of the init containers, in order (the agent patches what the model cannot say by name). */
export const INIT_CONTAINERS = ['config', 'mount-cgroup', 'apply-sysctl-overwrites', 'mount-bpf-fs', 'clean-cilium-state', 'install-cni-binaries'] as const;

/**
 * The only resources the chart gives an init container (install-cni-binaries'), given to each
 * here: the library sets resources on every container, and the chart's are the one figure it
 * publishes for what these steps take.
 */
const RESOURCES = {
  cpu: { request: Cpu.millis(100), limit: Cpu.units(1) },
  memory: { request: Size.mebibytes(10), limit: Size.gibibytes(1) },
};

const ROOT = 'Runs as root, as every Cilium container: the node paths and kernel interfaces it touches are root-owned, and capabilities take effect only for uid 0.';

// mount-cgroup and apply-sysctl-overwrites run a helper in the node's namespaces through nsenter.
const NSENTER = [
  { capability: Capability.SYS_CHROOT, justification: 'nsenter enters the node\'s mount namespace, which setns allows only with SYS_CHROOT (chart values.yaml securityContext.capabilities.mountCgroup and applySysctlOverwrites).' },
  { capability: Capability.SYS_PTRACE, justification: 'nsenter opens the namespaces of the node\'s init process under /proc/1/ns, which needs SYS_PTRACE (chart values.yaml securityContext.capabilities.mountCgroup and applySysctlOverwrites).' },
];

/** Mounts of an init container: a shared volume of HOST_PATHS at another path or propagation. */
function mount(name: keyof typeof HOST_PATHS, overrides: Partial<CniHostPath> = {}): CniHostPath {
  return { ...HOST_PATHS[name], ...overrides };
}

/** The init steps, in the chart's order. `image` is the agent image; `apiServerEnv` the chart's KUBERNETES_SERVICE_* pair, if set. */
export function ciliumInitSteps(image: string, apiServerEnv: { [name: string]: EnvValue }): CniInitStep[] {
  const step = (props: Omit<Parameters<typeof CniInitStep.container>[0], 'image' | 'resources' | 'readOnlyRootFilesystem' | 'justification'>) => CniInitStep.container({
    image,
    resources: RESOURCES,
    // Writable, as the chart runs them: its scripts are not known to work on a read-only root.
    readOnlyRootFilesystem: false,
    justification: ROOT,
    ...props,
  });
  return [
    // Reads cilium-config through the API (Role cilium-config-agent) into /tmp/cilium/config-map, the agent's --config-dir.
    step({
      name: 'config',
      command: ['cilium-dbg', 'build-config', '--k8s-api-server-urls='],
      env: { K8S_NODE_NAME: DownwardApi.nodeName(), CILIUM_K8S_NAMESPACE: DownwardApi.podNamespace(), ...apiServerEnv },
      privileges: CniPrivileges.capabilities([
        { capability: Capability.NET_ADMIN, justification: 'Kept as the chart gives it to the config init container, cilium-dbg build-config (templates/cilium-agent/daemonset.yaml, 1.20.0); the chart states no reason, and it is the only capability the container has.' },
      ]),
    }),
    // Mounts the cgroup2 hierarchy Cilium attaches its socket programs to, in the node's namespaces.
    step({
      name: 'mount-cgroup',
      command: ['bash', '-ec', 'cp /usr/bin/cilium-mount /hostbin/cilium-mount;\nnsenter --cgroup=/hostproc/1/ns/cgroup --mount=/hostproc/1/ns/mnt "${BIN_PATH}/cilium-mount" $CGROUP_ROOT;\nrm /hostbin/cilium-mount\n'],
      env: { CGROUP_ROOT: EnvValue.fromValue('/run/cilium/cgroupv2'), BIN_PATH: EnvValue.fromValue('/opt/cni/bin') },
      privileges: CniPrivileges.capabilities([
        { capability: Capability.SYS_ADMIN, justification: 'Mounts the cgroup2 hierarchy at the node\'s /run/cilium/cgroupv2, where the agent attaches its socket programs (chart values.yaml securityContext.capabilities.mountCgroup).' },
        ...NSENTER,
      ]),
      hostPaths: [mount('hostproc'), mount('cni-path', { mountPath: '/hostbin' })],
    }),
    // Makes systemd-networkd leave Cilium's interfaces' rp_filter alone, through a file in the node's /etc/sysctl.d.
    step({
      name: 'apply-sysctl-overwrites',
      command: ['bash', '-ec', 'cp /usr/bin/cilium-sysctlfix /hostbin/cilium-sysctlfix;\nnsenter --mount=/hostproc/1/ns/mnt "${BIN_PATH}/cilium-sysctlfix";\nrm /hostbin/cilium-sysctlfix\n'],
      env: { BIN_PATH: EnvValue.fromValue('/opt/cni/bin') },
      privileges: CniPrivileges.capabilities([
        { capability: Capability.SYS_ADMIN, justification: 'Enters the node\'s mount namespace to write Cilium\'s file in the node\'s /etc/sysctl.d (chart values.yaml securityContext.capabilities.applySysctlOverwrites).' },
        ...NSENTER,
      ]),
      hostPaths: [mount('hostproc'), mount('cni-path', { mountPath: '/hostbin' })],
    }),
    // Privileged in the chart too: publishing a mount to the node needs Bidirectional propagation.
    step({
      name: 'mount-bpf-fs',
      command: ['/bin/bash', '-c', '--'],
      args: ['mount | grep "/sys/fs/bpf type bpf" || mount -t bpf bpf /sys/fs/bpf'],
      privileges: CniPrivileges.privileged('Mounts the BPF filesystem at the node\'s /sys/fs/bpf when the node has not, so pinned BPF maps outlive agent restarts; the mount must reach the node (Bidirectional propagation), which Kubernetes allows only to a privileged container. The chart runs it privileged (templates/cilium-agent/daemonset.yaml, 1.20.0).'),
      hostPaths: [mount('bpf-maps', { propagation: MountPropagation.BIDIRECTIONAL })],
    }),
    // Removes Cilium's state from the node when cilium-config asks for it (clean-cilium-state, clean-cilium-bpf-state); the env is added by the agent.
    step({
      name: 'clean-cilium-state',
      command: ['/init-container.sh'],
      env: { ...apiServerEnv },
      privileges: CniPrivileges.capabilities([
        { capability: Capability.NET_ADMIN, justification: 'clean-cilium-state removes Cilium\'s devices, routes and iptables rules when asked to clean the state (chart values.yaml securityContext.capabilities.cleanCiliumState).' },
        { capability: Capability.SYS_MODULE, justification: 'iptables, which it runs to remove Cilium\'s rules, may load netfilter modules (chart values.yaml securityContext.capabilities.cleanCiliumState).' },
        { capability: Capability.SYS_ADMIN, justification: 'Unpins and removes Cilium\'s BPF maps and programs when asked to clean the BPF state (chart values.yaml securityContext.capabilities.cleanCiliumState).' },
        { capability: Capability.SYS_RESOURCE, justification: 'Raises RLIMIT_MEMLOCK, against which BPF maps count on older kernels (chart values.yaml securityContext.capabilities.cleanCiliumState).' },
      ]),
      hostPaths: [mount('bpf-maps', { propagation: MountPropagation.NONE }), mount('cilium-cgroup'), mount('cilium-run')],
    }),
    // Copies cilium-cni (and loopback, where the node has none) into the node's /opt/cni/bin.
    step({
      name: 'install-cni-binaries',
      command: ['/install-plugin.sh'],
      hostPaths: [mount('cni-path', { mountPath: '/host/opt/cni/bin' })],
    }),
  ];
}

