/**
 * Where the kubelet keeps its state on the node (`--root-dir`), and the paths a CSI node plugin
 * derives from it. Nothing in the API tells a pod the kubelet's root directory, so a driver
 * deployed for the default path silently fails to register on distributions that move it
 * (kubernetes/kubernetes#92664): the directory is a prop here.
 */
import { invalid, Problem } from '../../base/errors';

// sun_path of a Unix socket address holds 108 bytes with the terminating NUL (unix(7)); Go, in
// which the kubelet and the sidecars are written, refuses a longer path with EINVAL.
const MAX_SOCKET_PATH_BYTES = 107;

/** The kubelet's root directory on the nodes (its `--root-dir`). */
export class KubeletRoot {
  /** The kubelet's default, which kubeadm, EKS, GKE, AKS, RKE2 and k3s (since 0.10, k3s-io/k3s#840) keep. */
  public static readonly DEFAULT = new KubeletRoot('/var/lib/kubelet');
  /** k0s: `<data-dir>/kubelet`, with the default data dir (docs.k0sproject.io, "Storage"). */
  public static readonly K0S = new KubeletRoot('/var/lib/k0s/kubelet');
  /** MicroK8s, installed as a snap (the kubernetes-csi NFS and SMB charts document the same path). */
  public static readonly MICROK8S = new KubeletRoot('/var/snap/microk8s/common/var/lib/kubelet');

  /** Another root directory, as the kubelet's `--root-dir` (or `rootDir`) gives it; a trailing "/" is dropped. */
  public static of(path: string): KubeletRoot {
    if (typeof path !== 'string' || !path.startsWith('/') || path.split('/').includes('..') || path.replace(/\/+$/, '') === '') {
      throw invalid('KubeletRoot.of', { property: 'path', value: path, expected: 'Use the absolute directory the kubelet\'s --root-dir names, other than "/" and without "..", e.g. "/var/lib/kubelet".' });
    }
    return new KubeletRoot(path.replace(/\/+$/, ''));
  }

  private constructor(
    /** The directory, without a trailing "/". */
    public readonly path: string) {}

  /** Where the kubelet looks for plugins' registration sockets (its plugin watcher). */
  public get registrationDirectory(): string {
    return `${this.path}/plugins_registry`;
  }

  /** @internal The conventional directory of a driver's socket, `<root>/plugins/<driver>`. */
  public _pluginDirectory(driver: string): string {
    return `${this.path}/plugins/${driver}`;
  }

  /** @internal Where the kubelet mounts (stages) the driver's volumes, `<root>/plugins/kubernetes.io/csi/<driver>/`. */
  public _csiMountDirectory(driver: string): string {
    return `${this.path}/plugins/kubernetes.io/csi/${driver}/`;
  }
}

/**
 * What would keep the kubelet from reaching the driver: a socket path that is not a file path,
 * one in the registration directory (the kubelet takes every socket there for a registration
 * socket, node-driver-registrar README), and Unix socket paths longer than the kernel takes.
 */
export function socketPathProblems(property: string, socketPath: string, root: KubeletRoot, driver: string): Problem[] {
  const problems: Problem[] = [];
  const directory = socketPath.slice(0, socketPath.lastIndexOf('/'));
  if (!socketPath.startsWith('/') || socketPath.endsWith('/') || socketPath.split('/').includes('..') || directory === '') {
    problems.push({ property, value: socketPath, expected: `Use the absolute path of a socket file in a directory of its own, without "..", e.g. "${root._pluginDirectory('example.csi.k8s.io')}/csi.sock".` });
  } else if (directory === root.registrationDirectory) {
    problems.push({ property, value: socketPath, expected: `The kubelet reads every socket in ${root.registrationDirectory} as a registration socket: put the driver's socket elsewhere, e.g. "${root._pluginDirectory(driver)}/csi.sock".` });
  }
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES) {
    problems.push({ property, value: socketPath, expected: `A Unix socket path holds at most ${MAX_SOCKET_PATH_BYTES} bytes (this one has ${Buffer.byteLength(socketPath)}), or the kubelet cannot connect: choose a shorter path.` });
  }
  const registration = `${root.registrationDirectory}/${driver}-reg.sock`;
  if (Buffer.byteLength(registration) > MAX_SOCKET_PATH_BYTES) {
    problems.push({ property: 'kubeletRoot', value: root.path, expected: `The registration socket ${registration} would be ${Buffer.byteLength(registration)} bytes, more than the ${MAX_SOCKET_PATH_BYTES} a Unix socket path holds: the kubelet could not register the driver. Use a shorter driver name or kubelet root.` });
  }
  return problems;
}
