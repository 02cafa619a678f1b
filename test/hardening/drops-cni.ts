/**
 * No-silent-drops tables for the CNI's building blocks: flannel's options, a custom CNI with every
 * prop set (its init containers, host paths, ports, capabilities, API access, plugins), and the
 * probes of every kind, which reach the YAML through NodeAgent.probe().
 */
import { Duration, Size } from 'cdk8s';
import { ApiResource, Capability, ConnectionScheme, Cpu, EnvValue, HostPathVolumeType, MountPropagation } from 'cdk8s-plus-28';
import { DropTable } from './drops';
import { cniObjects, once } from './drops-agents';
import {
  AccessRule, AgentProbe, ApiVerb, CniAgentDaemonSet, CniConfig, CniConfigValue, CniImplementation, CniInitStep, CniPrivileges,
} from '../../src';
import { JUSTIFICATION_PREFIX } from '../../src/base/privileges';

const CNI = 'DaemonSet/drop-cni spec.template.spec';
const DS = 'DaemonSet/drop-custom';
const POD = `${DS} spec.template.spec`;
const AGENT = `${POD}.containers[name=drop-custom-cni]`;
const INIT = `${POD}.initContainers[name=drop-init]`;
const PLUGIN = `${POD}.initContainers[name=install-cni-plugin]`;
const EXEC = 'DaemonSet/drop-exec spec.template.spec.containers[name=flannel].startupProbe';
const reason = (key: string) => `${DS} metadata.annotations["${JUSTIFICATION_PREFIX}${key}"]`;

const customObjects = once(chart => {
  new CniAgentDaemonSet(chart, 'custom', {
    namespace: 'drop-ns-custom',
    instance: 'drop-custom',
    implementation: CniImplementation.custom({
      name: 'drop-custom-cni',
      image: 'registry.example.com/drop-cni:v3.2.1',
      version: '3.2.1',
      command: ['/drop-agent'],
      args: ['--drop-mode'],
      env: { DROP_ENV: EnvValue.fromValue('drop-env-value') },
      privileges: CniPrivileges.capabilities([
        { capability: Capability.NET_ADMIN, justification: 'Drop: programs routes.' },
        { capability: Capability.NET_RAW, justification: 'Drop: raw sockets.' },
      ]),
      cniConfig: CniConfig.fromObject({
        name: 'drop-custom-net',
        cniVersion: '0.4.0',
        plugins: [{ type: 'drop-cni', nodename: CniConfigValue.nodeName(), mtu: CniConfigValue.mtu(42), kubeconfig: CniConfigValue.kubeconfigPath() }],
      }),
      cniConfigFileName: '50-drop.conflist',
      plugins: [{ image: 'registry.example.com/drop-cni-plugin:v3.2.1', path: '/bin/drop-cni-bin', name: 'drop-cni' }],
      initContainers: [
        CniInitStep.container({
          name: 'drop-init',
          image: 'registry.example.com/drop-init:v1.0.0',
          command: ['/drop-init'],
          args: ['--drop-init-arg'],
          env: { DROP_INIT: EnvValue.fromValue('drop-init-value') },
          privileges: CniPrivileges.privileged('Drop: mounts bpffs for the node.'),
          hostPaths: [{
            name: 'drop-bpf',
            hostPath: '/sys/fs/bpf',
            mountPath: '/drop-bpf',
            type: HostPathVolumeType.DIRECTORY_OR_CREATE,
            readOnly: false,
            propagation: MountPropagation.BIDIRECTIONAL,
            justification: 'Drop: pins maps.',
          }],
          readOnlyRootFilesystem: false,
          resources: { cpu: { request: Cpu.millis(7) }, memory: { request: Size.mebibytes(7) } },
          justification: 'Drop: runs as root to mount.',
        }),
        CniInitStep.installPlugins(),
        CniInitStep.installConfig(),
      ],
      configFiles: { 'drop.yaml': 'drop: true\n' },
      configDirectory: '/etc/drop-cni',
      hostPaths: [{
        name: 'drop-state',
        hostPath: '/var/lib/drop-cni',
        mountPath: '/drop-state',
        type: HostPathVolumeType.DIRECTORY_OR_CREATE,
        readOnly: false,
        propagation: MountPropagation.HOST_TO_CONTAINER,
        justification: 'Drop: keeps its state.',
      }],
      ports: [{ name: 'drop-health', port: 9099, justification: 'Drop: serves health.' }],
      probes: {
        liveness: AgentProbe.httpGet(9099, {
          path: '/drop-live',
          host: '127.0.0.1',
          scheme: ConnectionScheme.HTTPS,
          headers: { 'X-Drop': 'drop-header' },
          initialDelay: Duration.seconds(7),
          period: Duration.seconds(8),
          timeout: Duration.seconds(9),
          failureThreshold: 10,
          successThreshold: 1,
        }),
        readiness: AgentProbe.tcpSocket(9099, {
          host: '127.0.0.2', initialDelay: Duration.seconds(11), period: Duration.seconds(12), timeout: Duration.seconds(13), failureThreshold: 14, successThreshold: 2,
        }),
        startup: AgentProbe.grpc(9099, {
          service: 'drop-svc', initialDelay: Duration.seconds(21), period: Duration.seconds(22), timeout: Duration.seconds(23), failureThreshold: 24, successThreshold: 1,
        }),
      },
      access: {
        rules: [AccessRule.read(ApiResource.NODES), AccessRule.allow([ApiVerb.PATCH], ApiResource.custom({ apiGroup: '', resourceType: 'nodes/status' }))],
        justification: 'Drop: watches Nodes.',
      },
      hostPidJustification: 'Drop: enters the node.',
    }),
  });
  // An exec probe, set through the public DaemonSet.
  const exec = new CniAgentDaemonSet(chart, 'exec', { namespace: 'drop-ns-exec', instance: 'drop-exec' });
  exec.daemonSet.probe(exec.container, {
    startup: AgentProbe.exec(['/drop-exec'], { initialDelay: Duration.seconds(31), period: Duration.seconds(32), timeout: Duration.seconds(33), failureThreshold: 34, successThreshold: 1 }),
  });
});

/** Where each timing option of a probe at `at` appears. */
const timing = (at: string, base: number, successThreshold: number) => ({
  initialDelay: { at: `${at}.initialDelaySeconds`, is: base + 1 },
  period: { at: `${at}.periodSeconds`, is: base + 2 },
  timeout: { at: `${at}.timeoutSeconds`, is: base + 3 },
  failureThreshold: { at: `${at}.failureThreshold`, is: base + 4 },
  successThreshold: { at: `${at}.successThreshold`, is: successThreshold },
});

export const cniTables: DropTable[] = [
  {
    struct: 'FlannelOptions',
    synth: cniObjects,
    rows: {
      version: { at: 'DaemonSet/drop-cni metadata.labels["app.kubernetes.io/version"]', is: '0.29.1' },
      cniPluginVersion: { at: `${CNI}.initContainers[name=install-cni-plugin].image`, has: ':v1.10.0-flannel1' },
      podCidr: { at: 'ConfigMap/drop-cni-config data["net-conf.json"](json).Network', is: '10.77.0.0/16' },
      backend: { at: 'ConfigMap/drop-cni-config data["net-conf.json"](json).Backend.Type', is: 'host-gw' },
      ipMasq: { at: `${CNI}.containers[name=flannel].args`, is: ['--kube-subnet-mgr', '--healthz-port=8777', '--drop-arg'] },
      cniConfig: { at: 'ConfigMap/drop-cni-config data["cni-conf.json"](json)', is: { name: 'drop-net', cniVersion: '1.0.0', plugins: [{ type: 'flannel' }, { type: 'drop-plugin' }] } },
      healthPort: { at: `${CNI}.containers[name=flannel].ports[0]`, is: { containerPort: 8777, hostPort: 8777, name: 'healthz' } },
    },
  },
  {
    struct: 'CustomCniProps',
    synth: customObjects,
    rows: {
      name: { at: `${DS} metadata.labels["app.kubernetes.io/name"]`, is: 'drop-custom-cni' },
      image: { at: `${AGENT}.image`, is: 'registry.example.com/drop-cni:v3.2.1' },
      version: { at: `${DS} metadata.labels["app.kubernetes.io/version"]`, is: '3.2.1' },
      command: { at: `${AGENT}.command`, is: ['/drop-agent'] },
      args: { at: `${AGENT}.args`, is: ['--drop-mode'] },
      env: { at: `${AGENT}.env`, has: { name: 'DROP_ENV', value: 'drop-env-value' } },
      privileges: { at: `${AGENT}.securityContext.capabilities.add`, is: ['NET_ADMIN', 'NET_RAW'] },
      cniConfig: { at: 'ConfigMap/drop-custom-config data["cni-conf.json"](json).name', is: 'drop-custom-net' },
      cniConfigFileName: { at: `${POD}.initContainers[name=install-cni].args`, has: '/etc/cni/net.d/50-drop.conflist' },
      plugins: { at: `${PLUGIN}.image`, is: 'registry.example.com/drop-cni-plugin:v3.2.1' },
      initContainers: { at: `${POD}.initContainers[0].name`, is: 'drop-init' },
      configFiles: { at: 'ConfigMap/drop-custom-config data["drop.yaml"]', is: 'drop: true\n' },
      configDirectory: { at: `${AGENT}.volumeMounts[name=config].mountPath`, is: '/etc/drop-cni' },
      hostPaths: { at: `${POD}.volumes[name=drop-state].hostPath.path`, is: '/var/lib/drop-cni' },
      ports: { at: `${AGENT}.ports[0]`, is: { containerPort: 9099, hostPort: 9099, name: 'drop-health' } },
      probes: { at: `${AGENT}.livenessProbe.httpGet.path`, is: '/drop-live' },
      access: { at: 'ClusterRole/drop-ns-custom-drop-custom rules', has: { resources: ['nodes/status'], verbs: ['patch'] } },
      hostPidJustification: [{ at: `${POD}.hostPID`, is: true }, { at: reason('hostPID'), is: 'Drop: enters the node.' }],
    },
  },
  {
    struct: 'CniPluginBinary',
    synth: customObjects,
    rows: {
      image: { at: `${PLUGIN}.image`, is: 'registry.example.com/drop-cni-plugin:v3.2.1' },
      path: { at: `${PLUGIN}.args[1]`, is: '/bin/drop-cni-bin' },
      name: { at: `${PLUGIN}.args[2]`, is: '/opt/cni/bin/drop-cni' },
    },
  },
  {
    struct: 'CniCapability',
    synth: customObjects,
    rows: {
      capability: { at: `${AGENT}.securityContext.capabilities.add`, has: 'NET_RAW' },
      justification: { at: reason('capability.NET_RAW'), is: 'Drop: raw sockets.' },
    },
  },
  {
    struct: 'CniHostPath',
    synth: customObjects,
    rows: {
      name: { at: `${AGENT}.volumeMounts[name=drop-state].name`, is: 'drop-state' },
      hostPath: { at: `${POD}.volumes[name=drop-state].hostPath.path`, is: '/var/lib/drop-cni' },
      mountPath: { at: `${AGENT}.volumeMounts[name=drop-state].mountPath`, is: '/drop-state' },
      type: { at: `${POD}.volumes[name=drop-state].hostPath.type`, is: 'DirectoryOrCreate' },
      readOnly: { at: `${AGENT}.volumeMounts[name=drop-state].readOnly`, is: false },
      propagation: { at: `${AGENT}.volumeMounts[name=drop-state].mountPropagation`, is: 'HostToContainer' },
      justification: { at: reason('hostPath.drop-state'), is: 'Drop: keeps its state.' },
    },
  },
  {
    struct: 'CniPort',
    synth: customObjects,
    rows: {
      name: { at: `${AGENT}.ports[0].name`, is: 'drop-health' },
      port: { at: `${AGENT}.ports[0].containerPort`, is: 9099 },
      justification: { at: reason('hostPort.9099'), is: 'Drop: serves health.' },
    },
  },
  {
    struct: 'CniApiAccess',
    synth: customObjects,
    rows: {
      rules: {
        at: 'ClusterRole/drop-ns-custom-drop-custom rules',
        is: [
          { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
          { apiGroups: [''], resources: ['nodes/status'], verbs: ['patch'] },
        ],
      },
      justification: { at: reason('apiAccess'), is: 'Drop: watches Nodes.' },
    },
  },
  {
    struct: 'CniInitContainerProps',
    synth: customObjects,
    rows: {
      name: { at: `${POD}.initContainers[0].name`, is: 'drop-init' },
      image: { at: `${INIT}.image`, is: 'registry.example.com/drop-init:v1.0.0' },
      command: { at: `${INIT}.command`, is: ['/drop-init'] },
      args: { at: `${INIT}.args`, is: ['--drop-init-arg'] },
      env: { at: `${INIT}.env`, is: [{ name: 'DROP_INIT', value: 'drop-init-value' }] },
      privileges: [{ at: `${INIT}.securityContext.privileged`, is: true }, { at: reason('privileged.drop-init'), is: 'Drop: mounts bpffs for the node.' }],
      hostPaths: { at: `${INIT}.volumeMounts[name=drop-bpf]`, is: { name: 'drop-bpf', mountPath: '/drop-bpf', readOnly: false, mountPropagation: 'Bidirectional' } },
      readOnlyRootFilesystem: { at: `${INIT}.securityContext.readOnlyRootFilesystem`, is: false },
      resources: { at: `${INIT}.resources`, is: { requests: { cpu: '7m', memory: '7Mi' } } },
      justification: { at: reason('runAsRoot.drop-init'), is: 'Drop: runs as root to mount.' },
    },
  },
  {
    struct: 'ContainerProbes',
    synth: customObjects,
    rows: {
      liveness: { at: `${AGENT}.livenessProbe.httpGet.port`, is: 9099 },
      readiness: { at: `${AGENT}.readinessProbe.tcpSocket.port`, is: 9099 },
      startup: { at: `${AGENT}.startupProbe.grpc.port`, is: 9099 },
    },
  },
  {
    struct: 'HttpGetProbeOptions',
    synth: customObjects,
    rows: {
      ...timing(`${AGENT}.livenessProbe`, 6, 1),
      path: { at: `${AGENT}.livenessProbe.httpGet.path`, is: '/drop-live' },
      host: { at: `${AGENT}.livenessProbe.httpGet.host`, is: '127.0.0.1' },
      scheme: { at: `${AGENT}.livenessProbe.httpGet.scheme`, is: 'HTTPS' },
      headers: { at: `${AGENT}.livenessProbe.httpGet.httpHeaders`, is: [{ name: 'X-Drop', value: 'drop-header' }] },
    },
  },
  {
    struct: 'TcpSocketProbeOptions',
    synth: customObjects,
    rows: { ...timing(`${AGENT}.readinessProbe`, 10, 2), host: { at: `${AGENT}.readinessProbe.tcpSocket.host`, is: '127.0.0.2' } },
  },
  {
    struct: 'GrpcProbeOptions',
    synth: customObjects,
    rows: { ...timing(`${AGENT}.startupProbe`, 20, 1), service: { at: `${AGENT}.startupProbe.grpc.service`, is: 'drop-svc' } },
  },
  {
    struct: 'AgentProbeOptions',
    synth: customObjects,
    rows: timing(EXEC, 30, 1),
  },
];
