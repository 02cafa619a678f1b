/**
 * calico-node's init containers, in upstream's order and with upstream's images, commands, env
 * and mounts (manifests/calico.yaml at v3.32.1). Each runs privileged, as upstream runs it; the
 * reasons say what for.
 */
import { Size } from 'cdk8s';
import { Cpu, EnvValue, MountPropagation } from 'cdk8s-plus-28';
import { CNI_CONF_NAME } from './cni-network-config';
import { HOST_PATHS } from './host-paths';
import { CalicoBackend } from './network';
import { CalicoVersion } from './version';
import { DownwardApi } from '../../../base/downward-api';
import { CniConfig } from '../cni-config';
import { CniInitStep } from '../init-step';
import { CniPrivileges } from '../privileges';

/** The names of the init containers, in order. */
export const INIT_CONTAINERS = ['upgrade-ipam', 'install-cni', 'ebpf-bootstrap'] as const;

/**
 * Upstream sets no resources; the library requests some on every container. The steps are Go
 * programs that copy files or make a few API calls; no limit, as upstream, so none is killed
 * half-way through installing the CNI.
 */
const RESOURCES = { cpu: { request: Cpu.millis(10) }, memory: { request: Size.mebibytes(64) } };

const ROOT = 'Runs as root, as every Calico container does (manifests/calico.yaml at v3.32.1): the node paths it writes are root-owned.';

/** The init steps: upgrade-ipam, install-cni, ebpf-bootstrap. */
export function calicoInitSteps(version: CalicoVersion, backend: CalicoBackend, cniConfig: CniConfig): CniInitStep[] {
  const step = (props: Omit<Parameters<typeof CniInitStep.container>[0], 'resources' | 'readOnlyRootFilesystem' | 'justification'>) => CniInitStep.container({
    resources: RESOURCES,
    // Writable, as upstream runs them.
    readOnlyRootFilesystem: false,
    justification: ROOT,
    ...props,
  });
  return [
    // Moves a node's host-local IPAM allocations into Calico IPAM; does nothing on a fresh node.
    step({
      name: 'upgrade-ipam',
      image: version.cniImage,
      command: ['/opt/cni/bin/calico-ipam', '-upgrade'],
      env: { KUBERNETES_NODE_NAME: DownwardApi.nodeName(), CALICO_NETWORKING_BACKEND: EnvValue.fromValue(backend) },
      privileges: CniPrivileges.privileged('Privileged as manifests/calico.yaml at v3.32.1 runs it: it reads host-local IPAM\'s files on the node and runs calico-ipam from the node\'s /opt/cni/bin, whatever their owners, modes and SELinux labels.'),
      hostPaths: [HOST_PATHS['host-local-net-dir'], HOST_PATHS['cni-bin-dir']],
    }),
    // Calico's own installer, a Go program of the calico/cni image: copies the plugins, writes the
    // conflist with the node's name and the plugin's kubeconfig filled in, and the kubeconfig.
    step({
      name: 'install-cni',
      image: version.cniImage,
      command: ['/opt/cni/bin/install'],
      env: {
        CNI_CONF_NAME: EnvValue.fromValue(CNI_CONF_NAME),
        CNI_NETWORK_CONFIG: EnvValue.fromValue(cniConfig.render()),
        KUBERNETES_NODE_NAME: DownwardApi.nodeName(),
        // Exit once installed (an init container must finish).
        SLEEP: EnvValue.fromValue('false'),
      },
      privileges: CniPrivileges.privileged('Privileged as manifests/calico.yaml at v3.32.1 runs it: it writes the plugin binaries into the node\'s /opt/cni/bin and the configuration and kubeconfig into /etc/cni/net.d, whatever their owners, modes and SELinux labels.'),
      hostPaths: [HOST_PATHS['cni-bin-dir'], HOST_PATHS['cni-net-dir']],
    }),
    // Mounts bpffs and cgroup2 for the eBPF data plane; best effort, so the iptables data plane starts whatever happens.
    step({
      name: 'ebpf-bootstrap',
      image: version.image,
      command: ['calico-node', '-init', '-best-effort'],
      privileges: CniPrivileges.privileged('Mounts bpffs at /sys/fs/bpf and cgroup2 under /var/run/calico on the node; Kubernetes allows the Bidirectional propagation that makes these mounts the node\'s only to a privileged container (manifests/calico.yaml at v3.32.1).'),
      hostPaths: [HOST_PATHS['sys-fs'], { ...HOST_PATHS['var-run-calico'], propagation: MountPropagation.BIDIRECTIONAL }, HOST_PATHS.nodeproc],
    }),
  ];
}
