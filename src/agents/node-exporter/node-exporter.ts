import { ApiObject, Duration, Size } from 'cdk8s';
import { Capability, Container, Cpu, MountPropagation, Probe, Secret, Volume } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { nodeExporterAlerts } from './alerts';
import {
  atLeast, collectorProblems, monitorChoiceProblems, portProblems, rootPropagationProblems, textfileProblems, TEXTFILE_REPEATABLE_SINCE,
} from './checks';
import { NodeExporterCollector } from './collectors';
import { exporterArgs, ExporterFlags, HOST_IP_ENV, managedFlags, positionalArgProblems } from './flags';
import { mountExporterPaths } from './mounts';
import {
  isKubeRbacProxyOptions, KubeRbacProxyOptions, PROXY_PORT_NAME, PROXY_TLS_MOUNT, rbacProxyAccess, rbacProxyContainer, rbacProxyProblems,
  upstreamPortOf,
} from './rbac-proxy';
import { NodeExporterVersion } from './version';
import { AgentService, ScrapeScheme } from '../../base/discovery';
import { DownwardApi } from '../../base/downward-api';
import { NodeSelection } from '../../base/node-selection';
import { Privilege } from '../../base/privileges';
import { Toleration } from '../../base/tolerations';
import { UpdateLimit, UpdateStrategy } from '../../base/update-strategy';
import { SyncWave } from '../../gitops/sync-wave';
import { checkConstruction, instanceOf, isBoolean, isString, listOf, oneOf, optional, Schema } from '../../validation/guards';
import { AgentBase, AgentDefaults } from '../agent-base';
import { port } from '../agent-guards';
import { AGENT_OPTIONS_SCHEMA, AgentOptions } from '../agent-options';
import {
  addPodMonitor, addServiceMonitor, isServiceMonitorOptions, ServiceMonitorOptions, ServiceMonitorTarget, serviceMonitorProblems,
  serviceMonitorRequested,
} from '../service-monitor';

/**
 * The shared options' defaults. Upstream: the prometheus-node-exporter chart 4.56.1 ("chart") and
 * kube-prometheus ("KP"), as recorded in shared/reference/upstream-agents.md §4.
 */
export const AGENT_DEFAULTS: AgentDefaults = {
  namespace: 'monitoring',
  // Linux images only; and the chart's exclusion of Fargate and virtual-kubelet nodes, where a
  // DaemonSet pod can never run (prometheus-community/helm-charts#4736).
  nodeSelection: NodeSelection.linux().and(NodeSelection.excludeVirtualNodes()),
  // KP's: every taint. The chart's NoSchedule-only default leaves NoExecute-tainted nodes
  // unmonitored (helm/charts#24519, #21977); virtual nodes are excluded by selection instead.
  tolerations: [Toleration.everything()],
  // KP's and OpenShift's 10%: one node at a time takes hours on a large cluster
  // (openshift/cluster-monitoring-operator#902); a scrape gap is the cost, not an outage.
  updateStrategy: UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.percent(10) }),
  // KP's measured requests (chart: none). The memory limit equals the request, so the exporter
  // is never OOM-killed for memory the scheduler reserved. No CPU limit, unlike KP's 250m:
  // throttling stretches scrapes past their timeout and leaves gaps on busy nodes, and the
  // request already guarantees its share.
  resources: {
    cpu: { request: Cpu.millis(102) },
    memory: { request: Size.mebibytes(180), limit: Size.mebibytes(180) },
  },
  syncWave: SyncWave.OBSERVABILITY,
};

/** The defaults of node-exporter's own props, from the same sources. */
const DEFAULTS = {
  name: 'node-exporter',
  component: 'exporter',
  version: NodeExporterVersion.V1_12_1,
  port: 9100,
  // The chart's `service.listenOnAllInterfaces: false`, not its default: with hostNetwork,
  // 0.0.0.0 publishes node metrics on every interface of the node, public ones included. The
  // node IP is the address Prometheus discovers (a hostNetwork pod's IP) and the probes use.
  listenOnAllInterfaces: false,
  // KP's. wifi is already off upstream; saying so keeps it off whatever a release defaults to.
  // hwmon reads hardware sensors, which VMs do not have (OpenShift turns it back on for bare
  // metal: enableCollectors does that here). btrfs: many kernels, RHEL's among them, have none.
  disabledCollectors: [NodeExporterCollector.WIFI, NodeExporterCollector.HWMON, NodeExporterCollector.BTRFS],
  // KP's: the node's own pseudo and container filesystems (per-pod mounts would add series
  // for every pod and report the same disk many times).
  filesystemMountPointsExclude: '^/(dev|proc|sys|run/k3s/containerd/.+|var/lib/docker/.+|var/lib/kubelet/pods/.+)($|/)',
  // KP's: pods' veth interfaces and OVN-Kubernetes's 15-hex-digit ones; each pod would
  // otherwise add and orphan a set of interface series.
  networkDevicesExclude: '^(veth.*|[a-f0-9]{15})$',
  mountHostRoot: true,
  hostRootPropagation: MountPropagation.HOST_TO_CONTAINER,
  // The chart's probes: GET / on the metrics port every 10s, 1s timeout, 3 failures.
  probePeriod: Duration.seconds(10),
  probeTimeout: Duration.seconds(1),
  probeFailureThreshold: 3,
  // The chart's: lets the cluster autoscaler remove the node although the pod mounts host paths.
  podAnnotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' },
  // nobody:nogroup, as the chart and KP: node-exporter only reads world-readable files.
  user: 65534,
  group: 65534,
  scrapeAnnotations: true,
  // KP's interval; the scrape timeout (10 s) and the node-name instance label are the shared defaults.
  serviceMonitorInterval: Duration.seconds(15),
};

const PORT_NAME = 'metrics';
const CONTAINER_NAME = 'node-exporter';

/**
 * Properties of a node-exporter.
 *
 * The shared options default, for this agent, to: `namespace` "monitoring"; `instance`
 * "node-exporter"; `nodeSelection` Linux nodes that are not virtual (Fargate, virtual-kubelet);
 * `tolerations` `[Toleration.everything()]`; `updateStrategy` a rolling update of 10% of the
 * nodes at a time; `resources` requests cpu 102m and memory 180Mi, a memory limit of 180Mi and no
 * CPU limit; `syncWave` SyncWave.OBSERVABILITY (AGENT_DEFAULTS says why each).
 */
export interface NodeExporterDaemonSetProps extends AgentOptions {
  /**
   * The node-exporter release; it sets the image tag and the `app.kubernetes.io/version` label.
   * @default NodeExporterVersion.V1_12_1
   */
  readonly version?: NodeExporterVersion;
  /**
   * The metrics port. With hostNetwork the exporter listens on the node itself and the port is
   * published as a hostPort of the same number, so two exporters (another installation, or any
   * other agent on 9100) cannot share a node: the second one's pods stay Pending ("didn't have
   * free ports"). Give a second installation its own port. Must be 1024 or more: the exporter
   * runs without capabilities.
   * @default 9100
   */
  readonly port?: number;
  /**
   * Listen on every interface of the node (`:<port>`) instead of only the node's IP
   * (`status.hostIP`, through the `HOST_IP` env var).
   * @default false
   */
  readonly listenOnAllInterfaces?: boolean;
  /**
   * Collectors to switch on (`--collector.<name>`), typically ones upstream leaves off, e.g.
   * `NodeExporterCollector.SYSTEMD`. Enabling a collector of the default `disableCollectors`
   * takes it out of that list. SYSTEMD and LOGIND read the node's systemd over D-Bus: the system
   * bus socket (/var/run/dbus/system_bus_socket) is then mounted read-only, and must exist on the
   * selected nodes (the pod does not start where it does not).
   * @default []
   */
  readonly enableCollectors?: NodeExporterCollector[];
  /**
   * Collectors to switch off (`--no-collector.<name>`); replaces the default list.
   * @default [NodeExporterCollector.WIFI, NodeExporterCollector.HWMON, NodeExporterCollector.BTRFS] (kube-prometheus's)
   */
  readonly disableCollectors?: NodeExporterCollector[];
  /**
   * A node directory of `*.prom` files for the textfile collector (metrics written by node jobs,
   * e.g. "/var/lib/node-exporter/textfile"). Mounted read-only; created empty by the kubelet
   * where missing, so the exporter starts on nodes that have no writer yet.
   * @default - no textfile directory
   */
  readonly textfileDirectory?: string;
  /**
   * Several textfile directories, each mounted read-only (at /host/textfile, /host/textfile-1,
   * ...) and read by the textfile collector. node-exporter reads several from 1.9.0 (one
   * `--collector.textfile.directory` flag each); with an older `version`, give one. Replaces
   * `textfileDirectory`.
   * @default - no textfile directory
   */
  readonly textfileDirectories?: string[];
  /**
   * Mount points the filesystem collector skips (a Go regular expression on the node's paths);
   * "" leaves node-exporter's own default.
   * @default "^/(dev|proc|sys|run/k3s/containerd/.+|var/lib/docker/.+|var/lib/kubelet/pods/.+)($|/)" (kube-prometheus's)
   */
  readonly filesystemMountPointsExclude?: string;
  /**
   * Network devices the netclass and netdev collectors skip (a Go regular expression); ""
   * excludes none.
   * @default "^(veth.*|[a-f0-9]{15})$" (kube-prometheus's: pod veths and OVN-Kubernetes interfaces)
   */
  readonly networkDevicesExclude?: string;
  /**
   * Mount the node's `/` read-only at /host/root (`--path.rootfs`), which the filesystem
   * collector needs to report the node's disks. Turn it off where policy forbids mounting `/`;
   * the filesystem collector then reports nothing useful (disable it).
   * @default true
   */
  readonly mountHostRoot?: boolean;
  /**
   * Mount propagation of the `/` mount. HostToContainer lets the exporter see filesystems
   * mounted after it started; where the node's `/` is not a shared mount, the runtime refuses
   * it ("path / is mounted on / but it is not a shared or slave mount") and `MountPropagation.NONE`
   * is the fix, at the cost of missing later mounts until the pod restarts.
   * @default MountPropagation.HOST_TO_CONTAINER
   */
  readonly hostRootPropagation?: MountPropagation;
  /**
   * Put `prometheus.io/scrape` annotations on the Service, for a Prometheus that discovers by
   * annotation. Turn off if the same Prometheus also uses the ServiceMonitor, or it scrapes twice.
   * @default true
   */
  readonly scrapeAnnotations?: boolean;
  /**
   * Emit a prometheus-operator ServiceMonitor (the CRD must exist in the cluster).
   * @default - only when `serviceMonitorOptions` is given
   */
  readonly serviceMonitor?: boolean;
  /**
   * The ServiceMonitor's (or PodMonitor's) options; giving them asks for the ServiceMonitor.
   * @default - interval 15s, scrapeTimeout 10s, instance = node name
   */
  readonly serviceMonitorOptions?: ServiceMonitorOptions;
  /**
   * Emit a prometheus-operator PodMonitor instead of the ServiceMonitor: Prometheus discovers the
   * pods themselves (the chart notes it suits clusters of 1000 and more nodes, where the
   * Service's endpoints are heavy). `serviceMonitorOptions` apply to it.
   * @default false
   */
  readonly podMonitor?: boolean;
  /**
   * Serve the metrics through kube-rbac-proxy, as kube-prometheus does: node-exporter listens on
   * 127.0.0.1 only, and the proxy on the node's address and `port`, over TLS, to callers the API
   * server authenticates and authorizes (`get` on the non-resource URL /metrics, which the
   * scraping Prometheus needs). The Service port becomes "https" and the ServiceMonitor scrapes
   * over HTTPS with Prometheus's own token. Grants the proxy TokenReview and SubjectAccessReview
   * creation (and so mounts a token).
   * @default false (true when `kubeRbacProxyOptions` is given)
   */
  readonly kubeRbacProxy?: boolean;
  /**
   * kube-rbac-proxy's settings; giving them asks for the proxy.
   * @default - KubeRbacProxyVersion.V0_22_1, node-exporter on `port` + 1, a self-signed certificate
   */
  readonly kubeRbacProxyOptions?: KubeRbacProxyOptions;
}

const isCollectorList = listOf(instanceOf(NodeExporterCollector, 'NodeExporterCollector.SYSTEMD'));

/** The runtime shape of NodeExporterDaemonSetProps, checked before anything reads them. */
export const NODE_EXPORTER_PROPS_SCHEMA: Schema<NodeExporterDaemonSetProps> = {
  ...AGENT_OPTIONS_SCHEMA,
  version: optional(instanceOf(NodeExporterVersion, 'NodeExporterVersion.V1_12_1')),
  port: optional(port(DEFAULTS.port)),
  listenOnAllInterfaces: optional(isBoolean),
  enableCollectors: optional(isCollectorList),
  disableCollectors: optional(isCollectorList),
  textfileDirectory: optional(isString),
  filesystemMountPointsExclude: optional(isString),
  networkDevicesExclude: optional(isString),
  mountHostRoot: optional(isBoolean),
  hostRootPropagation: optional(oneOf(MountPropagation, 'MountPropagation')),
  scrapeAnnotations: optional(isBoolean),
  serviceMonitor: optional(isBoolean),
  serviceMonitorOptions: optional(isServiceMonitorOptions),
  textfileDirectories: optional(listOf(isString)),
  podMonitor: optional(isBoolean),
  kubeRbacProxy: optional(isBoolean),
  kubeRbacProxyOptions: optional(isKubeRbacProxyOptions),
};

/**
 * Prometheus node-exporter on every Linux node: the node's CPU, memory, disks, filesystems and
 * network, read from its /proc, /sys and / (all read-only), as the non-root user 65534 without
 * capabilities or API access. A headless Service with scrape annotations makes every node a
 * target; a ServiceMonitor is available on request.
 *
 * @example
 * new NodeExporterDaemonSet(chart, 'node-exporter', {
 *   enableCollectors: [NodeExporterCollector.SYSTEMD],
 *   serviceMonitorOptions: { labels: { release: 'kube-prometheus-stack' } },
 * });
 */
export class NodeExporterDaemonSet extends AgentBase {
  /** The headless Service in front of every node's exporter. */
  public readonly service: AgentService;
  /** The ServiceMonitor, when asked for. */
  public readonly serviceMonitor?: ApiObject;
  /** The PodMonitor, when asked for. */
  public readonly podMonitor?: ApiObject;
  /** The kube-rbac-proxy container, when asked for. */
  public readonly kubeRbacProxy?: Container;
  /** The metrics port, on the node. */
  public readonly port: number;
  /** The node-exporter release. */
  public readonly version: NodeExporterVersion;

  public constructor(scope: Construct, id: string, props: NodeExporterDaemonSetProps = {}) {
    checkConstruction(scope, id, props, NODE_EXPORTER_PROPS_SCHEMA, 'NodeExporterDaemonSet');
    const version = props.version ?? DEFAULTS.version;
    super(scope, id, props, { name: DEFAULTS.name, component: DEFAULTS.component, version: version.version }, AGENT_DEFAULTS);
    this.port = props.port ?? DEFAULTS.port;
    this.version = version;
    const listenOnAllInterfaces = props.listenOnAllInterfaces ?? DEFAULTS.listenOnAllInterfaces;
    const mountHostRoot = props.mountHostRoot ?? DEFAULTS.mountHostRoot;
    const rootPropagation = props.hostRootPropagation ?? DEFAULTS.hostRootPropagation;
    const enable = uniqueByName(props.enableCollectors ?? []);
    const disable = uniqueByName(props.disableCollectors ?? DEFAULTS.disabledCollectors)
      .filter(c => props.disableCollectors !== undefined || !enable.some(e => e.name === c.name));
    const textfileDirectories = props.textfileDirectories ?? (props.textfileDirectory !== undefined ? [props.textfileDirectory] : []);
    const repeatableTextfile = atLeast(version.version, TEXTFILE_REPEATABLE_SINCE);
    const proxied = props.kubeRbacProxy ?? props.kubeRbacProxyOptions !== undefined;
    const proxy = props.kubeRbacProxyOptions ?? {};
    const loopbackPort = proxied ? upstreamPortOf(proxy, this.port) : undefined;
    const flags: ExporterFlags = {
      port: this.port,
      listenOnAllInterfaces,
      mountHostRoot,
      enable,
      disable,
      textfileDirectories: textfileDirectories.length,
      repeatableTextfile,
      loopbackPort,
      filesystemMountPointsExclude: props.filesystemMountPointsExclude ?? DEFAULTS.filesystemMountPointsExclude,
      networkDevicesExclude: props.networkDevicesExclude ?? DEFAULTS.networkDevicesExclude,
    };
    // Behind the proxy the kubelet probes the exporter on the node's loopback, which a
    // hostNetwork pod shares (the chart's probes with kube-rbac-proxy).
    const probe = () => Probe.fromHttpGet('/', {
      port: loopbackPort ?? this.port,
      host: loopbackPort !== undefined ? '127.0.0.1' : undefined,
      periodSeconds: DEFAULTS.probePeriod,
      timeoutSeconds: DEFAULTS.probeTimeout,
      failureThreshold: DEFAULTS.probeFailureThreshold,
    });
    const hostIp = !listenOnAllInterfaces && !proxied;
    const scheme = proxied ? ScrapeScheme.HTTPS : ScrapeScheme.HTTP;

    this._deploy({
      problems: [
        ...portProblems(this.port),
        ...rootPropagationProblems(rootPropagation),
        ...collectorProblems(props.enableCollectors ?? [], props.disableCollectors ?? [], enable, disable),
        ...textfileProblems(props.textfileDirectory, props.textfileDirectories, disable, repeatableTextfile, version.version),
        ...positionalArgProblems(props.extraArgs ?? []),
        ...serviceMonitorProblems(props.serviceMonitor, props.serviceMonitorOptions, { interval: DEFAULTS.serviceMonitorInterval, scheme }),
        ...(proxied ? rbacProxyProblems(proxy, this.port) : []),
        ...monitorChoiceProblems(props, proxied),
      ],
      // The Service is named after the instance, and Service names are DNS-1035 labels.
      instanceNamesService: true,
      alerts: {
        monitored: serviceMonitorRequested(props.serviceMonitor, props.serviceMonitorOptions) || props.podMonitor === true,
        rules: nodeExporterAlerts,
      },
      daemonSet: {
        podMetadata: { annotations: { ...DEFAULTS.podAnnotations } },
        hostNetwork: true,
        hostPid: true,
        securityContext: { ensureNonRoot: true, user: DEFAULTS.user, group: DEFAULTS.group },
        access: proxied ? rbacProxyAccess() : [],
      },
      container: {
        name: CONTAINER_NAME,
        image: this.version.image,
        args: exporterArgs(flags),
        // Behind the proxy the exporter publishes nothing: only the proxy's port is on the node.
        ports: proxied ? undefined : [{ number: this.port, name: PORT_NAME }],
        envVariables: hostIp ? { [HOST_IP_ENV]: DownwardApi.hostIp() } : {},
        securityContext: {
          ensureNonRoot: true,
          user: DEFAULTS.user,
          group: DEFAULTS.group,
          privileged: false,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: [Capability.ALL] },
        },
        liveness: probe(),
        readiness: probe(),
      },
      env: hostIp ? { [HOST_IP_ENV]: { reason: 'the listen address reads the node\'s IP from it', fix: 'choose another name, or set listenOnAllInterfaces: true' } } : {},
      flags: managedFlags(flags),
    });
    this.daemonSet.justify(Privilege.HOST_NETWORK, 'node-exporter reports the node\'s network: /proc/net, /proc/sys/net and netlink describe the network namespace of the process reading them, so only in the node\'s namespace do they show the node\'s interfaces, traffic, sockets and conntrack instead of the pod\'s own veth. It also keeps the exporter reachable at the node\'s IP when the pod network is what is broken.');
    this.daemonSet.justify(Privilege.HOST_PID, 'node-exporter reports on the node\'s processes (process and thread counts and states, open files, PID limits); in the node\'s PID namespace every /proc path it resolves, the container\'s own /proc included, describes the node and not the pod. The node_exporter README (--pid=host), the chart and kube-prometheus all run it so.');
    this.daemonSet.justify(Privilege.hostPort(this.port), `With hostNetwork the ${proxied ? 'kube-rbac-proxy in front of the exporter' : 'exporter'} listens on the node itself at port ${this.port}; declaring it as a hostPort makes the scheduler keep a second exporter on the same port off the node (Pending) instead of crash-looping on "address already in use". Change it with the port prop.`);
    mountExporterPaths(this.daemonSet, this.container, { textfileDirectories, mountHostRoot, rootPropagation, enable });
    if (proxied) this.kubeRbacProxy = this.addRbacProxy(proxy, listenOnAllInterfaces);

    const portName = proxied ? PROXY_PORT_NAME : PORT_NAME;
    // Headless (the base's default): DNS and Prometheus see every node's exporter, not one
    // behind a virtual IP.
    this.service = this.daemonSet.exposeViaService({
      ports: [{ name: portName, port: this.port, targetPort: this.port }],
      scrape: (props.scrapeAnnotations ?? DEFAULTS.scrapeAnnotations) ? { port: this.port, scheme } : undefined,
    });

    if (serviceMonitorRequested(props.serviceMonitor, props.serviceMonitorOptions) || props.podMonitor) {
      const target: ServiceMonitorTarget = {
        agent: this.daemonSet,
        port: portName,
        path: '/metrics',
        interval: DEFAULTS.serviceMonitorInterval,
        honorLabels: false,
        scheme,
        bearerToken: proxied,
        // kube-rbac-proxy's certificate is its own (self-signed unless tlsSecretName), as kube-prometheus scrapes it.
        tlsConfig: proxied ? { insecureSkipVerify: true } : undefined,
      };
      if (props.podMonitor) this.podMonitor = addPodMonitor(target, props.serviceMonitorOptions);
      else this.serviceMonitor = addServiceMonitor(target, props.serviceMonitorOptions);
    }
  }

  private addRbacProxy(options: KubeRbacProxyOptions, listenOnAllInterfaces: boolean): Container {
    const proxy = this.daemonSet.addContainer(rbacProxyContainer(options, this.port, listenOnAllInterfaces, HOST_IP_ENV));
    if (options.tlsSecretName !== undefined) {
      const secret = Secret.fromSecretName(this, 'ProxyTlsSecret', options.tlsSecretName);
      proxy.mount(PROXY_TLS_MOUNT, Volume.fromSecret(this, 'ProxyTls', secret, { name: 'kube-rbac-proxy-tls' }), { readOnly: true });
    }
    this.daemonSet.justify(Privilege.API_ACCESS, 'kube-rbac-proxy checks each scraper with the API server: it creates a TokenReview (is the bearer token valid?) and a SubjectAccessReview (may its owner get /metrics?), the only two rules granted (kube-prometheus\'s node-exporter ClusterRole).');
    return proxy;
  }
}

function uniqueByName(collectors: readonly NodeExporterCollector[]): NodeExporterCollector[] {
  return collectors.filter((c, i) => collectors.findIndex(o => o.name === c.name) === i);
}
