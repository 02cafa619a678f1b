import { Duration } from 'cdk8s';
import { ApiResource } from 'cdk8s-plus-28';
import { CSI_DRIVER_SPEC_SCHEMA, CsiDriverSpec, csiDriverSpecProblems, FsGroupPolicy } from './csi-driver-spec';
import { DEFAULTS } from './defaults';
import { KubeletRoot } from './kubelet-root';
import { AwsEbsCsiDriverVersion, LivenessProbeVersion, NodeDriverRegistrarVersion } from './version';
import { AccessRule, ApiVerb } from '../../base/access';
import { Problem } from '../../base/errors';
import { dnsLabelProblems, labelValueProblems } from '../../base/names';
import { NodeRequirement, NodeSelection } from '../../base/node-selection';
import { instanceOf, isBoolean, isString, listOf, optional, Schema, struct } from '../../validation/guards';
import { isDuration } from '../../validation/plus-schemas';
import { ManagedSetting } from '../agent-base';
import { checkCall, count, optionsProblems } from '../agent-guards';

// The CSI spec (v1.12.0, spec.md, GetPluginInfoResponse) allows 63 characters of domain-name
// notation; Kubernetes checks a driver name the same way (ValidateCSIDriverName in
// pkg/apis/core/validation), and the CSIDriver object is named after it, so it must also be a
// lowercase DNS-1123 subdomain.
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_DRIVER_NAME = 63;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// klog's -v takes a non-negative level; 0-10 is what the kubernetes components use.
const MAX_LOG_LEVEL = 10;
const EKS_COMPUTE_TYPE = 'eks.amazonaws.com/compute-type';
// The label virtual-kubelet providers put on their nodes (as NodeSelection.excludeVirtualNodes reads it).
const VIRTUAL_KUBELET_TYPE = 'type';

/** Options of the AWS EBS CSI driver's node plugin. */
export interface AwsEbsCsiOptions {
  /**
   * The aws-ebs-csi-driver release (image and version label).
   * @default AwsEbsCsiDriverVersion.V1_64_0
   */
  readonly version?: AwsEbsCsiDriverVersion;
  /**
   * The node-driver-registrar sidecar.
   * @default NodeDriverRegistrarVersion.V2_17_0_EKSBUILD_5 (the EKS build aws-ebs-csi-driver 1.64.0 pins)
   */
  readonly nodeDriverRegistrarVersion?: NodeDriverRegistrarVersion;
  /**
   * The livenessprobe sidecar.
   * @default LivenessProbeVersion.V2_19_0_EKSBUILD_5 (the EKS build aws-ebs-csi-driver 1.64.0 pins)
   */
  readonly livenessProbeVersion?: LivenessProbeVersion;
  /**
   * The driver's log verbosity (`--v`), 0 to 10.
   * @default 2
   */
  readonly logLevel?: number;
  /**
   * Remove the `ebs.csi.aws.com/agent-not-ready` startup taint from the node once the driver has
   * registered, which needs `patch` on Nodes; a node provisioned with that taint (Karpenter, node
   * group taints) keeps pods that need EBS volumes off until then. Off is the chart's
   * `node.serviceAccount.disableMutation`: no write access to Nodes, for clusters that isolate
   * tenants by node.
   * @default true
   */
  readonly removeStartupTaint?: boolean;
  /**
   * The CSIDriver's `nodeAllocatableUpdatePeriodSeconds`: how often the kubelet re-reads how
   * many EBS volumes the node can still attach (it changes as ENIs attach). Set it, as the chart
   * does for Kubernetes 1.33 and later (10 seconds), on clusters with the
   * MutableCSINodeAllocatableCount feature gate on.
   * @default - unset (the count is read when the driver registers)
   */
  readonly nodeAllocatableUpdatePeriod?: Duration;
}

/** The runtime shape of AwsEbsCsiOptions. */
export const AWS_EBS_CSI_OPTIONS_SCHEMA: Schema<AwsEbsCsiOptions> = {
  version: optional(instanceOf(AwsEbsCsiDriverVersion, 'AwsEbsCsiDriverVersion.V1_64_0')),
  nodeDriverRegistrarVersion: optional(instanceOf(NodeDriverRegistrarVersion, 'NodeDriverRegistrarVersion.V2_17_0')),
  livenessProbeVersion: optional(instanceOf(LivenessProbeVersion, 'LivenessProbeVersion.V2_19_0')),
  logLevel: optional(count('a log level from 0 to 10, e.g. 2')),
  removeStartupTaint: optional(isBoolean),
  nodeAllocatableUpdatePeriod: optional(isDuration),
};

/** Any CSI driver's node plugin, described by what the storage agent needs to run it. */
export interface CustomCsiDriverProps {
  /** The driver's name as it reports it (GetPluginInfo), e.g. "nfs.csi.k8s.io": the CSIDriver's name too. */
  readonly name: string;
  /** The node plugin's image, pinned. */
  readonly image: string;
  /** The version the image runs (`app.kubernetes.io/version`). */
  readonly version: string;
  /**
   * The driver container's name.
   * @default "csi-driver"
   */
  readonly containerName?: string;
  /**
   * The command.
   * @default - the image's entrypoint
   */
  readonly command?: string[];
  /**
   * The arguments. The driver finds its socket in `CSI_ENDPOINT` (`unix:///csi/csi.sock`, as the
   * CSI spec has the plugin supervisor pass it) and its node in `CSI_NODE_NAME`; drivers that take
   * them as flags use `--endpoint=$(CSI_ENDPOINT)` and `--nodeid=$(CSI_NODE_NAME)`.
   * @default - none
   */
  readonly args?: string[];
  /**
   * How Kubernetes treats the driver's volumes (the CSIDriver object).
   * @default - the API's defaults: attach required, no pod info, FsGroupPolicy.READ_WRITE_ONCE_WITH_FS_TYPE, persistent volumes only
   */
  readonly spec?: CsiDriverSpec;
  /**
   * Mount the node's /dev, which a driver of block volumes needs to find, format and mount the
   * disks attached to the node. A driver of network or in-memory volumes (NFS, secrets) does not.
   * @default true
   */
  readonly mountDevices?: boolean;
  /**
   * The node-driver-registrar sidecar.
   * @default NodeDriverRegistrarVersion.V2_17_0
   */
  readonly nodeDriverRegistrarVersion?: NodeDriverRegistrarVersion;
  /**
   * The livenessprobe sidecar.
   * @default LivenessProbeVersion.V2_19_0
   */
  readonly livenessProbeVersion?: LivenessProbeVersion;
}

/** The runtime shape of CustomCsiDriverProps. */
export const CUSTOM_CSI_DRIVER_PROPS_SCHEMA: Schema<CustomCsiDriverProps> = {
  name: isString,
  image: isString,
  version: isString,
  containerName: optional(isString),
  command: optional(listOf(isString)),
  args: optional(listOf(isString)),
  spec: optional(struct(CSI_DRIVER_SPEC_SCHEMA, 'CsiDriverSpec')),
  mountDevices: optional(isBoolean),
  nodeDriverRegistrarVersion: optional(instanceOf(NodeDriverRegistrarVersion, 'NodeDriverRegistrarVersion.V2_17_0')),
  livenessProbeVersion: optional(instanceOf(LivenessProbeVersion, 'LivenessProbeVersion.V2_19_0')),
};

/**
 * The application name of a custom driver: its name's first label, e.g. "nfs-csi-driver" for
 * nfs.csi.k8s.io. It is also the default instance, which names the objects and must be a DNS-1123
 * label (no dots); a name that gives none (reported as the driver's name) falls back to "csi-driver".
 */
function appNameOf(driverName: string): string {
  const name = `${driverName.split('.')[0]}-csi-driver`;
  return name.length <= MAX_DRIVER_NAME && DNS1123_LABEL.test(name) ? name : 'csi-driver';
}

interface DriverSpec {
  readonly name: string;
  readonly appName: string;
  readonly version: string;
  readonly image: string;
  readonly containerName: string;
  readonly command?: string[];
  readonly args: (root: KubeletRoot) => string[];
  readonly endpoint: (socket: string) => string;
  readonly spec: CsiDriverSpec;
  readonly nodeDriverRegistrarVersion: NodeDriverRegistrarVersion;
  readonly livenessProbeVersion: LivenessProbeVersion;
  readonly mountDevices: boolean;
  readonly nodeSelection: NodeSelection;
  readonly access: AccessRule[];
  readonly accessJustification?: string;
  readonly env: Record<string, string>;
  readonly preStop?: string[];
  readonly managedFlags: Record<string, ManagedSetting>;
  readonly problems: (property: string) => Problem[];
}

/**
 * The CSI driver a StorageAgentDaemonSet runs the node plugin of: the AWS EBS CSI driver (the
 * default), or any driver by its image, name and CSIDriver spec.
 *
 * @example
 * CsiDriver.awsEbs({ logLevel: 4 })
 * CsiDriver.custom({ name: 'nfs.csi.k8s.io', image: 'registry.k8s.io/sig-storage/nfsplugin:v4.11.0', version: '4.11.0', args: ['--nodeid=$(CSI_NODE_NAME)', '--endpoint=$(CSI_ENDPOINT)'], mountDevices: false })
 */
export class CsiDriver {
  /**
   * The AWS EBS CSI driver's node plugin, as aws-ebs-csi-driver's deploy/kubernetes/base/node.yaml
   * runs it: privileged (it formats and mounts the node's disks), with a pre-stop hook that waits
   * for the node's volumes to detach when the node is drained, on Linux nodes that are not EKS
   * Fargate, Auto Mode (which has its own EBS driver), hybrid (on-premises) or virtual-kubelet nodes. The controller
   * half (attach, provision, resize, snapshot) is not a node agent: install it with its IAM role,
   * e.g. from the aws-ebs-csi-driver chart with `node.enableLinux: false`, which creates the
   * CSIDriver too (then set the agent's `createCsiDriver: false`).
   */
  public static awsEbs(options: AwsEbsCsiOptions = {}): CsiDriver {
    checkCall('CsiDriver.awsEbs', optionsProblems(options, 'options', AWS_EBS_CSI_OPTIONS_SCHEMA, 'AwsEbsCsiOptions'));
    const d = DEFAULTS.awsEbs;
    const version = options.version ?? d.version;
    const logLevel = options.logLevel ?? d.logLevel;
    const removeTaint = options.removeStartupTaint ?? d.removeStartupTaint;
    return new CsiDriver({
      name: d.name,
      appName: 'aws-ebs-csi-driver',
      version: version.version,
      image: version.image,
      containerName: 'ebs-plugin',
      args: root => [
        'node', '--endpoint=$(CSI_ENDPOINT)', `--csi-mount-point-prefix=${root._csiMountDirectory(d.name)}`, '--logging-format=text', `--v=${logLevel}`,
      ],
      endpoint: socket => `unix:${socket}`,
      // deploy/kubernetes/base/csidriver.yaml at helm-chart-aws-ebs-csi-driver-2.64.0.
      spec: {
        attachRequired: true,
        podInfoOnMount: false,
        fsGroupPolicy: FsGroupPolicy.FILE,
        nodeAllocatableUpdatePeriod: options.nodeAllocatableUpdatePeriod,
      },
      nodeDriverRegistrarVersion: options.nodeDriverRegistrarVersion ?? d.nodeDriverRegistrarVersion,
      livenessProbeVersion: options.livenessProbeVersion ?? d.livenessProbeVersion,
      mountDevices: true,
      // The chart's default affinity: Fargate runs no DaemonSet pods, Auto Mode nodes bring their
      // own EBS driver, hybrid nodes (on premises) have no EBS. Virtual-kubelet nodes too, as for
      // every agent (NodeSelection.excludeVirtualNodes): they have no host to mount volumes on.
      nodeSelection: NodeSelection.linux().and(NodeSelection.matching(
        NodeRequirement.notIn(EKS_COMPUTE_TYPE, 'fargate', 'auto', 'hybrid'),
        NodeRequirement.notIn(VIRTUAL_KUBELET_TYPE, 'virtual-kubelet'),
      )),
      // The chart's ClusterRole (charts/aws-ebs-csi-driver/templates/clusterrole-csi-node.yaml at
      // helm-chart-aws-ebs-csi-driver-2.64.0), rule by rule; the pre-stop hook and the taint
      // watcher the justification names are cmd/hooks/prestop.go and pkg/driver/node.go there.
      access: [
        AccessRule.read(ApiResource.VOLUME_ATTACHMENTS),
        AccessRule.allow([ApiVerb.GET], ApiResource.NODES),
        ...(removeTaint ? [
          AccessRule.allow([ApiVerb.PATCH, ApiVerb.LIST, ApiVerb.WATCH], ApiResource.NODES),
          AccessRule.allow([ApiVerb.GET], ApiResource.CSI_NODES),
        ] : []),
      ],
      accessJustification: 'The pre-stop hook (cmd/hooks/prestop.go) reads its Node to tell a drain from a restart and, on a drain, watches the VolumeAttachments until the node\'s volumes are detached, so pods moving elsewhere do not wait 6 minutes for a forced detach. '
        + (removeTaint ? 'The taint watcher (pkg/driver/node.go) lists and watches its own Node and patches it to remove the ebs.csi.aws.com/agent-not-ready startup taint once its CSINode shows the driver registered (get csinodes).' : 'Taint removal is off (DISABLE_TAINT_WATCHER): no write access to Nodes.'),
      env: removeTaint ? {} : { DISABLE_TAINT_WATCHER: 'true' },
      preStop: ['/bin/aws-ebs-csi-driver', 'pre-stop-hook'],
      managedFlags: {
        '--endpoint': { reason: 'the driver listens on the socket the registrar and the kubelet connect to', prop: 'socketPath' },
        '--csi-mount-point-prefix': { reason: 'the driver treats mounts below the kubelet\'s CSI directory as its volumes', prop: 'kubeletRoot' },
        '--v': { reason: 'it is the log level', prop: 'driver: CsiDriver.awsEbs({ logLevel })' },
        '--logging-format': { reason: 'the manifest\'s text format' },
      },
      problems: property => Number.isInteger(logLevel) && logLevel >= 0 && logLevel <= MAX_LOG_LEVEL ? [] : [{
        property: `${property}.logLevel`, value: logLevel, expected: `Use a whole number from 0 to ${MAX_LOG_LEVEL}, e.g. 2 (4 to debug).`,
      }],
    });
  }

  /** Any other CSI driver's node plugin. */
  public static custom(props: CustomCsiDriverProps): CsiDriver {
    checkCall('CsiDriver.custom', optionsProblems(props, 'props', CUSTOM_CSI_DRIVER_PROPS_SCHEMA, 'CustomCsiDriverProps', true));
    const d = DEFAULTS.custom;
    const args = [...(props.args ?? [])];
    return new CsiDriver({
      name: props.name,
      appName: appNameOf(props.name),
      version: props.version,
      image: props.image,
      containerName: props.containerName ?? d.containerName,
      command: props.command,
      args: () => args,
      endpoint: socket => `unix://${socket}`,
      spec: { ...props.spec },
      nodeDriverRegistrarVersion: props.nodeDriverRegistrarVersion ?? d.nodeDriverRegistrarVersion,
      livenessProbeVersion: props.livenessProbeVersion ?? d.livenessProbeVersion,
      mountDevices: props.mountDevices ?? d.mountDevices,
      nodeSelection: d.nodeSelection,
      access: [],
      env: {},
      managedFlags: Object.fromEntries(args.filter(a => a.startsWith('-')).map(a => [a.split('=')[0], {
        reason: 'the driver\'s args set it', prop: 'the args of CsiDriver.custom()',
      }])),
      problems: property => [
        ...labelValueProblems(`${property}.version`, props.version),
        ...dnsLabelProblems(`${property}.containerName`, props.containerName ?? d.containerName),
      ],
    });
  }

  /** The driver's name (GetPluginInfo), and the CSIDriver object's. */
  public readonly name: string;
  /** The application name (`app.kubernetes.io/name`). */
  public readonly appName: string;
  /** The version label. */
  public readonly version: string;
  /** The node plugin's image. */
  public readonly image: string;
  /** The driver container's name. */
  public readonly containerName: string;
  /** The command, or undefined for the image's entrypoint. */
  public readonly command?: string[];
  /** How Kubernetes treats the driver's volumes. */
  public readonly spec: CsiDriverSpec;
  /** The node-driver-registrar sidecar. */
  public readonly nodeDriverRegistrarVersion: NodeDriverRegistrarVersion;
  /** The livenessprobe sidecar. */
  public readonly livenessProbeVersion: LivenessProbeVersion;
  /** Whether the node's /dev is mounted. */
  public readonly mountDevices: boolean;
  /** The nodes the driver runs on unless the agent's `nodeSelection` says otherwise. */
  public readonly nodeSelection: NodeSelection;
  /** The API permissions the node plugin needs. */
  public readonly accessRules: AccessRule[];
  /** @internal Why the node plugin calls the API, for the privilege report. */
  public readonly _accessJustification?: string;
  /** @internal Env vars of the driver container beyond CSI_ENDPOINT and CSI_NODE_NAME. */
  public readonly _env: Record<string, string>;
  /** @internal The driver container's pre-stop command. */
  public readonly _preStop?: string[];
  /** @internal The flags of the driver's command line that extraArgs may not set again. */
  public readonly _managedFlags: Record<string, ManagedSetting>;
  private readonly definition: DriverSpec;

  private constructor(spec: DriverSpec) {
    this.name = spec.name;
    this.appName = spec.appName;
    this.version = spec.version;
    this.image = spec.image;
    this.containerName = spec.containerName;
    this.command = spec.command;
    this.spec = spec.spec;
    this.nodeDriverRegistrarVersion = spec.nodeDriverRegistrarVersion;
    this.livenessProbeVersion = spec.livenessProbeVersion;
    this.mountDevices = spec.mountDevices;
    this.nodeSelection = spec.nodeSelection;
    this.accessRules = spec.access;
    this._accessJustification = spec.accessJustification;
    this._env = spec.env;
    this._preStop = spec.preStop;
    this._managedFlags = spec.managedFlags;
    this.definition = spec;
  }

  /** @internal The driver's arguments for a kubelet root directory. */
  public _args(root: KubeletRoot): string[] {
    return this.definition.args(root);
  }

  /** @internal The CSI_ENDPOINT value for the socket's path in the container. */
  public _endpoint(socket: string): string {
    return this.definition.endpoint(socket);
  }

  /** @internal What would make the driver fail to register or its CSIDriver be refused. */
  public _problems(property: string): Problem[] {
    const problems: Problem[] = [];
    if (this.name.length > MAX_DRIVER_NAME || !DNS1123_SUBDOMAIN.test(this.name)) {
      problems.push({ property: `${property}.name`, value: this.name, expected: `Use the name the driver reports: at most ${MAX_DRIVER_NAME} lowercase letters, digits, "-" and ".", starting and ending with a letter or digit (a DNS-1123 subdomain, as the CSI spec and the CSIDriver object require), e.g. "ebs.csi.aws.com".` });
    }
    problems.push(...this.definition.problems(property), ...csiDriverSpecProblems(`${property}.spec`, this.spec));
    return problems;
  }
}
