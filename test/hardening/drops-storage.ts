/**
 * No-silent-drops tables for the storage agent and its building blocks: every prop of
 * StorageAgentDaemonSetProps (the shared options included), of both CSI drivers' options and of
 * the CSIDriver spec, each looked up where Kubernetes reads it.
 */
import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { DropTable } from './drops';
import { addUnpinnedSidecar, once, shared, sharedRows } from './drops-agents';
import {
  AwsEbsCsiDriverVersion, CsiDriver, FsGroupPolicy, KubeletRoot, LivenessProbeVersion, NodeDriverRegistrarVersion, StorageAgentDaemonSet,
  VolumeLifecycleMode,
} from '../../src';

const EBS_POD = 'DaemonSet/drop-ebs spec.template.spec';
const EBS = `${EBS_POD}.containers[name=ebs-plugin]`;
const CUSTOM_POD = 'DaemonSet/drop-csi spec.template.spec';
const CSI_DRIVER = 'CSIDriver/drop.csi.example.com spec';

export const storageObjects = once(chart => {
  addUnpinnedSidecar(new StorageAgentDaemonSet(chart, 'ebs', {
    ...shared('ebs', ['--drop-arg']),
    driver: CsiDriver.awsEbs({
      version: AwsEbsCsiDriverVersion.of('1.65.2'),
      nodeDriverRegistrarVersion: NodeDriverRegistrarVersion.eksBuild('2.18.1', 7),
      livenessProbeVersion: LivenessProbeVersion.eksBuild('2.20.1', 7),
      logLevel: 7,
      removeStartupTaint: false,
      nodeAllocatableUpdatePeriod: Duration.seconds(77),
    }),
    kubeletRoot: KubeletRoot.of('/drop/kubelet'),
    socketPath: '/drop/sockets/ebs/drop.sock',
    sidecarResources: { cpu: { request: Cpu.millis(17) }, memory: { request: Size.mebibytes(17), limit: Size.mebibytes(27) } },
    terminationGracePeriod: Duration.seconds(47),
  }));
  new StorageAgentDaemonSet(chart, 'csi', {
    namespace: 'drop-ns-ebs',
    instance: 'drop-csi',
    createNamespace: false,
    driver: CsiDriver.custom({
      name: 'drop.csi.example.com',
      image: 'registry.example.com/drop-csi:v7.7.7',
      version: '7.7.7',
      containerName: 'drop-plugin',
      command: ['/drop-plugin'],
      args: ['--drop-mode'],
      spec: {
        attachRequired: false,
        podInfoOnMount: true,
        fsGroupPolicy: FsGroupPolicy.NONE,
        volumeLifecycleModes: [VolumeLifecycleMode.EPHEMERAL],
        requiresRepublish: true,
        storageCapacity: true,
        seLinuxMount: true,
        tokenRequests: [{ audience: 'drop-audience', expiration: Duration.minutes(17) }],
        nodeAllocatableUpdatePeriod: Duration.seconds(27),
      },
      mountDevices: false,
      nodeDriverRegistrarVersion: NodeDriverRegistrarVersion.of('2.16.7'),
      livenessProbeVersion: LivenessProbeVersion.of('2.18.7'),
    }),
  });
  // The EBS installation above emits ebs.csi.aws.com's CSIDriver; a second one must not.
  new StorageAgentDaemonSet(chart, 'ebs-quiet', { namespace: 'drop-ns-ebs', instance: 'drop-ebs-quiet', createNamespace: false, createCsiDriver: false });
});

export const storageTables: DropTable[] = [
  {
    struct: 'StorageAgentDaemonSetProps',
    synth: storageObjects,
    rows: {
      ...sharedRows('ebs', 'ebs-plugin', {
        'containers[name=ebs-plugin]': 'ebs-csi-driver/aws-ebs-csi-driver:v1.65.2',
        'containers[name=node-driver-registrar]': 'csi-components/csi-node-driver-registrar:v2.18.1-eksbuild.7',
        'containers[name=liveness-probe]': 'csi-components/livenessprobe:v2.20.1-eksbuild.7',
      }),
      driver: { at: `${EBS}.image`, has: 'aws-ebs-csi-driver:v1.65.2' },
      kubeletRoot: [
        { at: `${EBS_POD}.volumes[name=kubelet-dir].hostPath.path`, is: '/drop/kubelet' },
        { at: `${EBS_POD}.volumes[name=registration-dir].hostPath.path`, is: '/drop/kubelet/plugins_registry' },
      ],
      socketPath: [
        { at: `${EBS_POD}.volumes[name=plugin-dir].hostPath.path`, is: '/drop/sockets/ebs' },
        { at: `${EBS_POD}.containers[name=node-driver-registrar].env`, has: { name: 'DRIVER_REG_SOCK_PATH', value: '/drop/sockets/ebs/drop.sock' } },
      ],
      sidecarResources: { at: `${EBS_POD}.containers[name=liveness-probe].resources`, is: { requests: { cpu: '17m', memory: '17Mi' }, limits: { memory: '27Mi' } } },
      terminationGracePeriod: { at: `${EBS_POD}.terminationGracePeriodSeconds`, is: 47 },
      createCsiDriver: { at: 'DaemonSet/drop-ebs-quiet', has: {} },
    },
  },
  {
    struct: 'AwsEbsCsiOptions',
    synth: storageObjects,
    rows: {
      version: { at: 'DaemonSet/drop-ebs metadata.labels["app.kubernetes.io/version"]', is: '1.65.2' },
      nodeDriverRegistrarVersion: { at: `${EBS_POD}.containers[name=node-driver-registrar].image`, has: ':v2.18.1-eksbuild.7' },
      livenessProbeVersion: { at: `${EBS_POD}.containers[name=liveness-probe].image`, has: ':v2.20.1-eksbuild.7' },
      logLevel: { at: `${EBS}.args`, has: '--v=7' },
      removeStartupTaint: { at: `${EBS}.env`, has: { name: 'DISABLE_TAINT_WATCHER', value: 'true' } },
      nodeAllocatableUpdatePeriod: { at: 'CSIDriver/ebs.csi.aws.com spec.nodeAllocatableUpdatePeriodSeconds', is: 77 },
    },
  },
  {
    struct: 'CustomCsiDriverProps',
    synth: storageObjects,
    rows: {
      name: { at: `${CUSTOM_POD}.volumes[name=plugin-dir].hostPath.path`, is: '/var/lib/kubelet/plugins/drop.csi.example.com' },
      image: { at: `${CUSTOM_POD}.containers[name=drop-plugin].image`, is: 'registry.example.com/drop-csi:v7.7.7' },
      version: { at: 'DaemonSet/drop-csi metadata.labels["app.kubernetes.io/version"]', is: '7.7.7' },
      containerName: { at: `${CUSTOM_POD}.containers[0].name`, is: 'drop-plugin' },
      command: { at: `${CUSTOM_POD}.containers[name=drop-plugin].command`, is: ['/drop-plugin'] },
      args: { at: `${CUSTOM_POD}.containers[name=drop-plugin].args`, is: ['--drop-mode'] },
      spec: { at: `${CSI_DRIVER}.attachRequired`, is: false },
      mountDevices: { at: `${CUSTOM_POD}.volumes[name=device-dir]`, is: undefined },
      nodeDriverRegistrarVersion: { at: `${CUSTOM_POD}.containers[name=node-driver-registrar].image`, is: 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.16.7' },
      livenessProbeVersion: { at: `${CUSTOM_POD}.containers[name=liveness-probe].image`, is: 'registry.k8s.io/sig-storage/livenessprobe:v2.18.7' },
    },
  },
  {
    struct: 'CsiDriverSpec',
    synth: storageObjects,
    rows: {
      attachRequired: { at: `${CSI_DRIVER}.attachRequired`, is: false },
      podInfoOnMount: { at: `${CSI_DRIVER}.podInfoOnMount`, is: true },
      fsGroupPolicy: { at: `${CSI_DRIVER}.fsGroupPolicy`, is: 'None' },
      volumeLifecycleModes: { at: `${CSI_DRIVER}.volumeLifecycleModes`, is: ['Ephemeral'] },
      requiresRepublish: { at: `${CSI_DRIVER}.requiresRepublish`, is: true },
      storageCapacity: { at: `${CSI_DRIVER}.storageCapacity`, is: true },
      seLinuxMount: { at: `${CSI_DRIVER}.seLinuxMount`, is: true },
      tokenRequests: { at: `${CSI_DRIVER}.tokenRequests[0].audience`, is: 'drop-audience' },
      nodeAllocatableUpdatePeriod: { at: `${CSI_DRIVER}.nodeAllocatableUpdatePeriodSeconds`, is: 27 },
    },
  },
  {
    struct: 'CsiTokenRequest',
    synth: storageObjects,
    rows: {
      audience: { at: `${CSI_DRIVER}.tokenRequests[0].audience`, is: 'drop-audience' },
      expiration: { at: `${CSI_DRIVER}.tokenRequests[0].expirationSeconds`, is: 17 * 60 },
    },
  },
];
