import { Duration } from 'cdk8s';
import { EnvValue } from 'cdk8s-plus-28';
import {
  AwsEbsCsiDriverVersion, CsiDriver, CsiDriverSpec, CustomCsiDriverProps, KubeletRoot, LivenessProbeVersion, NodeDriverRegistrarVersion,
  StorageAgentDaemonSet, StorageAgentDaemonSetProps, VolumeLifecycleMode,
} from '../../src/agents/storage-agent';
import { ValidationError } from '../../src/validation/validation-error';
import { newChart, synth } from '../support/manifests';

const NFS: CustomCsiDriverProps = { name: 'nfs.csi.k8s.io', image: 'registry.k8s.io/sig-storage/nfsplugin:v4.11.0', version: '4.11.0', mountDevices: false };

const build = (props: StorageAgentDaemonSetProps) => () => new StorageAgentDaemonSet(newChart(), 'ebs', props);
const custom = (props: Partial<CustomCsiDriverProps>) => build({ driver: CsiDriver.custom({ ...NFS, ...props }) });
const spec = (s: CsiDriverSpec) => custom({ spec: s });

function problems(fn: () => unknown): { property: string; value: unknown; fix: string }[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.problems.map(p => ({ property: p.property, value: p.value, fix: p.fix }));
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('StorageAgentDaemonSet rejects', () => {
  test('rejects a driver name that is not a lowercase DNS-1123 subdomain of at most 63 characters', () => {
    expect(custom({ name: 'NFS.csi.k8s.io' })).toThrow(/^test\/ebs: invalid driver\.name: "NFS\.csi\.k8s\.io"\. Use the name the driver reports: at most 63 lowercase letters, digits, "-" and "\."/);
    const long = `${'a'.repeat(56)}.csi.io`;
    expect(long).toHaveLength(63);
    expect(custom({ name: long })).not.toThrow();
    expect(custom({ name: `a${long}` })).toThrow(/invalid driver\.name: "a{57}\.csi\.io"\..*\(a DNS-1123 subdomain, as the CSI spec and the CSIDriver object require\), e\.g\. "ebs\.csi\.aws\.com"/);
    expect(custom({ name: 'nfs_csi' })).toThrow(/invalid driver\.name: "nfs_csi"/);
  });

  test('rejects a socket path that is not an absolute file path', () => {
    for (const socketPath of ['csi.sock', '/var/lib/kubelet/plugins/ebs/', '/var/lib/../kubelet/csi.sock', '/csi.sock']) {
      expect(build({ socketPath })).toThrow(new RegExp(`^test/ebs: invalid socketPath: "${socketPath.replace(/[.]/g, '\\.')}"\\. Use the absolute path of a socket file in a directory of its own, without "\\.\\.", e\\.g\\. "/var/lib/kubelet/plugins/example\\.csi\\.k8s\\.io/csi\\.sock"\\.$`));
    }
  });

  test('rejects a socket in the kubelet\'s registration directory', () => {
    expect(build({ socketPath: '/var/lib/kubelet/plugins_registry/ebs.sock' }))
      .toThrow('test/ebs: invalid socketPath: "/var/lib/kubelet/plugins_registry/ebs.sock". The kubelet reads every socket in /var/lib/kubelet/plugins_registry as a registration socket: put the driver\'s socket elsewhere, e.g. "/var/lib/kubelet/plugins/ebs.csi.aws.com/csi.sock".');
  });

  test('rejects Unix socket paths longer than the kernel takes (107 bytes)', () => {
    const socketPath = `/var/lib/kubelet/plugins/${'x'.repeat(74)}/csi.sock`;
    expect(socketPath).toHaveLength(108);
    expect(build({ socketPath })).toThrow(/invalid socketPath: ".*"\. A Unix socket path holds at most 107 bytes \(this one has 108\), or the kubelet cannot connect: choose a shorter path\./);
    expect(build({ socketPath: socketPath.slice(0, 25) + socketPath.slice(26) })).not.toThrow();
    const kubeletRoot = KubeletRoot.of(`/${'k'.repeat(65)}`);
    expect(build({ kubeletRoot, socketPath: '/run/ebs/csi.sock' })).toThrow(
      /invalid kubeletRoot: "\/k{65}"\. The registration socket \/k{65}\/plugins_registry\/ebs\.csi\.aws\.com-reg\.sock would be 108 bytes, more than the 107 a Unix socket path holds/);
  });

  test('rejects a kubelet root that is not an absolute directory', () => {
    for (const path of ['var/lib/kubelet', '/', '//', '/var/lib/../kubelet', '']) {
      expect(() => KubeletRoot.of(path)).toThrow(/^KubeletRoot\.of: invalid path: .*\. Use the absolute directory the kubelet's --root-dir names, other than "\/" and without "\.\.", e\.g\. "\/var\/lib\/kubelet"\.$/);
    }
  });

  test('rejects versions that are not releases, and EKS build numbers below 1', () => {
    expect(() => AwsEbsCsiDriverVersion.of('v1.64.0')).toThrow(/^AwsEbsCsiDriverVersion\.of: invalid version: "v1\.64\.0"\. Use a release number "major\.minor\.patch" without a "v"/);
    expect(() => NodeDriverRegistrarVersion.of('2.17')).toThrow(/^NodeDriverRegistrarVersion\.of: invalid version: "2\.17"/);
    expect(() => LivenessProbeVersion.eksBuild('2.19.0-eksbuild.5', 5)).toThrow(/^LivenessProbeVersion\.eksBuild: invalid version: "2\.19\.0-eksbuild\.5"/);
    expect(() => NodeDriverRegistrarVersion.eksBuild('2.17.0', 0)).toThrow('NodeDriverRegistrarVersion.eksBuild: invalid build: 0. Use the EKS build number, a whole number from 1, e.g. 5 for "v2.17.0-eksbuild.5".');
    expect(() => LivenessProbeVersion.eksBuild('2.19.0', 1.5)).toThrow(/invalid build: 1\.5/);
  });

  test('rejects a log level outside 0 to 10', () => {
    for (const logLevel of [11, -1, 2.5]) {
      expect(build({ driver: CsiDriver.awsEbs({ logLevel }) })).toThrow(`test/ebs: invalid driver.logLevel: ${logLevel}. Use a whole number from 0 to 10, e.g. 2 (4 to debug).`);
    }
  });

  test('rejects a CSIDriver spec the API server would refuse or rewrite', () => {
    expect(spec({ volumeLifecycleModes: [] })).toThrow(/invalid driver\.spec\.volumeLifecycleModes: \[\]\. List at least one mode, e\.g\. \[VolumeLifecycleMode\.PERSISTENT\], or leave it out for Persistent\./);
    expect(spec({ volumeLifecycleModes: [VolumeLifecycleMode.EPHEMERAL, VolumeLifecycleMode.EPHEMERAL] })).toThrow(/invalid driver\.spec\.volumeLifecycleModes: \["Ephemeral","Ephemeral"\]\. List each mode once/);
    expect(spec({ tokenRequests: [{ audience: 'vault' }, { audience: 'vault' }] })).toThrow(/invalid driver\.spec\.tokenRequests\[1\]\.audience: "vault"\. Kubernetes accepts one token request per audience: drop the duplicate\./);
    expect(spec({ tokenRequests: [{ audience: 'vault', expiration: Duration.minutes(5) }] })).toThrow(/invalid driver\.spec\.tokenRequests\[0\]\.expiration: "5 minutes"\. Use whole seconds from 10 minutes to 2\^32 seconds, e\.g\. Duration\.hours\(1\)\./);
    expect(build({ driver: CsiDriver.awsEbs({ nodeAllocatableUpdatePeriod: Duration.seconds(5) }) }))
      .toThrow('test/ebs: invalid driver.spec.nodeAllocatableUpdatePeriod: "5 seconds". Use whole seconds of 10 or more, e.g. Duration.seconds(10).');
    expect(build({ driver: CsiDriver.awsEbs({ nodeAllocatableUpdatePeriod: Duration.millis(10500) }) })).toThrow(/invalid driver\.spec\.nodeAllocatableUpdatePeriod/);
  });

  test('rejects a container name and a version label the API server would refuse', () => {
    expect(custom({ containerName: 'NFS' })).toThrow(/invalid driver\.containerName: "NFS"\. Use at most 63 lowercase letters/);
    expect(custom({ version: '4.11 beta' })).toThrow(/invalid driver\.version: "4\.11 beta"\. Use at most 63 characters/);
  });

  test('rejects an unpinned driver image', () => {
    expect(custom({ image: 'registry.k8s.io/sig-storage/nfsplugin:latest' })).toThrow(/test\/ebs\/DaemonSet: invalid containers\[csi-driver\]\.image: "registry\.k8s\.io\/sig-storage\/nfsplugin:latest"\. Pin the image/);
  });

  test('rejects extraArgs and extraEnv that would replace what the agent manages, naming the prop to use', () => {
    expect(build({ extraArgs: ['--v=5'] })).toThrow('test/ebs: invalid extraArgs[0]: "--v=5". The agent manages --v (it is the log level): use driver: CsiDriver.awsEbs({ logLevel }) instead.');
    expect(build({ extraArgs: ['--endpoint=unix:/tmp/x.sock'] })).toThrow(/invalid extraArgs\[0\]: "--endpoint=unix:\/tmp\/x\.sock"\. The agent manages --endpoint \(the driver listens on the socket the registrar and the kubelet connect to\): use socketPath instead\./);
    expect(build({ extraEnv: { CSI_NODE_NAME: EnvValue.fromValue('node-1') } })).toThrow(/invalid extraEnv\[CSI_NODE_NAME\]: "CSI_NODE_NAME"\. The agent manages CSI_NODE_NAME \(the downward API gives each pod its own node's name/);
    expect(custom({ args: ['--nodeid=$(CSI_NODE_NAME)'] })).not.toThrow();
    expect(build({ driver: CsiDriver.custom({ ...NFS, args: ['--nodeid=$(CSI_NODE_NAME)'] }), extraArgs: ['--nodeid=x'] })).toThrow(/The agent manages --nodeid \(the driver's args set it\): use the args of CsiDriver\.custom\(\) instead\./);
  });

  test('reports every problem at once', () => {
    const found = problems(build({ driver: CsiDriver.custom({ ...NFS, name: 'NFS', containerName: 'Main' }), socketPath: 'csi.sock', extraArgs: [] }));
    expect(found.map(p => p.property)).toEqual(['driver.name', 'driver.containerName', 'socketPath']);
  });

  test('rejects a second installation of one driver that emits its CSIDriver too', () => {
    const chart = newChart();
    new StorageAgentDaemonSet(chart, 'ebs');
    expect(() => new StorageAgentDaemonSet(chart, 'ebs-k0s', { instance: 'ebs-k0s', kubeletRoot: KubeletRoot.K0S }))
      .toThrow('test/ebs-k0s: invalid createCsiDriver: true. test/ebs already emits the CSIDriver ebs.csi.aws.com, and a cluster has one per driver: set createCsiDriver: false on every other installation of the driver.');
    new StorageAgentDaemonSet(chart, 'ebs-k0s-nodes', { instance: 'ebs-k0s', kubeletRoot: KubeletRoot.K0S, createCsiDriver: false });
    expect(synth(chart).filter(o => o.kind === 'CSIDriver')).toHaveLength(1);
  });
});
