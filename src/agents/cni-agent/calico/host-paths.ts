/**
 * The node paths calico-node's containers mount, by upstream's volume names, types and mount
 * paths (manifests/calico.yaml at v3.32.1). A volume several containers mount is declared once
 * here, with one reason for all of them; each container mounts it at its own path or propagation.
 */
import { HostPathVolumeType, MountPropagation } from 'cdk8s-plus-28';
import { CNI_LOG_DIRECTORY } from './cni-network-config';
import { CniHostPath } from '../node-access';

const DOC = HostPathVolumeType.DIRECTORY_OR_CREATE;

export const HOST_PATHS = {
  'cni-bin-dir': {
    name: 'cni-bin-dir',
    hostPath: '/opt/cni/bin',
    mountPath: '/host/opt/cni/bin',
    type: DOC,
    readOnly: false,
    justification: 'The container runtime runs CNI plugins from the node\'s /opt/cni/bin: install-cni copies Calico\'s plugins there (calico, calico-ipam and the standard plugins its image carries), and upgrade-ipam runs calico-ipam from there. Mounted at /host/opt/cni/bin, as the image keeps its own binaries at /opt/cni/bin. Created if missing on a fresh node (manifests/calico.yaml at v3.32.1).',
  },
  'cni-net-dir': {
    name: 'cni-net-dir',
    hostPath: '/etc/cni/net.d',
    mountPath: '/host/etc/cni/net.d',
    readOnly: false,
    justification: 'The container runtime reads the pod network\'s configuration from the node\'s /etc/cni/net.d: install-cni writes 10-calico.conflist and the plugin\'s kubeconfig (calico-kubeconfig) there, and calico-node keeps that kubeconfig\'s token fresh, so both mount it writable (manifests/calico.yaml at v3.32.1).',
  },
  'host-local-net-dir': {
    name: 'host-local-net-dir',
    hostPath: '/var/lib/cni/networks',
    readOnly: false,
    justification: 'upgrade-ipam reads the addresses the host-local IPAM plugin handed out on this node, if any, and moves them into Calico IPAM, so a node switched from host-local keeps its pods\' addresses (manifests/calico.yaml at v3.32.1).',
  },
  'sys-fs': {
    name: 'sys-fs',
    hostPath: '/sys/fs',
    type: DOC,
    readOnly: false,
    propagation: MountPropagation.BIDIRECTIONAL,
    justification: 'ebpf-bootstrap mounts the BPF filesystem at /sys/fs/bpf on the node; Bidirectional propagation makes that mount the node\'s, so it outlives the init container (manifests/calico.yaml at v3.32.1).',
  },
  'var-run-calico': {
    name: 'var-run-calico',
    hostPath: '/var/run/calico',
    type: DOC,
    readOnly: false,
    justification: 'Calico\'s runtime state on the node, such as BIRD\'s control sockets, which the -bird-live and -bird-ready checks and calicoctl use. ebpf-bootstrap mounts cgroup2 under it (Bidirectional, so the mount is the node\'s), where the eBPF data plane attaches its programs (manifests/calico.yaml at v3.32.1).',
  },
  'nodeproc': {
    name: 'nodeproc',
    hostPath: '/proc',
    mountPath: '/nodeproc',
    readOnly: true,
    justification: 'ebpf-bootstrap enters the node\'s mount namespace through the init process\'s (/proc/1/ns) to mount the root cgroup2 hierarchy; read-only (manifests/calico.yaml at v3.32.1).',
  },
  'var-lib-calico': {
    name: 'var-lib-calico',
    hostPath: '/var/lib/calico',
    type: DOC,
    readOnly: false,
    justification: 'calico-node records the node\'s name and the detected MTU there, which the calico CNI plugin, run by the container runtime on the node, reads for every pod (manifests/calico.yaml at v3.32.1).',
  },
  'xtables-lock': {
    name: 'xtables-lock',
    hostPath: '/run/xtables.lock',
    type: HostPathVolumeType.FILE_OR_CREATE,
    readOnly: false,
    justification: 'The iptables lock every iptables user on the node takes (kube-proxy too); sharing the node\'s file keeps their rule updates from clobbering each other. Writable because taking the lock opens it for writing (manifests/calico.yaml at v3.32.1).',
  },
  'policysync': {
    name: 'policysync',
    hostPath: '/var/run/nodeagent',
    type: DOC,
    readOnly: false,
    justification: 'Felix creates a Unix socket per pod there for the policy sync API (application-layer policy with a sidecar); created if missing (manifests/calico.yaml at v3.32.1).',
  },
  'bpffs': {
    name: 'bpffs',
    hostPath: '/sys/fs/bpf',
    type: HostPathVolumeType.DIRECTORY,
    readOnly: false,
    justification: 'The BPF filesystem ebpf-bootstrap mounted on the node: Felix pins its BPF maps and programs there, so the eBPF data plane survives calico-node restarts (manifests/calico.yaml at v3.32.1).',
  },
  'cni-log-dir': {
    name: 'cni-log-dir',
    hostPath: CNI_LOG_DIRECTORY,
    readOnly: true,
    justification: 'The CNI plugin\'s log on the node (its log_file_path), read-only, so calico-node can read what the plugin did for each pod (manifests/calico.yaml at v3.32.1 mounts it for that).',
  },
} satisfies Record<string, CniHostPath>;
