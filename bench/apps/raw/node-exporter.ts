/** The node-exporter of examples/main.ts (with its ServiceMonitor), written with raw cdk8s-plus-28. */
import { Duration, Size } from 'cdk8s';
import {
  Capability, Cpu, DaemonSet, DnsPolicy, EnvFieldPaths, EnvValue, HostPathVolumeType, ImagePullPolicy, k8s, LabelSelector, MountPropagation,
  Node, NodeLabelQuery, NodeTaintQuery, Probe, Volume,
} from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { FleetAgent } from '../fleet';
import { Identity, justifications, labels, metadata, selectorLabels } from './identity';
import { agentNamespace, headlessService, serviceAccount, serviceMonitor } from './objects';
import { patchDaemonSet } from './patches';

const PORT = 9100;
const NOBODY = 65534;
const IGNORED_DEVICES = '^(veth.*|[a-f0-9]{15})$';

const REASONS = [
  ['hostNetwork', 'node-exporter reports the node\'s network: /proc/net, /proc/sys/net and netlink describe the network namespace of the process reading them, so only in the node\'s namespace do they show the node\'s interfaces, traffic, sockets and conntrack instead of the pod\'s own veth. It also keeps the exporter reachable at the node\'s IP when the pod network is what is broken.'],
  ['hostPID', 'node-exporter reports on the node\'s processes (process and thread counts and states, open files, PID limits); in the node\'s PID namespace every /proc path it resolves, the container\'s own /proc included, describes the node and not the pod. The node_exporter README (--pid=host), the chart and kube-prometheus all run it so.'],
  ['hostPath.proc', 'node-exporter reads the node\'s /proc (CPU, memory, load, disk I/O, network and process statistics) read-only at /host/proc (--path.procfs).'],
  ['hostPath.root', 'node-exporter reads the node\'s / read-only at /host/root (--path.rootfs) to report the space and inodes of every filesystem and udev\'s device names; HostToContainer propagation shows it filesystems mounted after it started.'],
  ['hostPath.sys', 'node-exporter reads the node\'s /sys (network interfaces, block devices, thermal zones, power, hardware) read-only at /host/sys (--path.sysfs).'],
  ['hostPort.9100', 'With hostNetwork the exporter listens on the node itself at port 9100; declaring it as a hostPort makes the scheduler keep a second exporter on the same port off the node (Pending) instead of crash-looping on "address already in use". Change it with the port prop.'],
] as const;

export function rawNodeExporter(scope: Construct, agent: FleetAgent): void {
  const id: Identity = { name: 'node-exporter', instance: agent.instance, version: '1.12.1', component: 'exporter', namespace: agent.namespace, wave: 0 };
  agentNamespace(scope, id);
  const account = serviceAccount(scope, id);

  const ds = new DaemonSet(scope, 'DaemonSet', {
    metadata: metadata(id, agent.instance, justifications(REASONS)),
    podMetadata: { labels: labels(id), annotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' } },
    select: false,
    serviceAccount: account,
    automountServiceAccountToken: false,
    hostNetwork: true,
    dns: { policy: DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET },
    terminationGracePeriod: Duration.seconds(30),
  });
  ds.select(LabelSelector.of({ labels: selectorLabels(id) }));
  ds.scheduling.tolerate(Node.tainted(NodeTaintQuery.any()));
  ds.scheduling.attract(Node.labeled(NodeLabelQuery.notIn('eks.amazonaws.com/compute-type', ['fargate']), NodeLabelQuery.notIn('type', ['virtual-kubelet'])));

  const probe = () => Probe.fromHttpGet('/', { port: PORT, periodSeconds: Duration.seconds(10), timeoutSeconds: Duration.seconds(1), failureThreshold: 3 });
  const exporter = ds.addContainer({
    name: 'node-exporter',
    image: 'quay.io/prometheus/node-exporter:v1.12.1',
    imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
    args: [
      '--path.procfs=/host/proc',
      '--path.sysfs=/host/sys',
      '--path.rootfs=/host/root',
      '--path.udev.data=/host/root/run/udev/data',
      `--web.listen-address=[$(HOST_IP)]:${PORT}`,
      '--no-collector.wifi',
      '--no-collector.hwmon',
      '--no-collector.btrfs',
      '--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|run/k3s/containerd/.+|var/lib/docker/.+|var/lib/kubelet/pods/.+)($|/)',
      `--collector.netclass.ignored-devices=${IGNORED_DEVICES}`,
      `--collector.netdev.device-exclude=${IGNORED_DEVICES}`,
    ],
    envVariables: { HOST_IP: EnvValue.fromFieldRef(EnvFieldPaths.NODE_IP) },
    ports: [{ number: PORT, hostPort: PORT, name: 'metrics' }],
    liveness: probe(),
    readiness: probe(),
    resources: { cpu: { request: Cpu.millis(102) }, memory: { request: Size.mebibytes(180), limit: Size.mebibytes(180) } },
    securityContext: { ensureNonRoot: true, user: NOBODY, group: NOBODY, readOnlyRootFilesystem: true, capabilities: { drop: [Capability.ALL] } },
  });
  const hostPath = (name: string, path: string) => Volume.fromHostPath(scope, name, name, { path, type: HostPathVolumeType.DEFAULT });
  exporter.mount('/host/proc', hostPath('proc', '/proc'), { readOnly: true });
  exporter.mount('/host/sys', hostPath('sys', '/sys'), { readOnly: true });
  exporter.mount('/host/root', hostPath('root', '/'), { readOnly: true, propagation: MountPropagation.HOST_TO_CONTAINER });

  patchDaemonSet(ds, {
    maxUnavailable: k8s.IntOrString.fromString('10%'),
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    securityContext: { runAsUser: NOBODY, runAsGroup: NOBODY, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    hostPid: true,
    untypedHostPaths: [0, 1, 2],
  });

  headlessService(scope, id, { name: 'metrics', port: PORT, targetPort: PORT }, '/metrics');
  serviceMonitor(scope, id, false);
}
