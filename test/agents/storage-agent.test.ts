import { Duration, Size } from 'cdk8s';
import { Cpu, EnvValue } from 'cdk8s-plus-28';
import {
  AwsEbsCsiDriverVersion, CsiDriver, FsGroupPolicy, KubeletRoot, LivenessProbeVersion, NodeDriverRegistrarVersion, StorageAgentDaemonSet,
  StorageAgentDaemonSetProps, VolumeLifecycleMode,
} from '../../src/agents/storage-agent';
import { PrivilegeAudit } from '../../src/audit/privilege-report';
import { JUSTIFICATION_PREFIX } from '../../src/base/privileges';
import { SyncWave } from '../../src/gitops/sync-wave';
import { everyObjectIn, psaLabels, wavesOf } from '../support/gitops';
import { Manifest, newChart, only, synth } from '../support/manifests';

function agent(props: StorageAgentDaemonSetProps = {}): Manifest[] {
  const chart = newChart();
  new StorageAgentDaemonSet(chart, 'ebs', props);
  return synth(chart);
}

const podSpec = (objs: Manifest[]) => only(objs, 'DaemonSet').spec.template.spec;
const container = (objs: Manifest[], name: string) => podSpec(objs).containers.find((c: any) => c.name === name);
const volume = (objs: Manifest[], name: string) => podSpec(objs).volumes.find((v: any) => v.name === name);
const mount = (c: any, name: string) => c.volumeMounts?.find((m: any) => m.name === name);
const env = (c: any) => Object.fromEntries(c.env.map((e: any) => [e.name, e.value ?? e.valueFrom.fieldRef.fieldPath]));

const NFS = {
  name: 'nfs.csi.k8s.io',
  image: 'registry.k8s.io/sig-storage/nfsplugin:v4.11.0',
  version: '4.11.0',
  args: ['--nodeid=$(CSI_NODE_NAME)', '--endpoint=$(CSI_ENDPOINT)'],
  mountDevices: false,
};

describe('StorageAgentDaemonSet', () => {
  test('synthesizes the defaults', () => {
    expect(agent()).toMatchSnapshot();
  });

  describe('production defaults: the AWS EBS CSI driver\'s node plugin', () => {
    const objs = agent();
    const ds = only(objs, 'DaemonSet');
    const spec = podSpec(objs);
    const driver = container(objs, 'ebs-plugin');
    const registrar = container(objs, 'node-driver-registrar');
    const probe = container(objs, 'liveness-probe');

    test('emits the DaemonSet, its ServiceAccount, ClusterRole and binding, the CSIDriver and the storage Namespace', () => {
      expect(objs.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
        'CSIDriver/ebs.csi.aws.com',
        'ClusterRole/storage-aws-ebs-csi-driver',
        'ClusterRoleBinding/storage-aws-ebs-csi-driver',
        'DaemonSet/aws-ebs-csi-driver',
        'Namespace/storage',
        'ServiceAccount/aws-ebs-csi-driver',
      ]);
      expect(ds.metadata.namespace).toBe('storage');
      expect(only(objs, 'CSIDriver').metadata.namespace).toBeUndefined();
    });

    test('labels every object with the recommended labels, the version from AwsEbsCsiDriverVersion.V1_64_0', () => {
      const labels = {
        'app.kubernetes.io/name': 'aws-ebs-csi-driver',
        'app.kubernetes.io/instance': 'aws-ebs-csi-driver',
        'app.kubernetes.io/version': '1.64.0',
        'app.kubernetes.io/component': 'csi-node',
        'app.kubernetes.io/managed-by': 'cdk8s',
      };
      for (const o of objs.filter(x => x.kind !== 'Namespace')) expect(o.metadata.labels).toEqual(labels);
      expect(ds.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'aws-ebs-csi-driver', 'app.kubernetes.io/instance': 'aws-ebs-csi-driver' });
    });

    test('runs the driver, node-driver-registrar and livenessprobe at the versions aws-ebs-csi-driver 1.64.0 pins', () => {
      expect(spec.containers.map((c: any) => [c.name, c.image])).toEqual([
        ['ebs-plugin', 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.64.0'],
        ['node-driver-registrar', 'public.ecr.aws/csi-components/csi-node-driver-registrar:v2.17.0-eksbuild.5'],
        ['liveness-probe', 'public.ecr.aws/csi-components/livenessprobe:v2.19.0-eksbuild.5'],
      ]);
      expect(spec.initContainers).toBeUndefined();
    });

    test('runs the driver in node mode on the socket, with its node name from the downward API', () => {
      expect(driver.args).toEqual(['node', '--endpoint=$(CSI_ENDPOINT)', '--csi-mount-point-prefix=/var/lib/kubelet/plugins/kubernetes.io/csi/ebs.csi.aws.com/', '--logging-format=text', '--v=2']);
      expect(env(driver)).toEqual({ CSI_ENDPOINT: 'unix:/csi/csi.sock', CSI_NODE_NAME: 'spec.nodeName' });
      expect(driver.lifecycle).toEqual({ preStop: { exec: { command: ['/bin/aws-ebs-csi-driver', 'pre-stop-hook'] } } });
    });

    test('registers the driver\'s socket with the kubelet, and serves the registrar\'s health on 9809', () => {
      expect(registrar.args).toEqual(['--csi-address=$(ADDRESS)', '--kubelet-registration-path=$(DRIVER_REG_SOCK_PATH)', '--http-endpoint=0.0.0.0:9809', '--v=2']);
      expect(env(registrar)).toEqual({ ADDRESS: '/csi/csi.sock', DRIVER_REG_SOCK_PATH: '/var/lib/kubelet/plugins/ebs.csi.aws.com/csi.sock' });
      expect(registrar.ports).toEqual([{ containerPort: 9809, name: 'healthz-ndr' }]);
      expect(registrar.livenessProbe).toEqual({ httpGet: { path: '/healthz', port: 9809, scheme: 'HTTP' }, initialDelaySeconds: 30, periodSeconds: 90, timeoutSeconds: 15, failureThreshold: 3 });
    });

    test('probes the driver through livenessprobe on 9808, with upstream\'s timing', () => {
      expect(probe.args).toEqual(['--csi-address=/csi/csi.sock']);
      expect(driver.ports).toEqual([{ containerPort: 9808, name: 'healthz', protocol: 'TCP' }]);
      expect(driver.livenessProbe).toEqual({ httpGet: { path: '/healthz', port: 9808, scheme: 'HTTP' }, initialDelaySeconds: 10, timeoutSeconds: 3, periodSeconds: 10, failureThreshold: 5 });
      expect(driver.readinessProbe).toEqual({ httpGet: { path: '/healthz', port: 9808, scheme: 'HTTP' }, timeoutSeconds: 3, periodSeconds: 5, failureThreshold: 3 });
    });

    test('mounts the kubelet directory Bidirectional, the socket directory, /dev and the registration directory', () => {
      expect(driver.volumeMounts).toEqual([
        { name: 'kubelet-dir', mountPath: '/var/lib/kubelet', mountPropagation: 'Bidirectional', readOnly: false },
        { name: 'plugin-dir', mountPath: '/csi', readOnly: false },
        { name: 'device-dir', mountPath: '/dev', readOnly: false },
      ]);
      expect(registrar.volumeMounts).toEqual([{ name: 'plugin-dir', mountPath: '/csi', readOnly: true }, { name: 'registration-dir', mountPath: '/registration', readOnly: false }]);
      expect(probe.volumeMounts).toEqual([{ name: 'plugin-dir', mountPath: '/csi', readOnly: true }]);
      expect(spec.volumes).toEqual([
        { name: 'kubelet-dir', hostPath: { path: '/var/lib/kubelet', type: 'Directory' } },
        { name: 'plugin-dir', hostPath: { path: '/var/lib/kubelet/plugins/ebs.csi.aws.com', type: 'DirectoryOrCreate' } },
        { name: 'device-dir', hostPath: { path: '/dev', type: 'Directory' } },
        { name: 'registration-dir', hostPath: { path: '/var/lib/kubelet/plugins_registry', type: 'Directory' } },
      ]);
    });

    test('runs the driver privileged with a read-only root filesystem, the sidecars as root with nothing else', () => {
      expect(driver.securityContext).toEqual({
        privileged: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: true, runAsUser: 0, runAsGroup: 0, runAsNonRoot: false,
      });
      for (const c of [registrar, probe]) {
        expect(c.securityContext).toEqual({
          privileged: false, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, runAsUser: 0, runAsGroup: 0, runAsNonRoot: false, capabilities: { drop: ['ALL'] },
        });
      }
      expect(spec.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
      expect(spec.hostNetwork).toBeUndefined();
      expect(spec.hostPID).toBeUndefined();
    });

    test('requests upstream\'s resources: 10m/40Mi with a 256Mi limit for the driver, 10m/32Mi with a 32Mi limit for each sidecar', () => {
      expect(driver.resources).toEqual({ requests: { cpu: '10m', memory: '40Mi' }, limits: { memory: '256Mi' } });
      for (const c of [registrar, probe]) expect(c.resources).toEqual({ requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '32Mi' } });
    });

    test('schedules as upstream: every taint tolerated, system-node-critical, Linux nodes that are not Fargate, Auto Mode, hybrid (or virtual-kubelet)', () => {
      expect(spec.tolerations).toEqual([{ operator: 'Exists' }]);
      expect(spec.priorityClassName).toBe('system-node-critical');
      expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
      expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{
        matchExpressions: [
          { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate', 'auto', 'hybrid'] },
          { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
        ],
      }]);
    });

    test('rolls 10% of the nodes at a time and gives the pre-stop hook 30 seconds', () => {
      expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } });
      expect(spec.terminationGracePeriodSeconds).toBe(30);
    });

    test('may read VolumeAttachments and its Node, patch Nodes (taint removal) and read CSINodes, with a token', () => {
      expect(only(objs, 'ClusterRole').rules).toEqual([
        { apiGroups: [''], resources: ['nodes'], verbs: ['get'] },
        { apiGroups: [''], resources: ['nodes'], verbs: ['list', 'patch', 'watch'] },
        { apiGroups: ['storage.k8s.io'], resources: ['csinodes'], verbs: ['get'] },
        { apiGroups: ['storage.k8s.io'], resources: ['volumeattachments'], verbs: ['get', 'list', 'watch'] },
      ]);
      expect(spec.automountServiceAccountToken).toBe(true);
    });

    test('declares the EBS CSIDriver: attach required, no pod info, fsGroup applied to every volume', () => {
      expect(only(objs, 'CSIDriver').spec).toEqual({
        attachRequired: true, podInfoOnMount: false, fsGroupPolicy: 'File', volumeLifecycleModes: ['Persistent'], requiresRepublish: false, storageCapacity: false,
      });
    });

    test('justifies every privilege it takes, and the privilege report finds none unjustified', () => {
      const annotations = Object.keys(ds.metadata.annotations)
        .filter(k => k.startsWith(JUSTIFICATION_PREFIX)).map(k => k.slice(JUSTIFICATION_PREFIX.length)).sort();
      expect(annotations).toEqual([
        'apiAccess', 'hostPath.device-dir', 'hostPath.kubelet-dir', 'hostPath.plugin-dir', 'hostPath.registration-dir',
        'privileged.ebs-plugin', 'runAsRoot.ebs-plugin', 'runAsRoot.liveness-probe', 'runAsRoot.node-driver-registrar',
      ]);
      expect(PrivilegeAudit.unjustifiedCount(PrivilegeAudit.audit(objs))).toBe(0);
    });

    test('is delivered in the storage wave (-5), in a Namespace labelled privileged', () => {
      expect(wavesOf(objs)).toEqual(everyObjectIn(objs, '-5'));
      expect(only(objs, 'Namespace').metadata.labels).toEqual(psaLabels('privileged'));
    });
  });

  describe('the AWS EBS driver\'s options', () => {
    test('version, sidecars and log level reach the images, the version label and --v', () => {
      const objs = agent({
        driver: CsiDriver.awsEbs({
          version: AwsEbsCsiDriverVersion.of('1.65.0'),
          nodeDriverRegistrarVersion: NodeDriverRegistrarVersion.V2_17_0,
          livenessProbeVersion: LivenessProbeVersion.eksBuild('2.19.0', 6),
          logLevel: 4,
        }),
      });
      expect(podSpec(objs).containers.map((c: any) => c.image)).toEqual([
        'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.65.0',
        'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.17.0',
        'public.ecr.aws/csi-components/livenessprobe:v2.19.0-eksbuild.6',
      ]);
      expect(only(objs, 'DaemonSet').metadata.labels['app.kubernetes.io/version']).toBe('1.65.0');
      expect(container(objs, 'ebs-plugin').args).toContain('--v=4');
    });

    test('removeStartupTaint: false gives no write access to Nodes and switches the taint watcher off', () => {
      const objs = agent({ driver: CsiDriver.awsEbs({ removeStartupTaint: false }) });
      expect(only(objs, 'ClusterRole').rules).toEqual([
        { apiGroups: [''], resources: ['nodes'], verbs: ['get'] },
        { apiGroups: ['storage.k8s.io'], resources: ['volumeattachments'], verbs: ['get', 'list', 'watch'] },
      ]);
      expect(env(container(objs, 'ebs-plugin')).DISABLE_TAINT_WATCHER).toBe('true');
      expect(only(objs, 'DaemonSet').metadata.annotations[`${JUSTIFICATION_PREFIX}apiAccess`]).toContain('Taint removal is off');
    });

    test('nodeAllocatableUpdatePeriod reaches the CSIDriver in seconds', () => {
      const objs = agent({ driver: CsiDriver.awsEbs({ nodeAllocatableUpdatePeriod: Duration.seconds(10) }) });
      expect(only(objs, 'CSIDriver').spec.nodeAllocatableUpdatePeriodSeconds).toBe(10);
    });
  });

  describe('the node', () => {
    test.each([
      ['k0s', KubeletRoot.K0S, '/var/lib/k0s/kubelet'],
      ['MicroK8s', KubeletRoot.MICROK8S, '/var/snap/microk8s/common/var/lib/kubelet'],
      ['a kubelet root given with a trailing "/"', KubeletRoot.of('/data/kubelet/'), '/data/kubelet'],
    ])('kubeletRoot for %s moves every kubelet path', (_name, kubeletRoot, root) => {
      const objs = agent({ kubeletRoot });
      expect(volume(objs, 'kubelet-dir').hostPath.path).toBe(root);
      expect(mount(container(objs, 'ebs-plugin'), 'kubelet-dir').mountPath).toBe(root);
      expect(volume(objs, 'plugin-dir').hostPath.path).toBe(`${root}/plugins/ebs.csi.aws.com`);
      expect(volume(objs, 'registration-dir').hostPath.path).toBe(`${root}/plugins_registry`);
      expect(env(container(objs, 'node-driver-registrar')).DRIVER_REG_SOCK_PATH).toBe(`${root}/plugins/ebs.csi.aws.com/csi.sock`);
      expect(container(objs, 'ebs-plugin').args).toContain(`--csi-mount-point-prefix=${root}/plugins/kubernetes.io/csi/ebs.csi.aws.com/`);
    });

    test('socketPath moves the socket, its directory and the name inside the pod', () => {
      const objs = agent({ socketPath: '/run/csi/ebs/driver.sock' });
      expect(volume(objs, 'plugin-dir').hostPath).toEqual({ path: '/run/csi/ebs', type: 'DirectoryOrCreate' });
      expect(env(container(objs, 'ebs-plugin')).CSI_ENDPOINT).toBe('unix:/csi/driver.sock');
      expect(env(container(objs, 'node-driver-registrar'))).toEqual({ ADDRESS: '/csi/driver.sock', DRIVER_REG_SOCK_PATH: '/run/csi/ebs/driver.sock' });
      expect(container(objs, 'liveness-probe').args).toEqual(['--csi-address=/csi/driver.sock']);
    });
  });

  test('overrides the shared options and its own', () => {
    const objs = agent({
      namespace: 'kube-system',
      instance: 'ebs-node',
      sidecarResources: { cpu: { request: Cpu.millis(20) }, memory: { request: Size.mebibytes(48), limit: Size.mebibytes(64) } },
      resources: { cpu: { request: Cpu.millis(50) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(512) } },
      terminationGracePeriod: Duration.seconds(60),
      syncWave: SyncWave.of(-4),
      extraArgs: ['--volume-attach-limit=25'],
      extraEnv: { AWS_REGION: EnvValue.fromValue('eu-west-1') },
    });
    const ds = only(objs, 'DaemonSet');
    expect([ds.metadata.name, ds.metadata.namespace]).toEqual(['ebs-node', 'kube-system']);
    expect(objs.some(o => o.kind === 'Namespace')).toBe(false);
    expect(container(objs, 'ebs-plugin').resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '512Mi' } });
    expect(container(objs, 'liveness-probe').resources).toEqual({ requests: { cpu: '20m', memory: '48Mi' }, limits: { memory: '64Mi' } });
    expect(podSpec(objs).terminationGracePeriodSeconds).toBe(60);
    expect(wavesOf(objs)).toEqual(everyObjectIn(objs, '-4'));
    expect(container(objs, 'ebs-plugin').args.slice(-1)).toEqual(['--volume-attach-limit=25']);
    expect(env(container(objs, 'ebs-plugin')).AWS_REGION).toBe('eu-west-1');
  });

  test('createCsiDriver: false leaves the CSIDriver out, for a second installation of the same driver', () => {
    const chart = newChart();
    new StorageAgentDaemonSet(chart, 'ebs');
    new StorageAgentDaemonSet(chart, 'ebs-k0s', { instance: 'ebs-k0s', kubeletRoot: KubeletRoot.K0S, createCsiDriver: false });
    const objs = synth(chart);
    expect(objs.filter(o => o.kind === 'CSIDriver')).toHaveLength(1);
    expect(objs.filter(o => o.kind === 'DaemonSet').map(o => o.metadata.name)).toEqual(['aws-ebs-csi-driver', 'ebs-k0s']);
  });

  test('exposes its children as escape hatches', () => {
    const chart = newChart();
    const ebs = new StorageAgentDaemonSet(chart, 'ebs');
    expect([ebs.container.name, ebs.registrar.name, ebs.livenessProbe.name]).toEqual(['ebs-plugin', 'node-driver-registrar', 'liveness-probe']);
    expect([ebs.driver.name, ebs.kubeletRoot.path, ebs.socketPath]).toEqual(['ebs.csi.aws.com', '/var/lib/kubelet', '/var/lib/kubelet/plugins/ebs.csi.aws.com/csi.sock']);
    expect(ebs.csiDriver?.kind).toBe('CSIDriver');
  });

  describe('any CSI driver', () => {
    test('runs its image with the kubernetes-csi sidecars, no /dev unless asked, no API access, on Linux nodes that are not virtual', () => {
      const objs = agent({ driver: CsiDriver.custom(NFS) });
      const spec = podSpec(objs);
      expect(spec.containers.map((c: any) => [c.name, c.image])).toEqual([
        ['csi-driver', 'registry.k8s.io/sig-storage/nfsplugin:v4.11.0'],
        ['node-driver-registrar', 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.17.0'],
        ['liveness-probe', 'registry.k8s.io/sig-storage/livenessprobe:v2.19.0'],
      ]);
      expect(container(objs, 'csi-driver').args).toEqual(NFS.args);
      expect(env(container(objs, 'csi-driver'))).toEqual({ CSI_ENDPOINT: 'unix:///csi/csi.sock', CSI_NODE_NAME: 'spec.nodeName' });
      expect(container(objs, 'csi-driver').lifecycle).toBeUndefined();
      expect(volume(objs, 'device-dir')).toBeUndefined();
      expect(volume(objs, 'plugin-dir').hostPath.path).toBe('/var/lib/kubelet/plugins/nfs.csi.k8s.io');
      expect(objs.some(o => o.kind === 'ClusterRole')).toBe(false);
      expect(spec.automountServiceAccountToken).toBe(false);
      expect(only(objs, 'DaemonSet').metadata.name).toBe('nfs-csi-driver');
      expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions).toEqual([
        { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate'] },
        { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
      ]);
      expect(PrivilegeAudit.unjustifiedCount(PrivilegeAudit.audit(objs))).toBe(0);
    });

    test('writes the CSIDriver spec it is given, the API\'s defaults for the rest', () => {
      const objs = agent({
        driver: CsiDriver.custom({
          ...NFS,
          spec: {
            attachRequired: false,
            podInfoOnMount: true,
            fsGroupPolicy: FsGroupPolicy.NONE,
            volumeLifecycleModes: [VolumeLifecycleMode.PERSISTENT, VolumeLifecycleMode.EPHEMERAL],
            requiresRepublish: true,
            storageCapacity: true,
            seLinuxMount: true,
            tokenRequests: [{ audience: 'vault', expiration: Duration.hours(1) }, { audience: '' }],
          },
        }),
      });
      expect(only(objs, 'CSIDriver').spec).toEqual({
        attachRequired: false,
        podInfoOnMount: true,
        fsGroupPolicy: 'None',
        volumeLifecycleModes: ['Persistent', 'Ephemeral'],
        requiresRepublish: true,
        storageCapacity: true,
        seLinuxMount: true,
        tokenRequests: [{ audience: 'vault', expirationSeconds: 3600 }, { audience: '' }],
      });
      expect(only(agent({ driver: CsiDriver.custom(NFS) }), 'CSIDriver').spec).toEqual({
        attachRequired: true, podInfoOnMount: false, fsGroupPolicy: 'ReadWriteOnceWithFSType', volumeLifecycleModes: ['Persistent'], requiresRepublish: false, storageCapacity: false,
      });
    });

    test('mountDevices, containerName, command and sidecar versions reach the pod', () => {
      const objs = agent({
        driver: CsiDriver.custom({
          ...NFS,
          mountDevices: true,
          containerName: 'nfs',
          command: ['/nfsplugin'],
          nodeDriverRegistrarVersion: NodeDriverRegistrarVersion.of('2.16.0'),
          livenessProbeVersion: LivenessProbeVersion.of('2.18.0'),
        }),
      });
      expect(container(objs, 'nfs').command).toEqual(['/nfsplugin']);
      expect(volume(objs, 'device-dir').hostPath).toEqual({ path: '/dev', type: 'Directory' });
      expect(container(objs, 'node-driver-registrar').image).toBe('registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.16.0');
      expect(container(objs, 'liveness-probe').image).toBe('registry.k8s.io/sig-storage/livenessprobe:v2.18.0');
    });
  });
});
