/** The flannel CNI agent of examples/main.ts, written with raw cdk8s-plus-28. */
import { Duration, Size } from 'cdk8s';
import {
  Capability, ConfigMap, Cpu, DaemonSet, DnsPolicy, EnvFieldPaths, EnvValue, HostPathVolumeType, ImagePullPolicy, k8s,
  LabelSelector, Node, NodeLabelQuery, NodeTaintQuery, Probe, Volume,
} from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { FleetAgent } from '../fleet';
import { configChecksum, Identity, justifications, labels, metadata, selectorLabels } from './identity';
import { agentNamespace, clusterRole, serviceAccount } from './objects';
import { patchDaemonSet } from './patches';

const FLANNEL = 'ghcr.io/flannel-io/flannel:v0.28.9';
const CNI_PLUGIN = 'ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel3';

const CNI_CONF = {
  name: 'cbr0',
  cniVersion: '0.3.1',
  plugins: [
    { type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } },
    { type: 'portmap', capabilities: { portMappings: true } },
  ],
};
const NET_CONF = { Network: '10.244.0.0/16', EnableNFTables: false, Backend: { Type: 'vxlan' } };

const REASONS = [
  ['apiAccess', 'Watches Nodes (get/list/watch) to learn every node\'s pod subnet and address for routing, and patches its own Node\'s status (nodes/status) to publish its lease (flannel --kube-subnet-mgr keeps it in Node annotations).'],
  ['capability.NET_ADMIN', 'Creates the overlay device (flannel.1), programs routes, neighbour and FDB entries and iptables masquerade/forward rules on the node.'],
  ['capability.NET_RAW', 'iptables reads and replaces the kernel\'s rule tables through a raw socket; without it the agent cannot install its masquerade and forward rules.'],
  ['hostNetwork', 'The network agent builds the node\'s pod network (devices, routes, iptables rules in the node\'s network namespace) and cannot depend on the pod network it creates.'],
  ['hostPath.cni-bin', 'The container runtime runs CNI plugins from the node\'s /opt/cni/bin; the install-cni-plugin init container copies flannel there, so only it mounts the directory, writable. Created if missing on a fresh node.'],
  ['hostPath.cni-conf', 'The container runtime reads the pod network\'s configuration from the node\'s /etc/cni/net.d; the install-cni init container writes 10-flannel.conflist there, so only it mounts the directory, writable. Created if missing on a fresh node.'],
  ['hostPath.state', 'The agent writes its node\'s network lease to /run/flannel (flannel: subnet.env), where the CNI plugin, run by the container runtime on the node, reads it for every pod.'],
  ['hostPath.xtables-lock', 'The iptables lock every iptables user on the node takes (kube-proxy too); sharing the node\'s file keeps their rule updates from clobbering each other. Writable because taking the lock opens it for writing.'],
  ['hostPort.8081', 'With hostNetwork the health endpoint listens on the node\'s port; declaring it lets the kubelet probe it and keeps a second agent from starting on the same node.'],
  ['runAsRoot.flannel', 'The agent programs the node\'s network stack and writes root-owned node files; its capabilities only take effect for uid 0, as Kubernetes grants no ambient capabilities to other users.'],
  ['runAsRoot.install-cni', 'Writes into the node\'s root-owned /etc/cni/net.d; it only copies the file beside its target and renames it over it, with every capability dropped and a read-only root filesystem.'],
  ['runAsRoot.install-cni-plugin', 'Writes into the node\'s root-owned /opt/cni/bin; it runs only cp, with every capability dropped and a read-only root filesystem.'],
] as const;

/** The install containers only copy files: root for the node's root-owned folders, nothing else. */
const COPY_ONLY = { ensureNonRoot: false, user: 0, readOnlyRootFilesystem: true, capabilities: { drop: [Capability.ALL] } };
const COPY_RESOURCES = { cpu: { request: Cpu.millis(10) }, memory: { request: Size.mebibytes(16), limit: Size.mebibytes(64) } };

export function rawCniAgent(scope: Construct, agent: FleetAgent): void {
  const id: Identity = { name: 'flannel', instance: agent.instance, version: '0.28.9', component: 'cni', namespace: agent.namespace, wave: -10 };
  agentNamespace(scope, id);
  const data = { 'cni-conf.json': `${JSON.stringify(CNI_CONF, null, 2)}\n`, 'net-conf.json': `${JSON.stringify(NET_CONF, null, 2)}\n` };
  const config = new ConfigMap(scope, 'ConfigMap', { metadata: metadata(id, `${agent.instance}-config`), data, immutable: false });
  const account = serviceAccount(scope, id);
  clusterRole(scope, id, account, [
    { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['nodes/status'], verbs: ['patch'] },
  ]);

  const ds = new DaemonSet(scope, 'DaemonSet', {
    metadata: metadata(id, agent.instance, justifications(REASONS)),
    podMetadata: {
      labels: labels(id),
      annotations: { 'checksum/config': configChecksum(data) },
    },
    select: false,
    serviceAccount: account,
    automountServiceAccountToken: true,
    hostNetwork: true,
    dns: { policy: DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET },
    terminationGracePeriod: Duration.seconds(5),
  });
  ds.select(LabelSelector.of({ labels: selectorLabels(id) }));
  ds.scheduling.tolerate(Node.tainted(NodeTaintQuery.any()));
  // Fargate and virtual-kubelet nodes run no CNI of the cluster's.
  ds.scheduling.attract(Node.labeled(
    NodeLabelQuery.notIn('eks.amazonaws.com/compute-type', ['fargate']),
    NodeLabelQuery.notIn('type', ['virtual-kubelet']),
  ));

  const configVolume = Volume.fromConfigMap(scope, 'config', config, { name: 'config' });
  const hostPath = (name: string, path: string, type: HostPathVolumeType) => Volume.fromHostPath(scope, name, name, { path, type });
  const flannel = ds.addContainer({
    name: 'flannel',
    image: FLANNEL,
    imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
    command: ['/opt/bin/flanneld'],
    args: ['--ip-masq', '--kube-subnet-mgr', '--healthz-port=8081'],
    envVariables: {
      NODE_NAME: EnvValue.fromFieldRef(EnvFieldPaths.NODE_NAME),
      POD_NAME: EnvValue.fromFieldRef(EnvFieldPaths.POD_NAME),
      POD_NAMESPACE: EnvValue.fromFieldRef(EnvFieldPaths.POD_NAMESPACE),
    },
    ports: [{ number: 8081, hostPort: 8081, name: 'healthz' }],
    liveness: Probe.fromHttpGet('/healthz', { port: 8081, initialDelaySeconds: Duration.seconds(10), periodSeconds: Duration.seconds(30), failureThreshold: 3 }),
    readiness: Probe.fromHttpGet('/readyz', { port: 8081, initialDelaySeconds: Duration.seconds(5), periodSeconds: Duration.seconds(10), failureThreshold: 3 }),
    resources: { cpu: { request: Cpu.millis(100) }, memory: { request: Size.mebibytes(50), limit: Size.mebibytes(256) } },
    securityContext: {
      ensureNonRoot: false,
      user: 0,
      readOnlyRootFilesystem: false,
      capabilities: { add: [Capability.NET_ADMIN, Capability.NET_RAW], drop: [Capability.ALL] },
    },
  });
  flannel.mount('/etc/kube-flannel', configVolume, { readOnly: true });
  flannel.mount('/run/flannel', hostPath('state', '/run/flannel', HostPathVolumeType.DIRECTORY_OR_CREATE), { readOnly: false });
  flannel.mount('/run/xtables.lock', hostPath('xtables-lock', '/run/xtables.lock', HostPathVolumeType.FILE_OR_CREATE), { readOnly: false });

  const installPlugin = ds.addInitContainer({
    name: 'install-cni-plugin',
    image: CNI_PLUGIN,
    imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
    command: ['cp'],
    args: ['-f', '/flannel', '/opt/cni/bin/flannel'],
    resources: COPY_RESOURCES,
    securityContext: COPY_ONLY,
  });
  installPlugin.mount('/opt/cni/bin', hostPath('cni-bin', '/opt/cni/bin', HostPathVolumeType.DIRECTORY_OR_CREATE), { readOnly: false });
  const installConfig = ds.addInitContainer({
    name: 'install-cni',
    image: FLANNEL,
    imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
    command: ['/opt/bin/install-conf'],
    args: ['/etc/kube-flannel/cni-conf.json', '/etc/cni/net.d/10-flannel.conflist'],
    resources: COPY_RESOURCES,
    securityContext: COPY_ONLY,
  });
  installConfig.mount('/etc/kube-flannel', configVolume, { readOnly: true });
  installConfig.mount('/etc/cni/net.d', hostPath('cni-conf', '/etc/cni/net.d', HostPathVolumeType.DIRECTORY_OR_CREATE), { readOnly: false });

  patchDaemonSet(ds, {
    maxUnavailable: k8s.IntOrString.fromNumber(1),
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
  });
}
