/**
 * `CniImplementation.custom` expressive enough for a real CNI (issue 14, item 1): a Cilium-shaped
 * and a Calico-shaped description, each field looked up in the YAML, and the mistakes a real
 * CNI's author makes refused with the fix.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration } from 'cdk8s';
import { ApiResource, Capability, ConnectionScheme, EnvFieldPaths, EnvValue, HostPathVolumeType, MountPropagation } from 'cdk8s-plus-28';
import {
  AccessRule, AgentProbe, ApiVerb, CniAgentDaemonSet, CniAgentDaemonSetProps, CniConfig, CniConfigValue, CniImplementation, CniInitStep,
  CniPrivileges, CoveragePlanner, CustomCniProps, Privilege, PrivilegeAudit,
} from '../../src';
import { JUSTIFICATION_PREFIX } from '../../src/base/privileges';
import { Manifest, newChart, only, synth } from '../support/manifests';

const IMAGE = 'quay.io/cilium/cilium:v1.20.0';
const why = (what: string) => `Example CNI: ${what}.`;

/** Cilium's shape: its init containers in order, its binaries from /opt/cni/bin in its image, probes on 127.0.0.1 with headers. */
function ciliumLike(): CustomCniProps {
  const bpf = { name: 'bpf-maps', hostPath: '/sys/fs/bpf', type: HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false, propagation: MountPropagation.BIDIRECTIONAL, justification: why('pins BPF maps on the node') };
  return {
    name: 'example-cni',
    image: IMAGE,
    version: '1.20.0',
    command: ['cilium-agent'],
    args: ['--config-dir=/tmp/cilium/config-map'],
    env: { K8S_NODE_NAME: EnvValue.fromFieldRef(EnvFieldPaths.NODE_NAME) },
    privileges: CniPrivileges.capabilities([
      { capability: Capability.NET_ADMIN, justification: why('programs routes and devices') },
      { capability: Capability.SYS_MODULE, justification: why('loads the modules it needs') },
      { capability: Capability.BPF, justification: why('loads BPF programs') },
      { capability: Capability.PERFMON, justification: why('reads BPF events') },
    ]),
    cniConfig: CniConfig.fromObject({ name: 'cilium', cniVersion: '1.1.0', plugins: [{ type: 'cilium-cni', enableDebug: false }] }),
    cniConfigFileName: '05-cilium.conflist',
    plugins: [{ image: IMAGE, path: '/opt/cni/bin/cilium-cni' }, { image: IMAGE, path: '/opt/cni/bin/loopback' }],
    initContainers: [
      CniInitStep.container({ name: 'config', image: IMAGE, command: ['cilium-dbg', 'build-config'], justification: why('writes its configuration') }),
      CniInitStep.container({
        name: 'mount-cgroup',
        image: IMAGE,
        command: ['sh', '-ec', 'cp /usr/bin/cilium-mount /hostbin/cilium-mount && nsenter --cgroup=/hostproc/1/ns/cgroup --mount=/hostproc/1/ns/mnt "${BIN_PATH}/cilium-mount" $CGROUP_ROOT'],
        env: { CGROUP_ROOT: EnvValue.fromValue('/run/cilium/cgroupv2'), BIN_PATH: EnvValue.fromValue('/opt/cni/bin') },
        privileges: CniPrivileges.capabilities([
          { capability: Capability.SYS_ADMIN, justification: why('mounts cgroup2 in the node\'s mount namespace') },
          { capability: Capability.SYS_CHROOT, justification: why('enters the node\'s namespaces') },
          { capability: Capability.SYS_PTRACE, justification: why('reads PID 1\'s namespaces') },
        ]),
        hostPaths: [
          { name: 'hostproc', hostPath: '/proc', mountPath: '/hostproc', type: HostPathVolumeType.DIRECTORY, justification: why('enters PID 1\'s namespaces') },
          { name: 'cni-path', hostPath: '/opt/cni/bin', mountPath: '/hostbin', type: HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false, justification: why('stages its mount helper') },
        ],
        readOnlyRootFilesystem: false,
        justification: why('mounts the cgroup2 filesystem for the node'),
      }),
      CniInitStep.container({
        name: 'mount-bpf-fs',
        image: IMAGE,
        command: ['/bin/bash', '-c', '--'],
        args: ['mount | grep "/sys/fs/bpf type bpf" || mount -t bpf bpf /sys/fs/bpf'],
        privileges: CniPrivileges.privileged(why('mounts bpffs on the node (Bidirectional)')),
        hostPaths: [bpf],
        justification: why('mounts the BPF filesystem'),
      }),
      CniInitStep.installPlugins(),
      CniInitStep.installConfig(),
    ],
    hostPaths: [
      { ...bpf, propagation: MountPropagation.HOST_TO_CONTAINER },
      { name: 'cilium-run', hostPath: '/var/run/cilium', type: HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false, justification: why('keeps its state and API socket') },
      { name: 'cni-state', hostPath: '/var/lib/cni', type: HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false, justification: why('reads IPAM leases') },
      { name: 'xtables-lock', hostPath: '/run/xtables.lock', type: HostPathVolumeType.FILE_OR_CREATE, readOnly: false, justification: why('shares the iptables lock') },
      { name: 'proc-sys-net', hostPath: '/proc/sys/net', type: HostPathVolumeType.DIRECTORY, readOnly: false, justification: why('sets network sysctls') },
      { name: 'cgroup', hostPath: '/run/cilium/cgroupv2', type: HostPathVolumeType.DIRECTORY_OR_CREATE, justification: why('attaches socket programs to the cgroup root') },
    ],
    ports: [{ name: 'health', port: 9879, justification: why('serves its health API') }],
    probes: {
      startup: AgentProbe.httpGet(9879, { path: '/healthz', host: '127.0.0.1', headers: { brief: 'true' }, period: Duration.seconds(2), failureThreshold: 300 }),
      liveness: AgentProbe.httpGet(9879, { path: '/healthz', host: '127.0.0.1', headers: { 'brief': 'true', 'require-k8s-connectivity': 'false' }, period: Duration.seconds(30), timeout: Duration.seconds(5) }),
      readiness: AgentProbe.exec(['cilium-dbg', 'status', '--brief'], { period: Duration.seconds(30), timeout: Duration.seconds(5) }),
    },
    access: {
      rules: [
        AccessRule.read(ApiResource.NODES),
        AccessRule.allow([ApiVerb.PATCH], ApiResource.custom({ apiGroup: '', resourceType: 'nodes/status' })),
        AccessRule.read(ApiResource.custom({ apiGroup: 'cilium.io', resourceType: 'ciliumnodes' })),
      ],
      justification: why('watches Nodes and its own custom resources'),
    },
    hostPidJustification: why('its cgroup helper enters PID 1\'s namespaces'),
  };
}

function build(props: CustomCniProps, agent: CniAgentDaemonSetProps = {}): Manifest[] {
  const chart = newChart();
  new CniAgentDaemonSet(chart, 'cni', { namespace: 'kube-system', ...agent, implementation: CniImplementation.custom(props) });
  return synth(chart);
}

const podOf = (objs: Manifest[]) => only(objs, 'DaemonSet').spec.template.spec;
const containerOf = (objs: Manifest[], name: string) => [...(podOf(objs).initContainers ?? []), ...podOf(objs).containers]
  .find((c: any) => c.name === name);
const volumeOf = (objs: Manifest[], name: string) => podOf(objs).volumes.find((v: any) => v.name === name);
const mountOf = (c: any, name: string) => c.volumeMounts?.find((m: any) => m.name === name);
function reasons(objs: Manifest[]): Record<string, string> {
  return Object.fromEntries(Object.entries<string>(only(objs, 'DaemonSet').metadata.annotations)
    .filter(([k]) => k.startsWith(JUSTIFICATION_PREFIX)).map(([k, v]) => [k.slice(JUSTIFICATION_PREFIX.length), v]));
}

describe('CniImplementation.custom, for a real CNI', () => {
  const objs = build(ciliumLike());
  const pod = podOf(objs);
  const agent = containerOf(objs, 'example-cni');

  test('runs its init containers in the order stated, the agent\'s installers where placed', () => {
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['config', 'mount-cgroup', 'mount-bpf-fs', 'install-cni-plugin', 'install-cni']);
  });

  test('installs several binaries from the image\'s own /opt/cni/bin into the node\'s, mounted at /host/opt/cni/bin so nothing is hidden', () => {
    const installer = containerOf(objs, 'install-cni-plugin');
    expect(installer.command).toEqual(['sh', '-c', 'while [ "$#" -gt 1 ]; do cp -f "$1" "$2" || exit 1; shift 2; done', 'install-cni-plugin']);
    expect(installer.args).toEqual(['/opt/cni/bin/cilium-cni', '/host/opt/cni/bin/cilium-cni', '/opt/cni/bin/loopback', '/host/opt/cni/bin/loopback']);
    expect(mountOf(installer, 'cni-bin')).toEqual({ name: 'cni-bin', mountPath: '/host/opt/cni/bin', readOnly: false });
    expect(volumeOf(objs, 'cni-bin').hostPath).toEqual({ path: '/opt/cni/bin', type: 'DirectoryOrCreate' });
    expect(reasons(objs)['hostPath.cni-bin']).toContain('copies cilium-cni and loopback there');
  });

  test('secures each init container as its privileges say: capabilities, privileged, or nothing', () => {
    expect(containerOf(objs, 'config').securityContext).toEqual({
      runAsUser: 0, runAsNonRoot: false, privileged: false, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] },
    });
    expect(containerOf(objs, 'mount-cgroup').securityContext).toMatchObject({ privileged: false, readOnlyRootFilesystem: false, capabilities: { drop: ['ALL'], add: ['SYS_ADMIN', 'SYS_CHROOT', 'SYS_PTRACE'] } });
    expect(containerOf(objs, 'mount-cgroup').env).toEqual([{ name: 'CGROUP_ROOT', value: '/run/cilium/cgroupv2' }, { name: 'BIN_PATH', value: '/opt/cni/bin' }]);
    expect(containerOf(objs, 'mount-bpf-fs').securityContext).toEqual({ runAsUser: 0, runAsNonRoot: false, privileged: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: true });
    expect(mountOf(containerOf(objs, 'mount-bpf-fs'), 'bpf-maps')).toEqual({ name: 'bpf-maps', mountPath: '/sys/fs/bpf', readOnly: false, mountPropagation: 'Bidirectional' });
    expect(agent.securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_ADMIN', 'SYS_MODULE', 'BPF', 'PERFMON'] });
  });

  test('mounts the node paths a CNI needs, each as described', () => {
    expect(mountOf(agent, 'bpf-maps')).toEqual({ name: 'bpf-maps', mountPath: '/sys/fs/bpf', readOnly: false, mountPropagation: 'HostToContainer' });
    expect(volumeOf(objs, 'xtables-lock').hostPath).toEqual({ path: '/run/xtables.lock', type: 'FileOrCreate' });
    expect(volumeOf(objs, 'cilium-run').hostPath).toEqual({ path: '/var/run/cilium', type: 'DirectoryOrCreate' });
    expect(volumeOf(objs, 'cni-state').hostPath).toEqual({ path: '/var/lib/cni', type: 'DirectoryOrCreate' });
    expect(volumeOf(objs, 'proc-sys-net').hostPath).toEqual({ path: '/proc/sys/net', type: 'Directory' });
    expect(mountOf(agent, 'cgroup')).toEqual({ name: 'cgroup', mountPath: '/run/cilium/cgroupv2', readOnly: true });
    expect(mountOf(containerOf(objs, 'mount-cgroup'), 'hostproc')).toEqual({ name: 'hostproc', mountPath: '/hostproc', readOnly: true });
  });

  test('writes every kind of probe field to the YAML: httpGet with host and headers, exec', () => {
    expect(agent.startupProbe).toEqual({
      httpGet: { path: '/healthz', port: 9879, host: '127.0.0.1', scheme: 'HTTP', httpHeaders: [{ name: 'brief', value: 'true' }] },
      periodSeconds: 2,
      failureThreshold: 300,
    });
    expect(agent.livenessProbe.httpGet.httpHeaders).toEqual([{ name: 'brief', value: 'true' }, { name: 'require-k8s-connectivity', value: 'false' }]);
    expect(agent.livenessProbe).toMatchObject({ periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 });
    expect(agent.readinessProbe).toEqual({ exec: { command: ['cilium-dbg', 'status', '--brief'] }, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 });
    expect(agent.ports).toEqual([{ containerPort: 9879, hostPort: 9879, name: 'health' }]);
  });

  test('takes the RBAC it describes, least privilege, and a token', () => {
    expect(only(objs, 'ClusterRole').rules).toEqual([
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['nodes/status'], verbs: ['patch'] },
      { apiGroups: ['cilium.io'], resources: ['ciliumnodes'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(pod.automountServiceAccountToken).toBe(true);
  });

  test('takes wildcards only when asked for', () => {
    const wildcard = (allowWildcards?: boolean) => ({
      ...ciliumLike(),
      access: { rules: [AccessRule.of({ verbs: [ApiVerb.ALL], resources: [ApiResource.custom({ apiGroup: 'cilium.io', resourceType: '*' })], allowWildcards })], justification: why('manages its own resources') },
    });
    expect(() => build(wildcard())).toThrow(/test\/cni\/DaemonSet: invalid access\[0\]: "verb \*"\. Wildcards grant whatever the API adds later: .*allowWildcards: true/);
    expect(only(build(wildcard(true)), 'ClusterRole').rules).toEqual([{ apiGroups: ['cilium.io'], resources: ['*'], verbs: ['*'] }]);
  });

  test('runs as a CNI must: node network and PID namespace, system-node-critical, every taint tolerated, one node at a time', () => {
    expect(pod.hostNetwork).toBe(true);
    expect(pod.hostPID).toBe(true);
    expect(pod.priorityClassName).toBe('system-node-critical');
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(only(objs, 'DaemonSet').spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  });

  test('covers NotReady nodes, which need their CNI to become Ready', () => {
    const node = (name: string, taints: object[]) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'kubernetes.io/os': 'linux' } },
      spec: { taints },
      status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } },
    });
    const plan = CoveragePlanner.plan([only(objs, 'DaemonSet')], [
      node('fresh', [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]),
      node('lost', [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }]),
    ]);
    expect(plan.daemonSets[0].coveredNodes).toBe(2);
  });

  test('justifies every privilege with the CNI\'s own reasons, and nothing of flannel\'s', () => {
    const report = PrivilegeAudit.audit(objs);
    expect(PrivilegeAudit.unjustifiedCount(report)).toBe(0);
    const r = reasons(objs);
    expect(r['capability.SYS_ADMIN']).toBe(why('mounts cgroup2 in the node\'s mount namespace'));
    expect(r['privileged.mount-bpf-fs']).toBe(why('mounts bpffs on the node (Bidirectional)'));
    expect(r['runAsRoot.mount-cgroup']).toBe(why('mounts the cgroup2 filesystem for the node'));
    expect(r.hostPID).toBe(why('its cgroup helper enters PID 1\'s namespaces'));
    expect(r.apiAccess).toBe(why('watches Nodes and its own custom resources'));
    expect(r['hostPort.9879']).toBe(why('serves its health API'));
    expect(r['hostPath.xtables-lock']).toBe(why('shares the iptables lock'));
    for (const reason of Object.values(r)) expect(reason).not.toMatch(/flannel/i);
  });

  test('joins the reasons of containers adding the same capability (the report keys a capability by name)', () => {
    const props = ciliumLike();
    const steps = [CniInitStep.container({
      name: 'apply-sysctl-overwrites',
      image: IMAGE,
      justification: why('writes sysctls'),
      privileges: CniPrivileges.capabilities([{ capability: Capability.NET_ADMIN, justification: why('writes network sysctls') }]),
    }), ...props.initContainers!];
    expect(reasons(build({ ...props, initContainers: steps }))['capability.NET_ADMIN'])
      .toBe(`example-cni: ${why('programs routes and devices')} apply-sysctl-overwrites: ${why('writes network sysctls')}`);
  });
});

describe('the CNI configuration\'s placeholders, filled on each node', () => {
  const conflist = {
    name: 'k8s-pod-network',
    cniVersion: '0.3.1',
    plugins: [{
      type: 'calico',
      nodename: CniConfigValue.nodeName(),
      mtu: CniConfigValue.mtu(50),
      log_file_path: `/var/log/calico/cni/${CniConfigValue.nodeName()}.log`,
      kubernetes: { kubeconfig: CniConfigValue.kubeconfigPath() },
    }],
  };
  const props: CustomCniProps = {
    name: 'calico-node',
    image: 'quay.io/calico/node:v3.32.1',
    version: '3.32.1',
    cniConfig: CniConfig.fromObject(conflist),
    access: { rules: [AccessRule.read(ApiResource.PODS)], justification: why('the plugin reads pod labels for policy') },
  };
  const objs = build(props);
  const install = containerOf(objs, 'install-cni');

  test('keeps the placeholders in the ConfigMap, as JSON strings', () => {
    expect(JSON.parse(only(objs, 'ConfigMap').data['cni-conf.json']).plugins[0]).toEqual({
      type: 'calico',
      nodename: '__KUBERNETES_NODE_NAME__',
      mtu: '__CNI_MTU_MINUS_50__',
      log_file_path: '/var/log/calico/cni/__KUBERNETES_NODE_NAME__.log',
      kubernetes: { kubeconfig: '__KUBECONFIG_FILEPATH__' },
    });
    expect(CniConfig.fromObject(conflist).placeholders.map(v => v.placeholder).sort()).toEqual(['__CNI_MTU_MINUS_50__', '__KUBECONFIG_FILEPATH__', '__KUBERNETES_NODE_NAME__']);
  });

  test('gives the installer the node name from the downward API and the kubeconfig path as an argument', () => {
    expect(install.env).toEqual([{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }]);
    expect(install.args).toEqual(['/etc/calico-node/cni-conf.json', '/etc/cni/net.d/.10-calico-node.conflist.tmp', '/etc/cni/net.d/10-calico-node.conflist', '/etc/cni/net.d/calico-node-kubeconfig']);
    expect(reasons(objs)['hostPath.cni-conf']).toContain('writes 10-calico-node.conflist and the plugin\'s kubeconfig (calico-node-kubeconfig, mode 0600) there');
  });

  test('the installer\'s script fills them: node name, MTU less the overhead as a number, kubeconfig with the token', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cni-install-'));
    const sa = path.join(dir, 'sa');
    fs.mkdirSync(sa);
    fs.writeFileSync(path.join(sa, 'ca.crt'), 'CA DATA');
    fs.writeFileSync(path.join(sa, 'token'), 'TOKEN');
    fs.writeFileSync(path.join(dir, 'net.d.json'), only(objs, 'ConfigMap').data['cni-conf.json']);
    // The node's files (/proc/net/route, /sys/class/net) stay; the service account's move into the sandbox.
    const script = (install.command[2] as string).replace('sa=/var/run/secrets/kubernetes.io/serviceaccount', `sa=${sa}`);
    const target = path.join(dir, '10-calico-node.conflist');
    const kubeconfig = path.join(dir, 'calico-node-kubeconfig');
    // The script reads this machine's default route, as it reads the node's.
    const route = fs.readFileSync('/proc/net/route', 'utf8').split('\n').slice(1).map(l => l.split('\t')).find(f => f[1] === '00000000');
    expect(route).toBeDefined();
    const mtu = Number(fs.readFileSync(`/sys/class/net/${route![0]}/mtu`, 'utf8'));
    execFileSync('sh', ['-c', script, 'install-cni', path.join(dir, 'net.d.json'), `${target}.tmp`, target, kubeconfig], {
      env: { PATH: process.env.PATH, NODE_NAME: 'node-1', KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' },
    });
    const written = JSON.parse(fs.readFileSync(target, 'utf8'));
    expect(written.plugins[0]).toEqual({ type: 'calico', nodename: 'node-1', mtu: mtu - 50, log_file_path: '/var/log/calico/cni/node-1.log', kubernetes: { kubeconfig } });
    expect(fs.readFileSync(kubeconfig, 'utf8')).toContain('server: https://[fd00::1]:443');
    expect(fs.readFileSync(kubeconfig, 'utf8')).toContain(`certificate-authority-data: ${Buffer.from('CA DATA').toString('base64')}`);
    expect(fs.readFileSync(kubeconfig, 'utf8')).toContain('token: TOKEN');
    expect((fs.statSync(kubeconfig).mode % 0o1000).toString(8)).toBe('600');
    expect(fs.existsSync(`${target}.tmp`)).toBe(false);
  });

  test('rejects a kubeconfig without API access (no token would be mounted to write into it)', () => {
    expect(() => build({ ...props, access: undefined })).toThrow(/test\/cni: invalid implementation\.cniConfig: "CniConfigValue\.kubeconfigPath\(\)"\. The installer writes the plugin's kubeconfig with the agent's ServiceAccount token, which is mounted only with API permissions/);
  });

  test('rejects an MTU inside a longer string, which would not be JSON once filled', () => {
    const bad = CniConfig.fromObject({ name: 'n', cniVersion: '1.0.0', plugins: [{ type: 'x', args: `mtu=${CniConfigValue.mtu()}` }] });
    expect(() => build({ ...props, cniConfig: bad })).toThrow(/invalid implementation\.cniConfig\.plugins\[0\]\.args: "mtu=__CNI_MTU__"\. An MTU \(CniConfigValue\.mtu\(\)\) becomes a number/);
  });

  test('rejects an overhead no encapsulation has', () => {
    expect(() => CniConfigValue.mtu(1500)).toThrow(/CniConfigValue\.mtu: invalid overhead: 1500\. Give the encapsulation's bytes per packet, from 0 to 1000/);
  });
});

describe('the CNI spec versions', () => {
  const config = (cniVersion: unknown, extra: object = {}) => CniConfig.fromObject({ name: 'n', cniVersion, plugins: [{ type: 'x' }], ...extra });
  const props = (cniConfig: CniConfig): CustomCniProps => ({ name: 'example', image: 'registry.example.com/example:v1.0.0', version: '1.0.0', cniConfig });

  test.each(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'])('accepts %s, a published version', v => {
    expect(only(build(props(config(v))), 'ConfigMap').data['cni-conf.json']).toContain(`"cniVersion": "${v}"`);
  });

  test('rejects 9.9.9, which every plugin answers with "incompatible CNI versions"', () => {
    expect(() => build(props(config('9.9.9')))).toThrow(/test\/cni: invalid implementation\.cniConfig\.cniVersion: "9\.9\.9"\. Give a version of the CNI spec .*one of 0\.1\.0, 0\.2\.0, 0\.3\.0, 0\.3\.1, 0\.4\.0, 1\.0\.0, 1\.1\.0/);
  });

  test('rejects an unknown version in cniVersions', () => {
    expect(() => build(props(config('1.1.0', { cniVersions: ['1.0.0', '2.0.0'] })))).toThrow(/invalid implementation\.cniConfig\.cniVersions\[1\]: "2\.0\.0"/);
  });
});

describe('CniImplementation.custom rejects', () => {
  const base: CustomCniProps = { name: 'example', image: 'registry.example.com/example:v1.0.0', version: '1.0.0', cniConfig: CniConfig.flannel() };

  test('a Bidirectional mount in an unprivileged agent, naming both fixes', () => {
    const hostPaths = [{ name: 'bpf', hostPath: '/sys/fs/bpf', readOnly: false, propagation: MountPropagation.BIDIRECTIONAL, justification: why('pins maps') }];
    expect(() => build({ ...base, hostPaths })).toThrow(/test\/cni: invalid implementation\.hostPaths\[0\]\.propagation: "Bidirectional"\. Kubernetes accepts Bidirectional propagation only in a privileged container: give the agent CniPrivileges\.privileged\('why'\) in the implementation or set privileged: true/);
    const chart = newChart();
    new CniAgentDaemonSet(chart, 'cni', { privileged: true, implementation: CniImplementation.custom({ ...base, hostPaths }) });
    // privileged: true on the agent: the reason is the user's to give.
    expect(() => synth(chart)).toThrow(/daemonSet\.justify\(Privilege\.privileged\('example'\), 'why'\)/);
  });

  test('a Bidirectional mount in an unprivileged init container', () => {
    const initContainers = [CniInitStep.container({
      name: 'mount-bpf-fs',
      image: IMAGE,
      justification: why('mounts bpffs'),
      privileges: CniPrivileges.capabilities([{ capability: Capability.SYS_ADMIN, justification: why('mounts') }]),
      hostPaths: [{ name: 'bpf', hostPath: '/sys/fs/bpf', propagation: MountPropagation.BIDIRECTIONAL, justification: why('pins maps') }],
    }), CniInitStep.installConfig()];
    expect(() => build({ ...base, initContainers })).toThrow(/invalid implementation\.initContainers\[0\]\.hostPaths\[0\]\.propagation: "Bidirectional"\. .*CniPrivileges\.privileged\('why'\)/);
  });

  test('a blank reason, every problem at once', () => {
    expect(() => build({
      ...base,
      hostPaths: [{ name: 'run', hostPath: '/var/run/example', justification: ' ' }],
      ports: [{ name: 'health', port: 9099, justification: '' }],
      privileges: CniPrivileges.capabilities([{ capability: Capability.NET_ADMIN, justification: '' }]),
    })).toThrow(/implementation\.privileges\.capabilities\[0\]\.justification: "".*\n.*implementation\.hostPaths\[0\]\.justification: " ".*\n.*implementation\.ports\[0\]\.justification: ""/);
  });

  test('init steps without the configuration installer, or a plugin installer without plugins', () => {
    expect(() => build({ ...base, initContainers: [CniInitStep.installPlugins()] })).toThrow(
      /invalid implementation\.initContainers: "0 × CniInitStep\.installConfig\(\)"\. Place CniInitStep\.installConfig\(\) once.*\n.*invalid implementation\.initContainers: "1 × CniInitStep\.installPlugins\(\)"\. There are no plugins to install/);
  });

  test('an init container named like the agent\'s installers', () => {
    const initContainers = [CniInitStep.container({ name: 'install-cni', image: IMAGE, justification: why('installs') }), CniInitStep.installConfig()];
    expect(() => build({ ...base, initContainers })).toThrow(/invalid implementation\.initContainers\[0\]\.name: "install-cni"\. The agent's installers take the names/);
  });

  test('two plugins installed under one name', () => {
    const plugins = [{ image: IMAGE, path: '/opt/cni/bin/loopback' }, { image: 'registry.example.com/plugins:v1.0.0', path: '/loopback' }];
    expect(() => build({ ...base, plugins })).toThrow(/invalid implementation\.plugins\[1\]\.name: "loopback"\. Each binary is installed under its own name/);
  });

  test('a probe the API server would refuse, named where it was given', () => {
    const probes = { liveness: AgentProbe.httpGet(9099, { path: 'healthz', successThreshold: 2, headers: { 'bad header': 'x' } }) };
    expect(() => build({ ...base, probes })).toThrow(/invalid implementation\.probes\.liveness\.path: "healthz".*\n.*implementation\.probes\.liveness\.headers: "bad header".*\n.*implementation\.probes\.liveness\.successThreshold: 2\. A liveness probe passes on its first success/);
  });

  test('env the agent sets from the downward API', () => {
    expect(() => build({ ...base, env: { NODE_NAME: EnvValue.fromValue('n') } })).toThrow(/invalid implementation\.env: "NODE_NAME"\. The agent sets NODE_NAME from the downward API/);
  });
});

describe('plugin installers', () => {
  const base: CustomCniProps = { name: 'example', image: 'registry.example.com/example:v1.0.0', version: '1.0.0', cniConfig: CniConfig.flannel() };

  test('one per image, in order; a binary outside /opt/cni/bin in its image is copied as kube-flannel.yml copies flannel\'s', () => {
    const objs = build({ ...base, plugins: [{ image: 'registry.example.com/a:v1', path: '/opt/cni/bin/a' }, { image: 'registry.example.com/b:v1', path: '/b', name: 'bee' }] });
    expect(podOf(objs).initContainers.map((c: any) => c.name)).toEqual(['install-cni-plugin', 'install-cni-plugin-2', 'install-cni']);
    const second = containerOf(objs, 'install-cni-plugin-2');
    expect([...second.command, ...second.args]).toEqual(['cp', '-f', '/b', '/opt/cni/bin/bee']);
    expect(mountOf(second, 'cni-bin').mountPath).toBe('/opt/cni/bin');
    expect(mountOf(containerOf(objs, 'install-cni-plugin'), 'cni-bin').mountPath).toBe('/host/opt/cni/bin');
    expect(reasons(objs)['hostPath.cni-bin']).toContain('the install-cni-plugin and install-cni-plugin-2 init containers copy a and bee there, so only they mount');
  });
});

describe('capabilities and privileged given on the agent', () => {
  test('the privilege report finds nothing unjustified once the user justifies what the implementation does not', () => {
    const chart = newChart();
    const cni = new CniAgentDaemonSet(chart, 'cni', { capabilities: [Capability.NET_ADMIN, Capability.BPF] });
    expect(() => synth(chart)).toThrow(/invalid capabilities: "capability\.BPF"/);
    cni.daemonSet.justify(Privilege.capability('BPF'), 'Loads the eBPF masquerading program.');
    expect(PrivilegeAudit.unjustifiedCount(PrivilegeAudit.audit(synth(chart)))).toBe(0);
  });

  test('a custom CNI made privileged by the agent needs the user\'s reason; flannel has one', () => {
    const chart = newChart();
    const cni = new CniAgentDaemonSet(chart, 'cni', {
      privileged: true,
      implementation: CniImplementation.custom({ name: 'example', image: 'registry.example.com/example:v1.0.0', version: '1.0.0', cniConfig: CniConfig.flannel() }),
    });
    expect(() => synth(chart)).toThrow(/invalid privileges: "privileged\.example"\. .*daemonSet\.justify\(Privilege\.privileged\('example'\), 'why'\)/);
    cni.daemonSet.justify(Privilege.privileged('example'), 'Loads the kernel modules its datapath needs.');
    expect(PrivilegeAudit.unjustifiedCount(PrivilegeAudit.audit(synth(chart)))).toBe(0);
  });

  test('an escape-hatch mount without a reason is refused at synth, naming the call', () => {
    const chart = newChart();
    const cni = new CniAgentDaemonSet(chart, 'cni');
    cni.daemonSet.mountHostPath(cni.container, { name: 'var-run-netns', hostPath: '/var/run/netns' });
    expect(() => synth(chart)).toThrow(/invalid privileges: "hostPath\.var-run-netns"\. .*daemonSet\.justify\(Privilege\.hostPath\('var-run-netns'\), 'why'\)/);
  });
  test('an SELinux label set through the escape hatch needs its reason too', () => {
    const chart = newChart();
    const cni = new CniAgentDaemonSet(chart, 'cni');
    cni.daemonSet.overrideContainer(cni.container, { seLinux: { type: 'spc_t', level: 's0' } });
    expect(() => synth(chart)).toThrow(/invalid privileges: "seLinux\.flannel"\. .*daemonSet\.justify\(Privilege\.seLinux\('flannel'\), 'why'\)/);
    cni.daemonSet.justify(Privilege.seLinux('flannel'), 'Runs as spc_t to reach the node\'s files under SELinux enforcing.');
    expect(PrivilegeAudit.unjustifiedCount(PrivilegeAudit.audit(synth(chart)))).toBe(0);
  });
});

describe('ConnectionScheme and gRPC and TCP probes on a custom CNI', () => {
  test('reach the YAML as given', () => {
    const objs = build({
      name: 'example',
      image: 'registry.example.com/example:v1.0.0',
      version: '1.0.0',
      cniConfig: CniConfig.flannel(),
      probes: {
        startup: AgentProbe.grpc(9876, { service: 'cni', initialDelay: Duration.seconds(3) }),
        liveness: AgentProbe.tcpSocket(9877, { host: '127.0.0.1' }),
        readiness: AgentProbe.httpGet(9878, { scheme: ConnectionScheme.HTTPS, successThreshold: 2 }),
      },
    });
    const agent = containerOf(objs, 'example');
    expect(agent.startupProbe).toEqual({ grpc: { port: 9876, service: 'cni' }, initialDelaySeconds: 3, failureThreshold: 3 });
    expect(agent.livenessProbe).toEqual({ tcpSocket: { port: 9877, host: '127.0.0.1' }, failureThreshold: 3 });
    expect(agent.readinessProbe).toEqual({ httpGet: { path: '/', port: 9878, scheme: 'HTTPS' }, successThreshold: 2, failureThreshold: 3 });
  });
});
