import { Problem } from '../../base/errors';
import { checkCall, text } from '../agent-guards';

/** The container plugin's engines (plugins/container/v0.7.1 src/plugin_config_schema.h). */
enum Engine {
  CRI = 'cri',
  DOCKER = 'docker',
}

/**
 * A container runtime whose API socket Falco's container plugin reads container metadata from
 * (`container.name`, `container.image`, the pod's name and namespace): without one, alerts name
 * containers by ID only. The socket is mounted read-only, and must exist on every node the agent
 * runs on (the pod does not start where it is missing, with an event naming the path), so list
 * only the runtime the nodes run, and give each node pool of another runtime its own installation.
 *
 * @example
 * FalcoContainerRuntime.CONTAINERD
 * FalcoContainerRuntime.cri('/var/run/containerd/containerd.sock')
 */
export class FalcoContainerRuntime {
  /** containerd through its CRI socket, where kubeadm, EKS, GKE and AKS nodes have it. */
  public static readonly CONTAINERD = new FalcoContainerRuntime(Engine.CRI, '/run/containerd/containerd.sock', 'containerd-socket');
  /** CRI-O (OpenShift and others). */
  public static readonly CRIO = new FalcoContainerRuntime(Engine.CRI, '/run/crio/crio.sock', 'crio-socket');
  /** The containerd that k3s and RKE2 embed. */
  public static readonly K3S_CONTAINERD = new FalcoContainerRuntime(Engine.CRI, '/run/k3s/containerd/containerd.sock', 'k3s-containerd-socket');
  /** Docker Engine, for nodes whose kubelet runs containers through cri-dockerd. */
  public static readonly DOCKER = new FalcoContainerRuntime(Engine.DOCKER, '/var/run/docker.sock', 'docker-socket');

  /**
   * A CRI runtime whose socket is somewhere else on the nodes, by its absolute node path, e.g.
   * "/var/run/containerd/containerd.sock".
   */
  public static cri(socketPath: string): FalcoContainerRuntime {
    checkCall('FalcoContainerRuntime.cri', text('/run/containerd/containerd.sock')(socketPath, 'socketPath'));
    return new FalcoContainerRuntime(Engine.CRI, socketPath, undefined);
  }

  private constructor(
    /** The container plugin engine that reads the socket: "cri" or "docker". */
    public readonly engine: string,
    /** The socket's path on the node. */
    public readonly socketPath: string,
    private readonly volumeName: string | undefined) {}

  /** The name of the socket's volume; `index` tells custom sockets apart. @internal */
  public _volumeName(index: number): string {
    return this.volumeName ?? `cri-socket-${index}`;
  }

  /** @internal What would stop the socket from being mounted; `property` locates it. */
  public _problems(property: string): Problem[] {
    const path = this.socketPath;
    if (!path.startsWith('/') || path.split('/').includes('..') || path.endsWith('/')) {
      return [{ property, value: path, expected: 'Give the socket\'s absolute path on the node, without "..", e.g. "/run/containerd/containerd.sock".' }];
    }
    return [];
  }
}
