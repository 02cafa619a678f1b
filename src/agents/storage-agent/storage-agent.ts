import { ApiObject, Duration } from 'cdk8s';
import {
  Capability, Container, ContainerResources, ContainerSecurityContextProps, EnvValue, Handler, HostPathVolumeType, MountPropagation, Probe, Protocol,
} from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { storageAlerts } from './alerts';
import { CsiDriver } from './csi-driver';
import { renderCsiDriverSpec } from './csi-driver-spec';
import { AGENT_DEFAULTS, DEFAULTS } from './defaults';
import { KubeletRoot, socketPathProblems } from './kubelet-root';
import { ClusterScopedObject } from '../../base/cluster-scoped';
import { DownwardApi } from '../../base/downward-api';
import { Problem } from '../../base/errors';
import { Privilege } from '../../base/privileges';
import { checkConstruction, instanceOf, isBoolean, isString, optional, Schema } from '../../validation/guards';
import { isContainerResources, isDuration } from '../../validation/plus-schemas';
import { AgentBase } from '../agent-base';
import { AGENT_OPTIONS_SCHEMA, AgentOptions } from '../agent-options';

/**
 * Properties of a storage agent.
 *
 * The shared options default, for this agent, to: `namespace` "storage"; `instance` the driver's
 * application name ("aws-ebs-csi-driver"); `nodeSelection` the driver's (for EBS: Linux nodes
 * that are not EKS Fargate, Auto Mode, hybrid or virtual-kubelet nodes); `tolerations` `[Toleration.everything()]`;
 * `updateStrategy` a rolling update of 10% of the nodes at a time; `resources` requests cpu 10m
 * and memory 40Mi, a memory limit of 256Mi and no CPU limit; `syncWave` SyncWave.STORAGE
 * (defaults.ts says why each).
 */
export interface StorageAgentDaemonSetProps extends AgentOptions {
  /**
   * The CSI driver whose node plugin runs on every node.
   * @default CsiDriver.awsEbs()
   */
  readonly driver?: CsiDriver;
  /**
   * The kubelet's root directory on the nodes. The driver mounts volumes below it, the kubelet
   * finds the registration socket in its plugins_registry: a wrong one leaves the driver
   * unregistered on every node.
   * @default KubeletRoot.DEFAULT ("/var/lib/kubelet")
   */
  readonly kubeletRoot?: KubeletRoot;
  /**
   * The driver's socket on the node, which the kubelet connects to; its directory is mounted
   * into the pod at /csi.
   * @default - "<kubeletRoot>/plugins/<driver name>/csi.sock"
   */
  readonly socketPath?: string;
  /**
   * The requests and limits of each sidecar (node-driver-registrar and livenessprobe).
   * @default - requests cpu 10m and memory 32Mi, a memory limit of 32Mi (aws-ebs-csi-driver's)
   */
  readonly sidecarResources?: ContainerResources;
  /**
   * How long a stopping node plugin may take after SIGTERM (and its pre-stop hook) before it is
   * killed.
   * @default Duration.seconds(30)
   */
  readonly terminationGracePeriod?: Duration;
  /**
   * Emit the driver's CSIDriver object (cluster-scoped, one per driver). Turn it off for a second
   * installation of the same driver (e.g. for nodes with another kubelet root), or where the
   * driver's controller installation creates it.
   * @default true
   */
  readonly createCsiDriver?: boolean;
}

/** The runtime shape of StorageAgentDaemonSetProps, checked before anything reads them. */
export const STORAGE_AGENT_PROPS_SCHEMA: Schema<StorageAgentDaemonSetProps> = {
  ...AGENT_OPTIONS_SCHEMA,
  driver: optional(instanceOf(CsiDriver, 'CsiDriver.awsEbs()')),
  kubeletRoot: optional(instanceOf(KubeletRoot, 'KubeletRoot.DEFAULT')),
  socketPath: optional(isString),
  sidecarResources: optional(isContainerResources),
  terminationGracePeriod: optional(isDuration),
  createCsiDriver: optional(isBoolean),
};

const REGISTRAR = 'node-driver-registrar';
const LIVENESS_PROBE = 'liveness-probe';

/**
 * Root, as the manifest's pod security context sets it: the driver socket is created by root,
 * and connecting to a Unix socket needs write permission on it. Nothing else: every capability
 * dropped, a read-only root filesystem, no escalation.
 */
const SIDECAR_SECURITY: ContainerSecurityContextProps = {
  ensureNonRoot: false,
  user: 0,
  group: 0,
  privileged: false,
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: false,
  capabilities: { drop: [Capability.ALL] },
};

/** The driver mounts and formats the node's disks, and publishes its mounts to the node. */
const DRIVER_SECURITY: ContainerSecurityContextProps = {
  ensureNonRoot: false,
  user: 0,
  group: 0,
  privileged: true,
  readOnlyRootFilesystem: true,
  // Kubernetes refuses allowPrivilegeEscalation: false on a privileged container.
  allowPrivilegeEscalation: true,
};

/**
 * A CSI driver's node plugin on every node: the DaemonSet every CSI driver ships beside its
 * controller, which mounts the driver's volumes into pods. Three containers share the driver's
 * socket: the driver, node-driver-registrar (registers the driver with the kubelet through
 * `<kubeletRoot>/plugins_registry`) and livenessprobe (turns the driver's CSI Probe into the
 * /healthz the kubelet probes). The driver mounts the kubelet's directory with Bidirectional
 * propagation, so the volumes it mounts there reach the kubelet and the pods; Kubernetes allows
 * that only to a privileged container. Also emits the driver's CSIDriver object.
 *
 * The AWS EBS CSI driver by default, as its upstream manifest runs it. The controller half of a
 * driver (provisioning, attaching) is a Deployment, not a node agent, and is installed apart.
 *
 * Objects: DaemonSet, ServiceAccount (a ClusterRole and binding when the driver calls the API),
 * CSIDriver. Every privilege the agent takes is justified on the DaemonSet for the privilege report.
 *
 * @example
 * new StorageAgentDaemonSet(chart, 'ebs', { kubeletRoot: KubeletRoot.K0S });
 */
export class StorageAgentDaemonSet extends AgentBase {
  /** The node-driver-registrar sidecar. */
  public readonly registrar: Container;
  /** The livenessprobe sidecar. */
  public readonly livenessProbe: Container;
  /** The CSIDriver object, unless `createCsiDriver` is false. */
  public readonly csiDriver?: ApiObject;
  /** The CSI driver. */
  public readonly driver: CsiDriver;
  /** The kubelet's root directory the agent is set up for. */
  public readonly kubeletRoot: KubeletRoot;
  /** The driver's socket on the node. */
  public readonly socketPath: string;

  public constructor(scope: Construct, id: string, props: StorageAgentDaemonSetProps = {}) {
    checkConstruction(scope, id, props, STORAGE_AGENT_PROPS_SCHEMA, 'StorageAgentDaemonSet');
    const driver = props.driver ?? CsiDriver.awsEbs();
    super(scope, id, props, { name: driver.appName, component: 'csi-node', version: driver.version }, { ...AGENT_DEFAULTS, nodeSelection: driver.nodeSelection });
    this.driver = driver;
    this.kubeletRoot = props.kubeletRoot ?? DEFAULTS.kubeletRoot;
    this.socketPath = props.socketPath ?? `${this.kubeletRoot._pluginDirectory(driver.name)}/${DEFAULTS.socketFileName}`;
    const socketDirectory = this.socketPath.slice(0, this.socketPath.lastIndexOf('/'));
    const socketInPod = `${DEFAULTS.socketMount}/${this.socketPath.slice(this.socketPath.lastIndexOf('/') + 1)}`;
    const probe = DEFAULTS.liveness;
    const ready = DEFAULTS.readiness;
    const createCsiDriver = props.createCsiDriver ?? DEFAULTS.createCsiDriver;

    this._deploy({
      problems: [
        ...driver._problems('driver'),
        ...socketPathProblems('socketPath', this.socketPath, this.kubeletRoot, driver.name),
        ...(createCsiDriver ? this.duplicateCsiDriverProblems() : []),
      ],
      instanceNamesService: false,
      alerts: { monitored: false, rules: storageAlerts },
      daemonSet: {
        terminationGracePeriod: props.terminationGracePeriod ?? DEFAULTS.terminationGracePeriod,
        access: driver.accessRules,
      },
      container: {
        name: driver.containerName,
        image: driver.image,
        command: driver.command,
        args: driver._args(this.kubeletRoot),
        envVariables: {
          CSI_ENDPOINT: EnvValue.fromValue(driver._endpoint(socketInPod)),
          CSI_NODE_NAME: DownwardApi.nodeName(),
          ...Object.fromEntries(Object.entries(driver._env).map(([name, value]) => [name, EnvValue.fromValue(value)])),
        },
        // Served by the livenessprobe sidecar (the containers share the pod's network); declared
        // here, as upstream does, because it is this container's health it reports.
        ports: [{ number: DEFAULTS.healthPort, name: 'healthz', protocol: Protocol.TCP }],
        liveness: Probe.fromHttpGet('/healthz', {
          port: DEFAULTS.healthPort,
          initialDelaySeconds: probe.initialDelay,
          timeoutSeconds: probe.timeout,
          periodSeconds: probe.period,
          failureThreshold: probe.failureThreshold,
        }),
        readiness: Probe.fromHttpGet('/healthz', {
          port: DEFAULTS.healthPort, timeoutSeconds: ready.timeout, periodSeconds: ready.period, failureThreshold: ready.failureThreshold,
        }),
        lifecycle: driver._preStop ? { preStop: Handler.fromCommand(driver._preStop) } : undefined,
        securityContext: DRIVER_SECURITY,
      },
      env: {
        CSI_ENDPOINT: { reason: 'the driver listens on the socket the registrar and the kubelet connect to', prop: 'socketPath' },
        // One value for every pod would make every node's plugin report the same node.
        CSI_NODE_NAME: { reason: 'the downward API gives each pod its own node\'s name, which the driver reports as its node ID' },
      },
      flags: driver._managedFlags,
    });

    this.mountDriverPaths(socketDirectory);
    const sidecarResources = props.sidecarResources ?? DEFAULTS.sidecarResources;
    this.registrar = this.daemonSet.addContainer({
      name: REGISTRAR,
      image: driver.nodeDriverRegistrarVersion.image,
      args: ['--csi-address=$(ADDRESS)', '--kubelet-registration-path=$(DRIVER_REG_SOCK_PATH)', `--http-endpoint=0.0.0.0:${DEFAULTS.registrarHealthPort}`, '--v=2'],
      envVariables: { ADDRESS: EnvValue.fromValue(socketInPod), DRIVER_REG_SOCK_PATH: EnvValue.fromValue(this.socketPath) },
      ports: [{ number: DEFAULTS.registrarHealthPort, name: 'healthz-ndr' }],
      liveness: Probe.fromHttpGet('/healthz', {
        port: DEFAULTS.registrarHealthPort,
        initialDelaySeconds: DEFAULTS.registrarLiveness.initialDelay,
        periodSeconds: DEFAULTS.registrarLiveness.period,
        timeoutSeconds: DEFAULTS.registrarLiveness.timeout,
      }),
      resources: sidecarResources,
      securityContext: SIDECAR_SECURITY,
    });
    this.livenessProbe = this.daemonSet.addContainer({
      name: LIVENESS_PROBE,
      image: driver.livenessProbeVersion.image,
      args: [`--csi-address=${socketInPod}`],
      resources: sidecarResources,
      securityContext: SIDECAR_SECURITY,
    });
    this.mountSidecarPaths(socketDirectory);
    this.justifyPrivileges();

    if (createCsiDriver) {
      this.csiDriver = new ClusterScopedObject(this, 'CSIDriver', {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'CSIDriver',
        metadata: { name: driver.name, labels: this.daemonSet.labels },
        spec: renderCsiDriverSpec(driver.spec),
      });
    }
  }

  /**
   * A CSIDriver is cluster-wide, one per driver: a second installation of the driver (other
   * nodes, another kubelet root) must leave it to the first. Found here, the fix can name the prop.
   */
  private duplicateCsiDriverProblems(): Problem[] {
    const other = this.node.root.node.findAll()
      .find((c): c is StorageAgentDaemonSet => c instanceof StorageAgentDaemonSet && c.csiDriver !== undefined && c.driver.name === this.driver.name);
    if (other === undefined) return [];
    return [{ property: 'createCsiDriver', value: true, expected: `${other.node.path} already emits the CSIDriver ${this.driver.name}, and a cluster has one per driver: set createCsiDriver: false on every other installation of the driver.` }];
  }

  private mountDriverPaths(socketDirectory: string): void {
    const ds = this.daemonSet;
    const root = this.kubeletRoot.path;
    ds.mountHostPath(this.container, {
      name: 'kubelet-dir',
      hostPath: root,
      type: HostPathVolumeType.DIRECTORY,
      readOnly: false,
      propagation: MountPropagation.BIDIRECTIONAL,
      justification: `The driver stages volumes under ${root}/plugins/kubernetes.io/csi and publishes them into ${root}/pods/<pod>/volumes, where the kubelet hands them to the pods: writable, and Bidirectional so the mounts it makes reach the node.`,
    });
    ds.mountHostPath(this.container, {
      name: 'plugin-dir',
      hostPath: socketDirectory,
      mountPath: DEFAULTS.socketMount,
      type: HostPathVolumeType.DIRECTORY_OR_CREATE,
      readOnly: false,
      justification: `The driver creates its socket in ${socketDirectory} (writable, created on a new node), where the kubelet and the sidecars connect to it.`,
    });
    if (this.driver.mountDevices) {
      ds.mountHostPath(this.container, {
        name: 'device-dir',
        hostPath: '/dev',
        type: HostPathVolumeType.DIRECTORY,
        readOnly: false,
        justification: 'The node\'s /dev, where the disks attached to the node appear (a container\'s own /dev is a snapshot taken when it starts): the driver finds, formats and mounts them.',
      });
    }
  }

  private mountSidecarPaths(socketDirectory: string): void {
    const ds = this.daemonSet;
    // Connecting to a Unix socket does not write to the filesystem: read-only suffices.
    ds.mountHostPath(this.registrar, { name: 'plugin-dir', hostPath: socketDirectory, mountPath: DEFAULTS.socketMount, type: HostPathVolumeType.DIRECTORY_OR_CREATE });
    ds.mountHostPath(this.livenessProbe, { name: 'plugin-dir', hostPath: socketDirectory, mountPath: DEFAULTS.socketMount, type: HostPathVolumeType.DIRECTORY_OR_CREATE });
    ds.mountHostPath(this.registrar, {
      name: 'registration-dir',
      hostPath: this.kubeletRoot.registrationDirectory,
      mountPath: DEFAULTS.registrationMount,
      type: HostPathVolumeType.DIRECTORY,
      readOnly: false,
      justification: `node-driver-registrar creates ${this.driver.name}-reg.sock in the kubelet's ${this.kubeletRoot.registrationDirectory}, where the kubelet's plugin watcher finds it and registers the driver; a Directory the kubelet creates, so a wrong kubeletRoot fails at pod start instead of registering nothing.`,
    });
  }

  private justifyPrivileges(): void {
    const ds = this.daemonSet;
    const name = this.container.name;
    ds.justify(Privilege.privileged(name), 'Kubernetes allows Bidirectional mount propagation only to a privileged container, and the driver needs it for its mounts under the kubelet\'s directory to reach the pods; it also formats and mounts the node\'s block devices (mount(2) needs CAP_SYS_ADMIN, and device access).');
    ds.justify(Privilege.runAsRoot(name), 'Mounting, formatting and creating the socket the root kubelet connects to need root; the container is privileged anyway.');
    const socket = 'connects to the driver\'s socket, which root creates and only root may write to (connecting needs write permission); every capability dropped, a read-only root filesystem, no escalation.';
    ds.justify(Privilege.runAsRoot(REGISTRAR), `Creates the registration socket in the kubelet's root-owned plugins_registry and ${socket}`);
    ds.justify(Privilege.runAsRoot(LIVENESS_PROBE), `Only ${socket}`);
    if (this.driver._accessJustification !== undefined) ds.justify(Privilege.API_ACCESS, this.driver._accessJustification);
  }
}
