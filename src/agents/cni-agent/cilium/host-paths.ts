/**
 * The node paths Cilium's containers mount, by the chart's volume names, types and mount paths
 * (templates/cilium-agent/daemonset.yaml, 1.20.0). A volume several containers mount is declared
 * once here; each container mounts it at its own path or propagation.
 */
import { HostPathVolumeType, MountPropagation } from 'cdk8s-plus-28';
import { CniHostPath } from '../node-access';

const D = HostPathVolumeType.DIRECTORY;
const DOC = HostPathVolumeType.DIRECTORY_OR_CREATE;

export const HOST_PATHS = {
  'hostproc': {
    name: 'hostproc',
    hostPath: '/proc',
    mountPath: '/hostproc',
    type: D,
    readOnly: false,
    justification: 'mount-cgroup and apply-sysctl-overwrites reach the node\'s namespaces through /proc/1/ns (nsenter), to mount the cgroup2 hierarchy and write a sysctl file on the node.',
  },
  'cni-path': {
    name: 'cni-path',
    hostPath: '/opt/cni/bin',
    type: DOC,
    readOnly: false,
    justification: 'The container runtime runs CNI plugins from the node\'s /opt/cni/bin: install-cni-binaries copies cilium-cni there, and mount-cgroup and apply-sysctl-overwrites put their helper there for a moment to run it in the node\'s mount namespace. Created if missing on a fresh node.',
  },
  'bpf-maps': {
    name: 'bpf-maps',
    hostPath: '/sys/fs/bpf',
    type: DOC,
    readOnly: false,
    propagation: MountPropagation.HOST_TO_CONTAINER,
    justification: 'The node\'s BPF filesystem: Cilium pins its maps there so the datapath keeps working, and keeps its state, across agent restarts. mount-bpf-fs mounts it (Bidirectional), clean-cilium-state removes stale state, the agent sees it HostToContainer.',
  },
  'cilium-cgroup': {
    name: 'cilium-cgroup',
    hostPath: '/run/cilium/cgroupv2',
    type: DOC,
    readOnly: false,
    propagation: MountPropagation.HOST_TO_CONTAINER,
    justification: 'The cgroup2 hierarchy mount-cgroup mounted on the node, where Cilium attaches its socket-level BPF programs; clean-cilium-state detaches them when asked to clean the state.',
  },
  'cilium-run': {
    name: 'cilium-run',
    hostPath: '/var/run/cilium',
    type: DOC,
    readOnly: false,
    justification: 'Cilium\'s runtime state on the node (endpoint state, the agent\'s API and Hubble sockets the cilium-cni plugin and cilium-dbg use): the agent restores its endpoints from it after a restart.',
  },
  'cilium-netns': {
    name: 'cilium-netns',
    hostPath: '/var/run/netns',
    mountPath: '/var/run/cilium/netns',
    type: DOC,
    readOnly: false,
    propagation: MountPropagation.HOST_TO_CONTAINER,
    justification: 'The node\'s named network namespaces, HostToContainer so namespaces created later appear: the agent enters pods\' namespaces to set up their devices.',
  },
  'etc-cni-netd': {
    name: 'etc-cni-netd',
    hostPath: '/etc/cni/net.d',
    mountPath: '/host/etc/cni/net.d',
    type: DOC,
    readOnly: false,
    justification: 'The agent writes 05-cilium.conflist there once it is ready (write-cni-conf-when-ready), so the node becomes Ready only with a working network, and sets other CNIs\' configurations aside (cni-exclusive); created if missing on a fresh node.',
  },
  'host-proc-sys-net': {
    name: 'host-proc-sys-net',
    hostPath: '/proc/sys/net',
    mountPath: '/host/proc/sys/net',
    type: D,
    readOnly: false,
    justification: 'The agent sets the node\'s network sysctls (forwarding, rp_filter of its devices) through the node\'s /proc/sys/net.',
  },
  'host-proc-sys-kernel': {
    name: 'host-proc-sys-kernel',
    hostPath: '/proc/sys/kernel',
    mountPath: '/host/proc/sys/kernel',
    type: D,
    readOnly: false,
    justification: 'The agent sets the kernel sysctls its BPF datapath depends on (e.g. unprivileged_bpf_disabled, timer migration) through the node\'s /proc/sys/kernel.',
  },
  'xtables-lock': {
    name: 'xtables-lock',
    hostPath: '/run/xtables.lock',
    type: HostPathVolumeType.FILE_OR_CREATE,
    readOnly: false,
    justification: 'The iptables lock every iptables user on the node takes (kube-proxy too); sharing the node\'s file keeps their rule updates from clobbering each other. Writable because taking the lock opens it for writing.',
  },
} satisfies Record<string, CniHostPath>;

/** The agent container's node paths, in the chart's mount order (lib-modules: the CNI agent mounts it for SYS_MODULE). */
export const AGENT_HOST_PATHS: CniHostPath[] = [
  HOST_PATHS['host-proc-sys-net'],
  HOST_PATHS['host-proc-sys-kernel'],
  HOST_PATHS['bpf-maps'],
  HOST_PATHS['cilium-run'],
  HOST_PATHS['cilium-netns'],
  HOST_PATHS['etc-cni-netd'],
  HOST_PATHS['xtables-lock'],
];
