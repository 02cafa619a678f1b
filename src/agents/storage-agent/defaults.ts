import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { KubeletRoot } from './kubelet-root';
import { AwsEbsCsiDriverVersion, LivenessProbeVersion, NodeDriverRegistrarVersion } from './version';
import { NodeSelection } from '../../base/node-selection';
import { Toleration } from '../../base/tolerations';
import { UpdateLimit, UpdateStrategy } from '../../base/update-strategy';
import { SyncWave } from '../../gitops/sync-wave';
import { AgentDefaults } from '../agent-base';

/**
 * Every default of the storage agent, in one place: the shared options' here (the node selection
 * comes from the driver), its own below. "aws-ebs-csi-driver's manifest" is
 * deploy/kubernetes/base/node.yaml at the tag helm-chart-aws-ebs-csi-driver-2.64.0, "its chart"
 * charts/aws-ebs-csi-driver at that tag, "node-driver-registrar's README" the one at v2.17.0. Each is documented with `@default` on its prop
 * (StorageAgentDaemonSetProps, AwsEbsCsiOptions, CustomCsiDriverProps) and pinned by a test; the
 * upstream comparison test (test/agents/storage-agent-upstream.test.ts) lists every difference
 * from aws-ebs-csi-driver's deploy/kubernetes/base/node.yaml with its reason.
 */
export const AGENT_DEFAULTS: Omit<AgentDefaults, 'nodeSelection'> = {
  /**
   * A namespace of its own, labelled for Pod Security admission at the level CSI node plugins
   * need (privileged), rather than upstream's kube-system, which holds the control plane's pods.
   */
  namespace: 'storage',
  /**
   * Every taint, as aws-ebs-csi-driver's manifest (`tolerateAllTaints: true` in its chart): a pod
   * on a tainted node whose node plugin is missing never gets its volumes mounted.
   */
  tolerations: [Toleration.everything()],
  /** 10% of the nodes at a time, as aws-ebs-csi-driver's manifest. */
  updateStrategy: UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.percent(10) }),
  /**
   * aws-ebs-csi-driver's requests and limit for its node plugin (10m, 40Mi, 256Mi): no CPU limit,
   * since a throttled driver delays every mount on the node. Measure another driver's.
   */
  resources: {
    cpu: { request: Cpu.millis(10) },
    memory: { request: Size.mebibytes(40), limit: Size.mebibytes(256) },
  },
  /** After the network (the plugin calls the API), before the workloads whose volumes it mounts. */
  syncWave: SyncWave.STORAGE,
};

/** The defaults of the storage agent's own props and of its drivers. */
export const DEFAULTS = {
  kubeletRoot: KubeletRoot.DEFAULT,
  /** The socket's file name in the plugin directory (the name node-driver-registrar's README uses). */
  socketFileName: 'csi.sock',
  /**
   * aws-ebs-csi-driver's 30 seconds, written out: the EBS pre-stop hook waits within it for the
   * node's volumes to detach when the node is drained.
   */
  terminationGracePeriod: Duration.seconds(30),
  /** The sidecars' requests and memory limit in aws-ebs-csi-driver's manifest. */
  sidecarResources: {
    cpu: { request: Cpu.millis(10) },
    memory: { request: Size.mebibytes(32), limit: Size.mebibytes(32) },
  },
  createCsiDriver: true,
  /** Where the pod sees the driver's socket directory (node-driver-registrar's README layout). */
  socketMount: '/csi',
  /** Where node-driver-registrar creates the registration socket (its --plugin-registration-path default). */
  registrationMount: '/registration',
  /** livenessprobe's own default port (its --health-port), on which the kubelet probes the driver. */
  healthPort: 9808,
  /** node-driver-registrar's health endpoint port in aws-ebs-csi-driver's manifest. */
  registrarHealthPort: 9809,
  /** Probe timing of the driver container in aws-ebs-csi-driver's manifest. */
  liveness: { initialDelay: Duration.seconds(10), timeout: Duration.seconds(3), period: Duration.seconds(10), failureThreshold: 5 },
  readiness: { timeout: Duration.seconds(3), period: Duration.seconds(5), failureThreshold: 3 },
  /** node-driver-registrar's liveness probe in aws-ebs-csi-driver's manifest: registration can take a while. */
  registrarLiveness: { initialDelay: Duration.seconds(30), timeout: Duration.seconds(15), period: Duration.seconds(90) },

  awsEbs: {
    name: 'ebs.csi.aws.com',
    version: AwsEbsCsiDriverVersion.V1_64_0,
    nodeDriverRegistrarVersion: NodeDriverRegistrarVersion.V2_17_0_EKSBUILD_5,
    livenessProbeVersion: LivenessProbeVersion.V2_19_0_EKSBUILD_5,
    logLevel: 2,
    removeStartupTaint: true,
  },
  custom: {
    containerName: 'csi-driver',
    nodeDriverRegistrarVersion: NodeDriverRegistrarVersion.V2_17_0,
    livenessProbeVersion: LivenessProbeVersion.V2_19_0,
    mountDevices: true,
    /** No DaemonSet pod can run on EKS Fargate or virtual-kubelet nodes. */
    nodeSelection: NodeSelection.linux().and(NodeSelection.excludeVirtualNodes()),
  },
};
