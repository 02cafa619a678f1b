/**
 * Bad-input catalog: the storage agent, its CSI drivers, the CSIDriver spec, the kubelet root and
 * the version classes.
 */
import { Duration } from 'cdk8s';
import { EnvValue } from 'cdk8s-plus-28';
import { BadInput, catalog } from './catalog';
import {
  AwsEbsCsiDriverVersion, CsiDriver, CsiDriverSpec, CustomCsiDriverProps, KubeletRoot, LivenessProbeVersion, NodeDriverRegistrarVersion,
  StorageAgentDaemonSet, StorageAgentDaemonSetProps, VolumeLifecycleMode,
} from '../../src';

const PATH = 'test/storage';
const NFS: CustomCsiDriverProps = { name: 'nfs.csi.k8s.io', image: 'registry.k8s.io/sig-storage/nfsplugin:v4.11.0', version: '4.11.0', mountDevices: false };
const storage = (props: StorageAgentDaemonSetProps) => (chart: any) => new StorageAgentDaemonSet(chart, 'storage', props);
const custom = (props: Partial<CustomCsiDriverProps>) => storage({ driver: CsiDriver.custom({ ...NFS, ...props }) });
const spec = (s: CsiDriverSpec) => custom({ spec: s });

const rows: BadInput[] = [
  {
    name: 'rejects a driver name with capitals (the CSIDriver is named after it)',
    build: custom({ name: 'NFS.csi.k8s.io' }),
    error: { path: PATH, property: 'driver.name', value: '"NFS.csi.k8s.io"', fix: 'a DNS-1123 subdomain, as the CSI spec and the CSIDriver object require' },
  },
  {
    name: 'rejects a driver name over 63 characters',
    build: custom({ name: `${'n'.repeat(60)}.csi.io` }),
    error: { path: PATH, property: 'driver.name', value: `"${'n'.repeat(60)}.csi.io"`, fix: 'at most 63 lowercase letters, digits, "-" and "."' },
  },
  {
    name: 'rejects a relative socket path',
    build: storage({ socketPath: 'plugins/ebs/csi.sock' }),
    error: { path: PATH, property: 'socketPath', value: '"plugins/ebs/csi.sock"', fix: 'Use the absolute path of a socket file in a directory of its own' },
  },
  {
    name: 'rejects a socket in the kubelet\'s registration directory',
    build: storage({ kubeletRoot: KubeletRoot.K0S, socketPath: '/var/lib/k0s/kubelet/plugins_registry/ebs.sock' }),
    error: { path: PATH, property: 'socketPath', value: '"/var/lib/k0s/kubelet/plugins_registry/ebs.sock"', fix: 'The kubelet reads every socket in /var/lib/k0s/kubelet/plugins_registry as a registration socket' },
  },
  {
    name: 'rejects a socket path longer than a Unix socket address holds',
    build: storage({ socketPath: `/run/${'s'.repeat(100)}/csi.sock` }),
    error: { path: PATH, property: 'socketPath', value: `"/run/${'s'.repeat(100)}/csi.sock"`, fix: 'A Unix socket path holds at most 107 bytes (this one has 114)' },
  },
  {
    name: 'rejects a kubelet root that makes the registration socket path too long',
    build: storage({ kubeletRoot: KubeletRoot.of(`/${'r'.repeat(70)}`), socketPath: '/run/ebs/csi.sock' }),
    error: { path: PATH, property: 'kubeletRoot', value: `"/${'r'.repeat(70)}"`, fix: 'Use a shorter driver name or kubelet root.' },
  },
  {
    name: 'rejects a kubelet root that is not absolute',
    build: () => KubeletRoot.of('var/lib/kubelet'),
    error: { path: 'KubeletRoot.of', property: 'path', value: '"var/lib/kubelet"', fix: 'Use the absolute directory the kubelet\'s --root-dir names' },
  },
  {
    name: 'rejects a log level above 10',
    build: storage({ driver: CsiDriver.awsEbs({ logLevel: 11 }) }),
    error: { path: PATH, property: 'driver.logLevel', value: '11', fix: 'Use a whole number from 0 to 10, e.g. 2 (4 to debug).' },
    absent: '--v=11',
  },
  {
    name: 'rejects an update period under 10 seconds',
    build: storage({ driver: CsiDriver.awsEbs({ nodeAllocatableUpdatePeriod: Duration.seconds(5) }) }),
    error: { path: PATH, property: 'driver.spec.nodeAllocatableUpdatePeriod', value: '"5 seconds"', fix: 'Use whole seconds of 10 or more' },
    absent: 'nodeAllocatableUpdatePeriodSeconds',
  },
  {
    name: 'rejects an empty list of volume lifecycle modes',
    build: spec({ volumeLifecycleModes: [] }),
    error: { path: PATH, property: 'driver.spec.volumeLifecycleModes', value: '[]', fix: 'List at least one mode' },
    absent: 'volumeLifecycleModes',
  },
  {
    name: 'rejects a lifecycle mode listed twice',
    build: spec({ volumeLifecycleModes: [VolumeLifecycleMode.PERSISTENT, VolumeLifecycleMode.PERSISTENT] }),
    error: { path: PATH, property: 'driver.spec.volumeLifecycleModes', value: '["Persistent","Persistent"]', fix: 'List each mode once' },
    absent: 'volumeLifecycleModes',
  },
  {
    name: 'rejects two token requests for one audience',
    build: spec({ tokenRequests: [{ audience: 'vault' }, { audience: 'vault' }] }),
    error: { path: PATH, property: 'driver.spec.tokenRequests[1].audience', value: '"vault"', fix: 'Kubernetes accepts one token request per audience' },
  },
  {
    name: 'rejects a token shorter-lived than 10 minutes',
    build: spec({ tokenRequests: [{ audience: 'vault', expiration: Duration.minutes(9) }] }),
    error: { path: PATH, property: 'driver.spec.tokenRequests[0].expiration', value: '"9 minutes"', fix: 'Use whole seconds from 10 minutes to 2^32 seconds' },
    absent: 'expirationSeconds',
  },
  {
    name: 'rejects a driver container name that is not a DNS label',
    build: custom({ containerName: 'NFS_Plugin' }),
    error: { path: PATH, property: 'driver.containerName', value: '"NFS_Plugin"', fix: 'Use at most 63 lowercase letters, digits and "-"' },
  },
  {
    name: 'rejects a flag the agent manages in extraArgs, naming the prop',
    build: storage({ extraArgs: ['--csi-mount-point-prefix=/data/kubelet/'] }),
    error: { path: PATH, property: 'extraArgs[0]', value: '"--csi-mount-point-prefix=/data/kubelet/"', fix: 'use kubeletRoot instead' },
  },
  {
    name: 'rejects an env var the agent manages in extraEnv',
    build: storage({ extraEnv: { CSI_ENDPOINT: EnvValue.fromValue('unix:/tmp/csi.sock') } }),
    error: { path: PATH, property: 'extraEnv[CSI_ENDPOINT]', value: '"CSI_ENDPOINT"', fix: 'use socketPath instead' },
    absent: 'unix:/tmp/csi.sock',
  },
  {
    name: 'rejects a second CSIDriver for the same driver',
    build: chart => {
      new StorageAgentDaemonSet(chart, 'first');
      new StorageAgentDaemonSet(chart, 'storage', { instance: 'ebs-k0s', kubeletRoot: KubeletRoot.K0S });
    },
    error: { path: PATH, property: 'createCsiDriver', value: 'true', fix: 'set createCsiDriver: false on every other installation of the driver' },
    absent: 'ebs-k0s',
  },
  {
    name: 'rejects a driver release with a "v"',
    build: () => AwsEbsCsiDriverVersion.of('v1.64.0'),
    error: { path: 'AwsEbsCsiDriverVersion.of', property: 'version', value: '"v1.64.0"', fix: 'Use a release number "major.minor.patch" without a "v"' },
  },
  {
    name: 'rejects an EKS build number of 0',
    build: () => NodeDriverRegistrarVersion.eksBuild('2.17.0', 0),
    error: { path: 'NodeDriverRegistrarVersion.eksBuild', property: 'build', value: '0', fix: 'Use the EKS build number, a whole number from 1' },
    absent: 'eksbuild.0',
  },
  {
    name: 'rejects a sidecar release of two numbers',
    build: () => LivenessProbeVersion.of('2.19'),
    error: { path: 'LivenessProbeVersion.of', property: 'version', value: '"2.19"', fix: 'Use a release number "major.minor.patch"' },
  },
];

describe('bad inputs: StorageAgentDaemonSet', () => catalog(rows));
