import { createHash } from 'crypto';
import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Capability, Cpu, EnvValue, HostPathVolumeType, MountPropagation } from 'cdk8s-plus-28';
import {
  CniAgentDaemonSet, CniAgentDaemonSetProps, CniConfig, CniImplementation, FlannelBackend, FlannelCniPluginVersion, FlannelVersion,
} from '../../src/agents/cni-agent';
import { NodeSelection } from '../../src/base/node-selection';
import { JUSTIFICATION_PREFIX, Privilege } from '../../src/base/privileges';
import { TaintEffect, Toleration } from '../../src/base/tolerations';
import { UpdateLimit, UpdateStrategy } from '../../src/base/update-strategy';
import { SyncWave } from '../../src/gitops/sync-wave';
import { everyObjectIn, psaLabels, SYNC_WAVE, wavesOf } from '../support/gitops';
import { Manifest, newChart, only, synth } from '../support/manifests';

const FLANNEL_CONFLIST = {
  name: 'cbr0',
  cniVersion: '0.3.1',
  plugins: [
    { type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } },
    { type: 'portmap', capabilities: { portMappings: true } },
  ],
};

function defaults(): Manifest[] {
  const chart = newChart();
  new CniAgentDaemonSet(chart, 'cni');
  return synth(chart);
}

function podSpec(objs: Manifest[]): any {
  return only(objs, 'DaemonSet').spec.template.spec;
}

function container(objs: Manifest[], name: string): any {
  const spec = podSpec(objs);
  const found = [...(spec.initContainers ?? []), ...spec.containers].filter((c: any) => c.name === name);
  if (found.length !== 1) throw new Error(`expected one container ${name}, found ${found.length}`);
  return found[0];
}

function volume(objs: Manifest[], name: string): any {
  return podSpec(objs).volumes.find((v: any) => v.name === name);
}

function mount(c: any, name: string): any {
  return c.volumeMounts?.find((m: any) => m.name === name);
}

/**
 * The privileges a pod spec takes, read from the manifest alone (not from the construct), so a
 * privilege added later without a justification fails the justification test.
 */
function privilegesTaken(objs: Manifest[]): string[] {
  const spec = podSpec(objs);
  const keys: string[] = [];
  if (spec.hostNetwork) keys.push('hostNetwork');
  if (spec.hostPID) keys.push('hostPID');
  if (spec.hostIPC) keys.push('hostIPC');
  if (spec.automountServiceAccountToken) keys.push('apiAccess');
  for (const v of spec.volumes ?? []) if (v.hostPath) keys.push(`hostPath.${v.name}`);
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    const sc = c.securityContext ?? {};
    if (sc.privileged) keys.push(`privileged.${c.name}`);
    if (sc.runAsUser === 0 || sc.runAsNonRoot !== true) keys.push(`runAsRoot.${c.name}`);
    for (const cap of sc.capabilities?.add ?? []) keys.push(`capability.${cap}`);
    for (const p of c.ports ?? []) if (p.hostPort) keys.push(`hostPort.${p.hostPort}`);
  }
  return [...new Set(keys)].sort();
}

function justified(objs: Manifest[]): string[] {
  const annotations = only(objs, 'DaemonSet').metadata.annotations ?? {};
  return Object.keys(annotations).filter(k => k.startsWith(JUSTIFICATION_PREFIX)).map(k => k.slice(JUSTIFICATION_PREFIX.length)).sort();
}

function justifications(objs: Manifest[]): Record<string, string> {
  const annotations: Record<string, string> = only(objs, 'DaemonSet').metadata.annotations ?? {};
  return Object.fromEntries(Object.entries(annotations)
    .filter(([k]) => k.startsWith(JUSTIFICATION_PREFIX))
    .map(([k, v]) => [k.slice(JUSTIFICATION_PREFIX.length), v]));
}

describe('CniAgentDaemonSet', () => {
  test('synthesizes the defaults', () => {
    expect(defaults()).toMatchSnapshot();
  });

  describe('production defaults', () => {
    const objs = defaults();
    const ds = only(objs, 'DaemonSet');
    const spec = podSpec(objs);
    const flannel = container(objs, 'flannel');

    test('emits the DaemonSet, its ServiceAccount, ClusterRole and binding, the ConfigMap and the kube-flannel Namespace', () => {
      expect(objs.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
        'ClusterRole/kube-flannel-flannel',
        'ClusterRoleBinding/kube-flannel-flannel',
        'ConfigMap/flannel-config',
        'DaemonSet/flannel',
        'Namespace/kube-flannel',
        'ServiceAccount/flannel',
      ]);
    });

    test('puts every namespaced object in kube-flannel', () => {
      for (const kind of ['DaemonSet', 'ServiceAccount', 'ConfigMap']) {
        expect(only(objs, kind).metadata.namespace).toBe('kube-flannel');
      }
      expect(only(objs, 'ClusterRoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'flannel', namespace: 'kube-flannel' }]);
      expect(spec.serviceAccountName).toBe('flannel');
    });

    test('labels every object but the shared Namespace with the recommended labels, version from FlannelVersion.V0_28_9', () => {
      const labels = {
        'app.kubernetes.io/name': 'flannel',
        'app.kubernetes.io/instance': 'flannel',
        'app.kubernetes.io/version': '0.28.9',
        'app.kubernetes.io/component': 'cni',
        'app.kubernetes.io/managed-by': 'cdk8s',
      };
      for (const o of objs.filter(x => x.kind !== 'Namespace')) expect(o.metadata.labels).toEqual(labels);
      // The Namespace may hold other agents: it carries only its Pod Security labels.
      expect(only(objs, 'Namespace').metadata.labels).toEqual(psaLabels('privileged'));
      expect(ds.spec.template.metadata.labels).toEqual(labels);
      expect(ds.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'flannel', 'app.kubernetes.io/instance': 'flannel' });
    });

    test('runs flanneld 0.28.9 with the kube subnet manager, masquerading and the health port', () => {
      expect(flannel.image).toBe('ghcr.io/flannel-io/flannel:v0.28.9');
      expect(flannel.command).toEqual(['/opt/bin/flanneld']);
      expect(flannel.args).toEqual(['--ip-masq', '--kube-subnet-mgr', '--healthz-port=8081']);
      expect(flannel.imagePullPolicy).toBe('IfNotPresent');
    });

    test('uses the node network, with DNS through the cluster', () => {
      expect(spec.hostNetwork).toBe(true);
      expect(spec.dnsPolicy).toBe('ClusterFirstWithHostNet');
    });

    test('tolerates every taint, including the not-ready taint a node has until its CNI runs', () => {
      expect(spec.tolerations).toEqual([{ operator: 'Exists' }]);
    });

    test('is system-node-critical', () => {
      expect(spec.priorityClassName).toBe('system-node-critical');
    });

    test('runs on Linux nodes only, never on virtual ones (Fargate, virtual-kubelet), which run no DaemonSet pods', () => {
      expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
      expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{
        matchExpressions: [
          { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate'] },
          { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
        ],
      }]);
    });

    test('rolls one node at a time', () => {
      expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
      expect(ds.spec.revisionHistoryLimit).toBe(10);
    });

    test('stops within 5 seconds', () => {
      expect(spec.terminationGracePeriodSeconds).toBe(5);
    });

    test('installs the flannel CNI plugin binary first, into a writable /opt/cni/bin', () => {
      expect(spec.initContainers.map((c: any) => c.name)).toEqual(['install-cni-plugin', 'install-cni']);
      const plugin = container(objs, 'install-cni-plugin');
      expect(plugin.image).toBe('ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel3');
      expect([...plugin.command, ...plugin.args]).toEqual(['cp', '-f', '/flannel', '/opt/cni/bin/flannel']);
      expect(mount(plugin, 'cni-bin')).toEqual({ name: 'cni-bin', mountPath: '/opt/cni/bin', readOnly: false });
      expect(volume(objs, 'cni-bin').hostPath).toEqual({ path: '/opt/cni/bin', type: 'DirectoryOrCreate' });
    });

    test('installs the conflist atomically with flannel\'s install-conf into a writable /etc/cni/net.d from the ConfigMap', () => {
      const install = container(objs, 'install-cni');
      expect(install.image).toBe('ghcr.io/flannel-io/flannel:v0.28.9');
      // kube-flannel.yml since flannel-io/flannel#2466: a temporary file beside the target, renamed over it.
      expect([...install.command, ...install.args]).toEqual(['/opt/bin/install-conf', '/etc/kube-flannel/cni-conf.json', '/etc/cni/net.d/10-flannel.conflist']);
      expect(mount(install, 'cni-conf')).toEqual({ name: 'cni-conf', mountPath: '/etc/cni/net.d', readOnly: false });
      expect(mount(install, 'config')).toEqual({ name: 'config', mountPath: '/etc/kube-flannel', readOnly: true });
      expect(volume(objs, 'cni-conf').hostPath).toEqual({ path: '/etc/cni/net.d', type: 'DirectoryOrCreate' });
      expect(volume(objs, 'config').configMap.name).toBe('flannel-config');
    });

    test('a flannel release before install-conf (0.28.6) installs the same way with sh, cp and mv', () => {
      for (const [release, expected] of [['0.28.5', 'sh'], ['0.27.9', 'sh'], ['0.28.6', '/opt/bin/install-conf'], ['1.0.0', '/opt/bin/install-conf']]) {
        const chart = newChart();
        new CniAgentDaemonSet(chart, 'cni', { implementation: CniImplementation.flannel({ version: FlannelVersion.of(release) }) });
        const install = container(synth(chart), 'install-cni');
        expect(install.command[0]).toBe(expected);
        expect(install.args[install.args.length - 1]).toBe('/etc/cni/net.d/10-flannel.conflist');
        if (expected === 'sh') expect(install.args).toContain('/etc/cni/net.d/.10-flannel.conflist.tmp');
      }
    });

    test('holds flannel\'s CNI configuration and net-conf in the ConfigMap', () => {
      const data = only(objs, 'ConfigMap').data;
      expect(Object.keys(data).sort()).toEqual(['cni-conf.json', 'net-conf.json']);
      expect(JSON.parse(data['cni-conf.json'])).toEqual(FLANNEL_CONFLIST);
      expect(JSON.parse(data['net-conf.json'])).toEqual({ Network: '10.244.0.0/16', EnableNFTables: false, Backend: { Type: 'vxlan' } });
    });

    test('mounts the net-conf, /run/flannel and the xtables lock into flanneld, and not /lib/modules (as kube-flannel.yml)', () => {
      expect(mount(flannel, 'config')).toEqual({ name: 'config', mountPath: '/etc/kube-flannel', readOnly: true });
      expect(mount(flannel, 'state')).toEqual({ name: 'state', mountPath: '/run/flannel', readOnly: false });
      expect(volume(objs, 'state').hostPath).toEqual({ path: '/run/flannel', type: 'DirectoryOrCreate' });
      expect(mount(flannel, 'xtables-lock')).toEqual({ name: 'xtables-lock', mountPath: '/run/xtables.lock', readOnly: false });
      expect(volume(objs, 'xtables-lock').hostPath).toEqual({ path: '/run/xtables.lock', type: 'FileOrCreate' });
      expect(mount(flannel, 'lib-modules')).toBeUndefined();
      expect(volume(objs, 'lib-modules')).toBeUndefined();
      // The CNI directories stay out of the long-running agent.
      expect(mount(flannel, 'cni-bin')).toBeUndefined();
      expect(mount(flannel, 'cni-conf')).toBeUndefined();
    });

    test('adds only NET_ADMIN and NET_RAW, unprivileged, as root', () => {
      expect(flannel.securityContext).toEqual({
        runAsUser: 0,
        runAsNonRoot: false,
        privileged: false,
        readOnlyRootFilesystem: false,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'], add: ['NET_ADMIN', 'NET_RAW'] },
      });
      expect(spec.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    });

    test('runs the installers as root with nothing else', () => {
      for (const name of ['install-cni-plugin', 'install-cni']) {
        expect(container(objs, name).securityContext).toEqual({
          runAsUser: 0,
          runAsNonRoot: false,
          privileged: false,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        });
      }
    });

    test('may watch Nodes and patch Node status, and nothing else', () => {
      expect(only(objs, 'ClusterRole').rules).toEqual([
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['nodes/status'], verbs: ['patch'] },
      ]);
      expect(spec.automountServiceAccountToken).toBe(true);
    });

    test('learns its node, pod and namespace from the downward API', () => {
      const env = Object.fromEntries(flannel.env.map((e: any) => [e.name, e.valueFrom.fieldRef.fieldPath]));
      expect(env).toEqual({ NODE_NAME: 'spec.nodeName', POD_NAME: 'metadata.name', POD_NAMESPACE: 'metadata.namespace' });
    });

    test('serves health on 8081 of the node, probed like kube-flannel.yml', () => {
      expect(flannel.ports).toEqual([{ containerPort: 8081, hostPort: 8081, name: 'healthz' }]);
      expect(flannel.livenessProbe).toEqual({ httpGet: { path: '/healthz', port: 8081, scheme: 'HTTP' }, initialDelaySeconds: 10, periodSeconds: 30, failureThreshold: 3 });
      expect(flannel.readinessProbe).toEqual({ httpGet: { path: '/readyz', port: 8081, scheme: 'HTTP' }, initialDelaySeconds: 5, periodSeconds: 10, failureThreshold: 3 });
    });

    test('requests flannel\'s 100m and 50Mi with a 256Mi memory limit and no CPU limit', () => {
      expect(flannel.resources).toEqual({ requests: { cpu: '100m', memory: '50Mi' }, limits: { memory: '256Mi' } });
      for (const name of ['install-cni-plugin', 'install-cni']) {
        expect(container(objs, name).resources).toEqual({ requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } });
      }
    });

    test('annotates the pods with the configuration checksum', () => {
      const data = only(objs, 'ConfigMap').data;
      const expected = createHash('sha256').update(JSON.stringify(Object.keys(data).sort().map(k => [k, data[k]]))).digest('hex');
      expect(ds.spec.template.metadata.annotations).toEqual({ 'checksum/config': expected });
    });

    test('justifies every privilege it takes', () => {
      const taken = privilegesTaken(objs);
      expect(taken).toEqual([
        'apiAccess', 'capability.NET_ADMIN', 'capability.NET_RAW', 'hostNetwork',
        'hostPath.cni-bin', 'hostPath.cni-conf', 'hostPath.state', 'hostPath.xtables-lock',
        'hostPort.8081', 'runAsRoot.flannel', 'runAsRoot.install-cni', 'runAsRoot.install-cni-plugin',
      ]);
      expect(justified(objs)).toEqual(taken);
    });
  });

  test('a changed configuration changes the checksum, so the pods roll', () => {
    const chart = newChart();
    new CniAgentDaemonSet(chart, 'cni', { implementation: CniImplementation.flannel({ podCidr: '10.42.0.0/16' }) });
    const changed = only(synth(chart), 'DaemonSet').spec.template.metadata.annotations['checksum/config'];
    const original = only(defaults(), 'DaemonSet').spec.template.metadata.annotations['checksum/config'];
    expect(changed).toMatch(/^[0-9a-f]{64}$/);
    expect(changed).not.toBe(original);
  });

  test('overrides the main knobs', () => {
    const chart = newChart();
    new CniAgentDaemonSet(chart, 'cni', {
      namespace: 'network',
      instance: 'pod-network',
      partOf: 'platform',
      implementation: CniImplementation.flannel({
        version: FlannelVersion.of('0.29.0'),
        cniPluginVersion: FlannelCniPluginVersion.of('1.9.2-flannel1'),
        podCidr: '10.42.0.0/16',
        backend: FlannelBackend.HOST_GW,
        ipMasq: false,
        healthPort: 9081,
      }),
      updateStrategy: UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.percent(5) }),
      nodeSelection: NodeSelection.linux().and(NodeSelection.excludeVirtualNodes()),
      tolerations: [Toleration.allWithEffect(TaintEffect.NO_SCHEDULE), ...Toleration.noExecuteConditions()],
      resources: { cpu: { request: Cpu.millis(200) }, memory: { request: Size.mebibytes(100), limit: Size.mebibytes(512) } },
      extraEnv: { EVENT_QUEUE_DEPTH: EnvValue.fromValue('5000') },
      extraArgs: ['--iface=eth1'],
      terminationGracePeriod: Duration.seconds(1),
      priorityClassName: 'network-critical',
      minReady: Duration.seconds(10),
      revisionHistoryLimit: 3,
      imageRegistry: 'registry.example.com/ghcr',
      imagePullSecrets: ['mirror-pull'],
    });
    const objs = synth(chart);
    const ds = only(objs, 'DaemonSet');
    const spec = podSpec(objs);
    const flannel = container(objs, 'flannel');

    expect(ds.metadata.name).toBe('pod-network');
    expect(only(objs, 'ServiceAccount').metadata).toMatchObject({ name: 'pod-network', namespace: 'network' });
    for (const o of objs.filter(x => !x.kind.startsWith('ClusterRole') && x.kind !== 'Namespace')) expect(o.metadata.namespace).toBe('network');
    expect(only(objs, 'Namespace').metadata.name).toBe('network');
    expect(only(objs, 'ClusterRole').metadata.name).toBe('network-pod-network');
    expect(only(objs, 'ClusterRoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'pod-network', namespace: 'network' }]);
    expect(only(objs, 'ConfigMap').metadata.name).toBe('pod-network-config');
    expect(ds.metadata.labels).toMatchObject({ 'app.kubernetes.io/instance': 'pod-network', 'app.kubernetes.io/version': '0.29.0', 'app.kubernetes.io/part-of': 'platform' });

    expect(flannel.image).toBe('registry.example.com/ghcr/flannel-io/flannel:v0.29.0');
    expect(container(objs, 'install-cni').image).toBe('registry.example.com/ghcr/flannel-io/flannel:v0.29.0');
    expect(container(objs, 'install-cni-plugin').image).toBe('registry.example.com/ghcr/flannel-io/flannel-cni-plugin:v1.9.2-flannel1');
    expect(spec.imagePullSecrets).toEqual([{ name: 'mirror-pull' }]);
    expect(flannel.args).toEqual(['--kube-subnet-mgr', '--healthz-port=9081', '--iface=eth1']);
    expect(flannel.env).toContainEqual({ name: 'EVENT_QUEUE_DEPTH', value: '5000' });
    expect(flannel.ports).toEqual([{ containerPort: 9081, hostPort: 9081, name: 'healthz' }]);
    expect(flannel.livenessProbe.httpGet.port).toBe(9081);
    expect(flannel.readinessProbe.httpGet.port).toBe(9081);
    expect(flannel.resources).toEqual({ requests: { cpu: '200m', memory: '100Mi' }, limits: { memory: '512Mi' } });
    expect(JSON.parse(only(objs, 'ConfigMap').data['net-conf.json'])).toEqual({ Network: '10.42.0.0/16', EnableNFTables: false, Backend: { Type: 'host-gw' } });

    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '5%', maxSurge: 0 } });
    expect(ds.spec.minReadySeconds).toBe(10);
    expect(ds.spec.revisionHistoryLimit).toBe(3);
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      {
        matchExpressions: [
          { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate'] },
          { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
        ],
      },
    ]);
    expect(spec.tolerations).toEqual([
      { operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    ]);
    expect(spec.terminationGracePeriodSeconds).toBe(1);
    expect(spec.priorityClassName).toBe('network-critical');
    expect(justified(objs)).toEqual(privilegesTaken(objs));
  });

  test('exposes its children as escape hatches', () => {
    const chart = newChart();
    const cni = new CniAgentDaemonSet(chart, 'cni');
    expect(cni.serviceAccount.name).toBe('flannel');
    expect(cni.configMap?.name).toBe('flannel-config');
    expect([cni.container.name, cni.cniConfigInstaller?.name, ...cni.cniPluginInstallers.map(c => c.name)]).toEqual(['flannel', 'install-cni', 'install-cni-plugin']);
    expect(cni.implementation.name).toBe('flannel');
    cni.container.env.addVariable('EVENT_QUEUE_DEPTH', EnvValue.fromValue('5000'));
    expect(container(synth(chart), 'flannel').env).toContainEqual({ name: 'EVENT_QUEUE_DEPTH', value: '5000' });
  });

  test('accepts a zero grace period, as Calico runs', () => {
    const chart = newChart();
    new CniAgentDaemonSet(chart, 'cni', { terminationGracePeriod: Duration.seconds(0) });
    expect(podSpec(synth(chart)).terminationGracePeriodSeconds).toBe(0);
  });

  describe('privileged opt-in', () => {
    test('makes the agent privileged, justified, with no capability list', () => {
      const chart = newChart();
      new CniAgentDaemonSet(chart, 'cni', { privileged: true });
      const objs = synth(chart);
      expect(container(objs, 'flannel').securityContext).toEqual({
        runAsUser: 0,
        runAsNonRoot: false,
        privileged: true,
        readOnlyRootFilesystem: false,
        allowPrivilegeEscalation: true,
      });
      expect(justified(objs)).toContain('privileged.flannel');
      expect(justified(objs)).not.toContain('capability.NET_ADMIN');
      expect(justified(objs)).toEqual(privilegesTaken(objs));
    });

    test('mounts the node\'s /lib/modules read-only, which only an agent that can load modules uses', () => {
      const chart = newChart();
      new CniAgentDaemonSet(chart, 'cni', { privileged: true });
      const objs = synth(chart);
      expect(mount(container(objs, 'flannel'), 'lib-modules')).toEqual({ name: 'lib-modules', mountPath: '/lib/modules', readOnly: true });
      expect(volume(objs, 'lib-modules').hostPath).toEqual({ path: '/lib/modules' });
      expect(justifications(objs)['hostPath.lib-modules']).toMatch(/for modprobe: the agent can load modules \(privileged: true\)/);
    });

    test('lets the agent publish mounts to the node (Bidirectional)', () => {
      const chart = newChart();
      const cni = new CniAgentDaemonSet(chart, 'cni', { privileged: true });
      cni.daemonSet.mountHostPath(cni.container, {
        name: 'bpffs',
        hostPath: '/sys/fs/bpf',
        type: HostPathVolumeType.DIRECTORY_OR_CREATE,
        readOnly: false,
        propagation: MountPropagation.BIDIRECTIONAL,
        justification: 'Mounts the BPF filesystem for the node.',
      });
      const objs = synth(chart);
      expect(mount(container(objs, 'flannel'), 'bpffs')).toEqual({ name: 'bpffs', mountPath: '/sys/fs/bpf', readOnly: false, mountPropagation: 'Bidirectional' });
    });

    test('rejects a Bidirectional mount while unprivileged', () => {
      const cni = new CniAgentDaemonSet(newChart(), 'cni');
      expect(() => cni.daemonSet.mountHostPath(cni.container, { name: 'bpffs', hostPath: '/sys/fs/bpf', propagation: MountPropagation.BIDIRECTIONAL }))
        .toThrow(/test\/cni\/DaemonSet: invalid container flannel mountPropagation of \/sys\/fs\/bpf: "Bidirectional"\. .*privileged/);
    });
  });

  test('takes other capabilities, and refuses at synth one nobody justified, naming the call that justifies it', () => {
    const chart = newChart();
    const cni = new CniAgentDaemonSet(chart, 'cni', { capabilities: [Capability.NET_ADMIN, Capability.NET_RAW, Capability.SYS_MODULE] });
    expect(() => synth(chart)).toThrow(/test\/cni: invalid capabilities: "capability\.SYS_MODULE"\. Nothing says why the agent takes it \(Capabilities: spec\.containers\[0\]\.securityContext\.capabilities\.add\[SYS_MODULE\]\), so the privilege report would flag it: justify it before synth with daemonSet\.justify\(Privilege\.capability\('SYS_MODULE'\), 'why'\), or drop it\./);
    cni.daemonSet.justify(Privilege.capability('SYS_MODULE'), 'Loads the wireguard module on nodes that lack it.');
    const objs = synth(chart);
    expect(container(objs, 'flannel').securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_ADMIN', 'NET_RAW', 'SYS_MODULE'] });
    // SYS_MODULE can load modules, so modprobe gets the node's modules.
    expect(mount(container(objs, 'flannel'), 'lib-modules')).toEqual({ name: 'lib-modules', mountPath: '/lib/modules', readOnly: true });
    expect(justifications(objs)['hostPath.lib-modules']).toMatch(/\(SYS_MODULE\)/);
    expect(justified(objs)).toEqual(privilegesTaken(objs));
  });

  describe('a custom network agent', () => {
    const conflist = '{"cniVersion":"1.0.0","name":"kubernetes","plugins":[{"type":"bridge","bridge":"kube-bridge","ipam":{"type":"host-local"}},{"type":"portmap","capabilities":{"portMappings":true}}]}';

    function customAgent() {
      const chart = newChart();
      new CniAgentDaemonSet(chart, 'cni', {
        namespace: 'kube-system',
        implementation: CniImplementation.custom({
          name: 'kube-router',
          image: 'docker.io/cloudnativelabs/kube-router:v2.4.1',
          version: '2.4.1',
          command: ['/usr/local/bin/kube-router'],
          args: ['--run-router=true', '--run-firewall=false', '--run-service-proxy=false'],
          cniConfig: CniConfig.fromJson(conflist),
          configFiles: { 'kube-router.yaml': 'bgp: {}\n' },
          hostPaths: [{ name: 'state', hostPath: '/var/lib/kube-router', type: HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false, justification: 'kube-router keeps its kubeconfig and BGP state here.' }],
        }),
      });
      return synth(chart);
    }

    test('runs the given image and command, installs its conflist, and nothing flannel-specific', () => {
      const objs = customAgent();
      const spec = podSpec(objs);
      const agent = container(objs, 'kube-router');
      expect(agent.image).toBe('docker.io/cloudnativelabs/kube-router:v2.4.1');
      expect(agent.command).toEqual(['/usr/local/bin/kube-router']);
      expect(agent.args).toEqual(['--run-router=true', '--run-firewall=false', '--run-service-proxy=false']);
      expect(agent.ports).toBeUndefined();
      expect(agent.livenessProbe).toBeUndefined();
      expect(agent.readinessProbe).toBeUndefined();
      expect(spec.initContainers.map((c: any) => c.name)).toEqual(['install-cni']);
      const install = container(objs, 'install-cni');
      expect(install.image).toBe('docker.io/cloudnativelabs/kube-router:v2.4.1');
      expect([...install.command, ...install.args]).toEqual([
        'sh', '-c', 'cp -f "$1" "$2" && mv -f "$2" "$3"', 'install-cni',
        '/etc/kube-router/cni-conf.json', '/etc/cni/net.d/.10-kube-router.conflist.tmp', '/etc/cni/net.d/10-kube-router.conflist',
      ]);
      expect(mount(agent, 'config')).toEqual({ name: 'config', mountPath: '/etc/kube-router', readOnly: true });
      expect(volume(objs, 'state').hostPath).toEqual({ path: '/var/lib/kube-router', type: 'DirectoryOrCreate' });
      // Nothing of flannel's: no xtables lock, no capabilities, no reasons that speak of flannel.
      expect(volume(objs, 'xtables-lock')).toBeUndefined();
      expect(agent.securityContext.capabilities).toEqual({ drop: ['ALL'] });
      for (const reason of Object.values(justifications(objs))) expect(reason).not.toMatch(/flannel/i);
      expect(only(objs, 'DaemonSet').metadata.labels['app.kubernetes.io/version']).toBe('2.4.1');
    });

    test('writes the conflist normalized, with the agent\'s own files beside it', () => {
      const data = only(customAgent(), 'ConfigMap').data;
      expect(data['cni-conf.json']).toBe(CniConfig.fromObject(JSON.parse(conflist)).render());
      expect(data['kube-router.yaml']).toBe('bgp: {}\n');
    });

    test('has no API access, and no token, unless it asks for access', () => {
      const objs = customAgent();
      expect(objs.filter(o => o.kind.startsWith('ClusterRole'))).toEqual([]);
      expect(podSpec(objs).automountServiceAccountToken).toBe(false);
      expect(justified(objs)).toEqual(privilegesTaken(objs));
    });

    test('lives in a namespace named after it unless told otherwise', () => {
      const chart = newChart();
      new CniAgentDaemonSet(chart, 'cni', {
        implementation: CniImplementation.custom({ name: 'kube-router', image: 'docker.io/cloudnativelabs/kube-router:v2.4.1', version: '2.4.1', cniConfig: CniConfig.fromJson(conflist) }),
      });
      const objs = synth(chart);
      expect(only(objs, 'DaemonSet').metadata.namespace).toBe('kube-router');
      expect(only(objs, 'Namespace').metadata.name).toBe('kube-router');
    });
  });

  describe('GitOps delivery', () => {
    function cni(props: CniAgentDaemonSetProps = {}): Manifest[] {
      const chart = newChart();
      new CniAgentDaemonSet(chart, 'cni', props);
      return synth(chart);
    }

    test('emits the kube-flannel Namespace, cluster-scoped, labelled privileged for Pod Security (hostNetwork, host paths, NET_ADMIN)', () => {
      const objs = defaults();
      expect(podSpec(objs).hostNetwork).toBe(true);
      const ns = only(objs, 'Namespace', 'kube-flannel');
      expect(ns.apiVersion).toBe('v1');
      expect(ns.metadata.namespace).toBeUndefined();
      expect(ns.metadata.labels).toEqual(psaLabels('privileged'));
    });

    test('puts every object, the Namespace included, in sync wave -10 (SyncWave.NETWORK)', () => {
      expect(wavesOf(defaults())).toEqual({
        'Namespace/kube-flannel': '-10',
        'DaemonSet/flannel': '-10',
        'ServiceAccount/flannel': '-10',
        'ClusterRole/kube-flannel-flannel': '-10',
        'ClusterRoleBinding/kube-flannel-flannel': '-10',
        'ConfigMap/flannel-config': '-10',
      });
    });

    test('syncWave: SyncWave.of(5) moves every object to wave 5', () => {
      const objs = cni({ syncWave: SyncWave.of(5) });
      expect(objs).toHaveLength(6);
      expect(wavesOf(objs)).toEqual(everyObjectIn(objs, '5'));
    });

    test('syncWave: SyncWave.NONE writes no sync-wave annotation, and still emits the Namespace', () => {
      const objs = cni({ syncWave: SyncWave.NONE });
      expect(objs).toHaveLength(6);
      for (const o of objs) expect(o.metadata.annotations?.[SYNC_WAVE]).toBeUndefined();
      expect(only(objs, 'Namespace').metadata.annotations).toBeUndefined();
    });

    test('SyncWave.disableIn(app) removes the annotation from every object', () => {
      const app = Testing.app();
      SyncWave.disableIn(app);
      const chart = new Chart(app, 'test');
      new CniAgentDaemonSet(chart, 'cni');
      const objs = synth(chart);
      expect(objs).toHaveLength(6);
      for (const o of objs) expect(o.metadata.annotations?.[SYNC_WAVE]).toBeUndefined();
    });

    test('createNamespace: false emits no Namespace, and everything else unchanged', () => {
      const objs = cni({ createNamespace: false });
      expect(objs.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
        'ClusterRole/kube-flannel-flannel',
        'ClusterRoleBinding/kube-flannel-flannel',
        'ConfigMap/flannel-config',
        'DaemonSet/flannel',
        'ServiceAccount/flannel',
      ]);
      expect(wavesOf(objs)).toEqual(everyObjectIn(objs, '-10'));
    });

    test('emits no Namespace for kube-system, which every cluster has', () => {
      const objs = cni({ namespace: 'kube-system' });
      expect(objs.filter(o => o.kind === 'Namespace')).toEqual([]);
      expect(only(objs, 'DaemonSet').metadata.namespace).toBe('kube-system');
    });

    test('a namespace override names the Namespace', () => {
      const objs = cni({ namespace: 'network' });
      expect(only(objs, 'Namespace').metadata).toEqual({ name: 'network', labels: psaLabels('privileged'), annotations: { [SYNC_WAVE]: '-10' } });
    });

    test('two agents sharing a namespace in one chart share one Namespace', () => {
      const chart = newChart();
      new CniAgentDaemonSet(chart, 'cni', { namespace: 'infra' });
      new CniAgentDaemonSet(chart, 'cni-2', { namespace: 'infra', instance: 'flannel-2', createNamespace: true });
      const objs = synth(chart);
      expect(objs.filter(o => o.kind === 'DaemonSet')).toHaveLength(2);
      expect(only(objs, 'Namespace', 'infra').metadata.labels).toEqual(psaLabels('privileged'));
    });
  });

  describe('rejects', () => {
    test('rejects a pod network that is not a CIDR', () => {
      expect(() => new CniAgentDaemonSet(newChart(), 'cni', { implementation: CniImplementation.flannel({ podCidr: '10.244.0.0' }) }))
        .toThrow(/^test\/cni: invalid implementation\.podCidr: "10\.244\.0\.0"\. Use an IPv4 network in CIDR form .*e\.g\. "10\.244\.0\.0\/16"/);
    });

    test('rejects a pod network with host bits set, naming the network meant', () => {
      expect(() => new CniAgentDaemonSet(newChart(), 'cni', { implementation: CniImplementation.flannel({ podCidr: '10.244.1.0/16' }) }))
        .toThrow(/test\/cni: invalid implementation\.podCidr: "10\.244\.1\.0\/16"\. .*write the network address, "10\.244\.0\.0\/16"/);
    });

    test('rejects an octet out of range', () => {
      expect(() => new CniAgentDaemonSet(newChart(), 'cni', { implementation: CniImplementation.flannel({ podCidr: '10.256.0.0/16' }) }))
        .toThrow(/invalid implementation\.podCidr: "10\.256\.0\.0\/16"/);
    });

    test('rejects CNI configuration text that is not JSON', () => {
      const implementation = CniImplementation.flannel({ cniConfig: CniConfig.fromJson('{"name": "cbr0",') });
      expect(() => new CniAgentDaemonSet(newChart(), 'cni', { implementation }))
        .toThrow(/test\/cni: invalid implementation\.cniConfig: ".*JSON.*"\. CniConfig\.fromJson needs valid JSON text/);
    });

    test('rejects a single-plugin configuration where a list is installed', () => {
      const implementation = CniImplementation.flannel({ cniConfig: CniConfig.fromObject({ name: 'cbr0', cniVersion: '0.3.1', type: 'flannel' }) });
      expect(() => new CniAgentDaemonSet(newChart(), 'cni', { implementation }))
        .toThrow(/test\/cni: invalid implementation\.cniConfig\.plugins: undefined\. This is a single-plugin \.conf; .*wrap it/);
    });

    test('rejects a plugin without a type', () => {
      const implementation = CniImplementation.flannel({ cniConfig: CniConfig.fromObject({ name: 'cbr0', cniVersion: '0.3.1', plugins: [{ delegate: {} }] }) });
      expect(() => new CniAgentDaemonSet(newChart(), 'cni', { implementation }))
        .toThrow(/invalid implementation\.cniConfig\.plugins\[0\]\.type: undefined\. Each plugin names the binary/);
    });

    test('rejects a configuration without a cniVersion', () => {
      const implementation = CniImplementation.flannel({ cniConfig: CniConfig.fromObject({ name: 'cbr0', plugins: [{ type: 'flannel' }] }) });
      expect(() => new CniAgentDaemonSet(newChart(), 'cni', { implementation }))
        .toThrow(/invalid implementation\.cniConfig\.cniVersion: undefined\. Give a version of the CNI spec the plugins implement, as a string: one of 0\.1\.0, 0\.2\.0, 0\.3\.0, 0\.3\.1, 0\.4\.0, 1\.0\.0, 1\.1\.0/);
    });

    test('rejects capabilities on a privileged agent', () => {
      expect(() => new CniAgentDaemonSet(newChart(), 'cni', { privileged: true, capabilities: [Capability.NET_ADMIN] }))
        .toThrow(/test\/cni: invalid capabilities: \["NET_ADMIN"\]\. A privileged container has every capability/);
    });

    test('rejects adding ALL capabilities', () => {
      expect(() => new CniAgentDaemonSet(newChart(), 'cni', { capabilities: [Capability.ALL] }))
        .toThrow(/test\/cni: invalid capabilities: \["ALL"\]\. Adding ALL is privileged in all but name.*privileged: true/);
    });

    test('rejects a grace period in fractions of a second', () => {
      expect(() => new CniAgentDaemonSet(newChart(), 'cni', { terminationGracePeriod: Duration.millis(500) }))
        .toThrow(/test\/cni: invalid terminationGracePeriod: "500 millis"\. Kubernetes counts it in whole seconds: use Duration\.seconds\(n\)/);
    });

    test('rejects a namespace that is not a DNS label', () => {
      expect(() => new CniAgentDaemonSet(newChart(), 'cni', { namespace: 'Kube_Flannel' }))
        .toThrow(/test\/cni: invalid namespace: "Kube_Flannel"\. Use at most 63 lowercase letters/);
    });

    test('rejects a CNI configuration file the runtime would not load', () => {
      const implementation = CniImplementation.custom({
        name: 'example',
        image: 'registry.example.com/example:1.0.0',
        version: '1.0.0',
        cniConfig: CniConfig.flannel(),
        cniConfigFileName: '10-example.conf.bak',
      });
      expect(() => new CniAgentDaemonSet(newChart(), 'cni', { implementation }))
        .toThrow(/test\/cni: invalid implementation\.cniConfigFileName: "10-example\.conf\.bak"\. Use a file name ending in "\.conflist"/);
    });

    test('rejects an agent file named like the CNI configuration key', () => {
      const implementation = CniImplementation.custom({
        name: 'example',
        image: 'registry.example.com/example:1.0.0',
        version: '1.0.0',
        cniConfig: CniConfig.flannel(),
        configFiles: { 'cni-conf.json': '{}' },
      });
      expect(() => new CniAgentDaemonSet(newChart(), 'cni', { implementation }))
        .toThrow(/test\/cni: invalid implementation\.configFiles: "cni-conf\.json"\. The ConfigMap key "cni-conf\.json" holds the CNI configuration/);
    });

    test('rejects a health port out of range', () => {
      expect(() => new CniAgentDaemonSet(newChart(), 'cni', { implementation: CniImplementation.flannel({ healthPort: 70000 }) }))
        .toThrow(/test\/cni: invalid implementation\.healthPort: 70000\. Use an integer port from 1 to 65535/);
    });

    test('rejects an unpinned agent image', () => {
      const implementation = CniImplementation.custom({
        name: 'example', image: 'registry.example.com/example:latest', version: 'latest', cniConfig: CniConfig.flannel(),
      });
      expect(() => new CniAgentDaemonSet(newChart(), 'cni', { implementation }))
        .toThrow(/test\/cni\/DaemonSet: invalid containers\[example\]\.image: "registry\.example\.com\/example:latest"\. Pin the image/);
    });

    test('rejects a relative plugin path', () => {
      const implementation = CniImplementation.custom({
        name: 'example',
        image: 'registry.example.com/example:1.0.0',
        version: '1.0.0',
        cniConfig: CniConfig.flannel(),
        plugins: [{ image: 'registry.example.com/plugin:1.0.0', path: 'bin/example' }],
      });
      expect(() => new CniAgentDaemonSet(newChart(), 'cni', { implementation }))
        .toThrow(/test\/cni: invalid implementation\.plugins\[0\]\.path: "bin\/example"\. Use an absolute path/);
    });
  });
});

describe('FlannelVersion', () => {
  test('derives the image and the version label', () => {
    expect(FlannelVersion.V0_28_9.version).toBe('0.28.9');
    expect(FlannelVersion.V0_28_9.image).toBe('ghcr.io/flannel-io/flannel:v0.28.9');
    expect(FlannelVersion.of('0.29.1')).toMatchObject({ version: '0.29.1', repository: 'ghcr.io/flannel-io/flannel', tag: 'v0.29.1' });
    expect(FlannelCniPluginVersion.V1_9_1_FLANNEL3.image).toBe('ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel3');
  });

  test('rejects a version with a "v"', () => {
    expect(() => FlannelVersion.of('v0.28.9')).toThrow(/FlannelVersion\.of: invalid version: "v0\.28\.9"\. Use a release number "major\.minor\.patch" without a "v", e\.g\. FlannelVersion\.of\('0\.28\.9'\)/);
  });

  test('rejects a plugin version that is not a release', () => {
    expect(() => FlannelCniPluginVersion.of('latest')).toThrow(/FlannelCniPluginVersion\.of: invalid version: "latest"\. .*e\.g\. FlannelCniPluginVersion\.of\('1\.9\.1-flannel3'\)/);
  });
});

describe('CniConfig', () => {
  test('renders the same bytes from an object and from equivalent JSON text', () => {
    const fromJson = CniConfig.fromJson(JSON.stringify(FLANNEL_CONFLIST));
    expect(fromJson.render()).toBe(CniConfig.flannel().render());
    expect(CniConfig.fromObject(FLANNEL_CONFLIST).render()).toBe(CniConfig.flannel().render());
    expect(CniConfig.flannel().networkName).toBe('cbr0');
    expect(CniConfig.flannel().pluginTypes).toEqual(['flannel', 'portmap']);
  });

  test('is not changed by later changes to the object it was given', () => {
    const conflist: any = JSON.parse(JSON.stringify(FLANNEL_CONFLIST));
    const config = CniConfig.fromObject(conflist);
    conflist.name = 'changed';
    expect(config.networkName).toBe('cbr0');
  });
});
