/**
 * No-silent-drops tables for the base: NodeAgent (its own props and the cdk8s-plus props it
 * rewrites), its Service, host mounts, access rules, node requirements, tolerations and
 * rolling updates. One agent is built with every one of them set.
 */
import { Duration, Size } from 'cdk8s';
import {
  ApiResource, Cpu, DnsPolicy, HostPathVolumeType, MountPropagation, Protocol, Secret, SeccompProfileType, ServiceAccount, Volume,
} from 'cdk8s-plus-28';
import { DropTable } from './drops';
import {
  AccessRule, AgentService, ApiVerb, InternalTrafficPolicy, NodeAgent, NodeRequirement, NodeSelection, NodeSelectorOperator, ScrapeScheme,
  ServiceMode, TaintEffect, TerminationMessagePolicy, Toleration, TolerationOperator, UpdateLimit, UpdateStrategy,
} from '../../src';
import { Manifest, newChart, synth } from '../support/manifests';

const DS = 'DaemonSet/drop-daemonset';
const POD = `${DS} spec.template.spec`;
const MAIN = `${POD}.containers[name=drop-main]`;
const ROLE = 'ClusterRole/drop-ns-drop-instance';
const SVC = 'Service/drop-svc';
const label = (key: string) => `["app.kubernetes.io/${key}"]`;

/** An agent without host ports that starts new pods first (surge). */
function surging(): Manifest[] {
  const chart = newChart('surge');
  new NodeAgent(chart, 'agent', {
    name: 'drop-name',
    metadata: { name: 'drop-daemonset', namespace: 'drop-ns' },
    updateStrategy: UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.percent(0), maxSurge: UpdateLimit.percent(25) }),
    containers: [{
      name: 'drop-main',
      image: 'registry.example.com/drop:v1',
      resources: { cpu: { request: Cpu.millis(7) }, memory: { request: Size.mebibytes(7) } },
      securityContext: { ensureNonRoot: true, user: 65534 },
    }],
  });
  return synth(chart);
}

/** An agent with every container override set. */
function overridden(): Manifest[] {
  const chart = newChart('overrides');
  const agent = new NodeAgent(chart, 'agent', {
    name: 'drop-name',
    metadata: { name: 'drop-daemonset', namespace: 'drop-ns' },
    containers: [{
      name: 'drop-main',
      image: 'registry.example.com/drop:v1',
      resources: { cpu: { request: Cpu.millis(7) }, memory: { request: Size.mebibytes(7) } },
      securityContext: { ensureNonRoot: true, user: 65534 },
    }],
  });
  agent.overrideContainer(agent.containers[0], {
    seLinux: { type: 'drop_t', level: 's9', role: 'drop_r', user: 'drop_u' },
    terminationMessagePolicy: TerminationMessagePolicy.FALLBACK_TO_LOGS_ON_ERROR,
    postStartCommand: ['/drop-start'],
    preStopCommand: ['/drop-stop'],
  });
  return synth(chart);
}

let cached: Manifest[] | undefined;
/** One NodeAgent with every prop set, a host mount, a Service and a standalone AgentService. */
function everything(): Manifest[] {
  if (cached) return cached;
  const chart = newChart('drops');
  const agent = new NodeAgent(chart, 'agent', {
    name: 'drop-name',
    instance: 'drop-instance',
    version: '9.8.7',
    component: 'drop-component',
    partOf: 'drop-part-of',
    nodeSelection: NodeSelection.labels({ 'drop.example.com/pool': 'drops' })
      .and(NodeSelection.matching(NodeRequirement.of({ key: 'drop.example.com/cpus', operator: NodeSelectorOperator.GT, values: ['8'] }))),
    tolerations: [Toleration.of({
      key: 'drop.example.com/evict', operator: TolerationOperator.EQUAL, value: 'soon', effect: TaintEffect.NO_EXECUTE, tolerationSeconds: Duration.seconds(123),
    })],
    hostPid: true,
    hostIpc: true,
    priorityClassName: 'drop-priority',
    runtimeClassName: 'drop-runtime',
    seccompProfile: SeccompProfileType.UNCONFINED,
    // Surge is refused for an agent with host ports; the surge strategy is checked on its own agent below.
    updateStrategy: UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.percent(15) }),
    revisionHistoryLimit: 7,
    access: [
      AccessRule.of({ verbs: [ApiVerb.LIST, ApiVerb.WATCH], resources: [ApiResource.custom({ apiGroup: 'drop.example.com', resourceType: 'widgets' })], resourceNames: ['drop-widget'] }),
      AccessRule.of({ verbs: [ApiVerb.ALL], resources: [ApiResource.custom({ apiGroup: 'drop.example.com', resourceType: 'gadgets' })], allowWildcards: true }),
    ],
    allowUnpinnedImages: true,
    imagePullSecrets: ['drop-mirror-pull'],
    imageRegistry: 'drop-mirror.example.com/hub',
    // Inherited from cdk8s-plus, and rewritten or checked by NodeAgent.
    metadata: { name: 'drop-daemonset', namespace: 'drop-ns', labels: { 'drop.example.com/object': 'yes' }, annotations: { 'drop.example.com/note': 'kept' } },
    podMetadata: { labels: { 'drop.example.com/pod': 'yes' }, annotations: { 'drop.example.com/pod-note': 'kept' } },
    minReadySeconds: 11,
    hostNetwork: true,
    dns: { policy: DnsPolicy.DEFAULT },
    terminationGracePeriod: Duration.seconds(17),
    securityContext: { ensureNonRoot: true, user: 4444, fsGroup: 3333 },
    automountServiceAccountToken: false,
    serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'DropAccount', 'drop-account'),
    dockerRegistryAuth: Secret.fromSecretName(chart, 'DropPull', 'drop-pull'),
    hostAliases: [{ ip: '10.9.8.7', hostnames: ['drop.local'] }],
    volumes: [Volume.fromEmptyDir(chart, 'DropScratch', 'drop-scratch')],
    containers: [{
      name: 'drop-main',
      image: 'busybox',
      args: ['--drop'],
      ports: [{ number: 7001, name: 'drop-port', protocol: Protocol.UDP }],
      resources: { cpu: { request: Cpu.millis(7) }, memory: { request: Size.mebibytes(7) } },
      securityContext: { ensureNonRoot: true, user: 65534 },
    }],
    initContainers: [{
      name: 'drop-init',
      image: 'registry.example.com/drop-init:v7',
      resources: { cpu: { request: Cpu.millis(3) }, memory: { request: Size.mebibytes(3) } },
      securityContext: { ensureNonRoot: true, user: 65534 },
    }],
  });
  agent.mountHostPath(agent.containers[0], {
    name: 'drop-vol',
    hostPath: '/drop/host',
    mountPath: '/drop/mount',
    type: HostPathVolumeType.SOCKET,
    readOnly: false,
    propagation: MountPropagation.HOST_TO_CONTAINER,
    justification: 'drop reason',
  });
  agent.exposeViaService({
    ports: [{ port: 7101, name: 'drop-metrics', targetPort: 7102 }],
    mode: ServiceMode.NODE_LOCAL,
    name: 'drop-svc',
    scrape: { port: 7101, path: '/drop', scheme: ScrapeScheme.HTTPS },
  });
  new AgentService(chart, 'Plain', {
    metadata: { name: 'drop-plain', namespace: 'drop-ns' }, ports: [{ port: 7201 }], internalTrafficPolicy: InternalTrafficPolicy.CLUSTER,
  });
  cached = synth(chart);
  return cached;
}

const identity = {
  name: [{ at: `${DS} metadata.labels${label('name')}`, is: 'drop-name' }, { at: `${DS} spec.selector.matchLabels${label('name')}`, is: 'drop-name' }],
  instance: [{ at: `${DS} metadata.labels${label('instance')}`, is: 'drop-instance' }, { at: `${ROLE} metadata.labels${label('instance')}`, is: 'drop-instance' }],
  version: [{ at: `${DS} metadata.labels${label('version')}`, is: '9.8.7' }, { at: `${DS} spec.template.metadata.labels${label('version')}`, is: '9.8.7' }],
  component: { at: `${DS} spec.template.metadata.labels${label('component')}`, is: 'drop-component' },
  partOf: { at: `${SVC} metadata.labels${label('part-of')}`, is: 'drop-part-of' },
};

export const baseTables: DropTable[] = [
  {
    struct: 'NodeAgentProps',
    synth: everything,
    rows: {
      ...identity,
      nodeSelection: [
        { at: `${POD}.nodeSelector`, is: { 'drop.example.com/pool': 'drops' } },
        { at: `${POD}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key`, is: 'drop.example.com/cpus' },
      ],
      tolerations: { at: `${POD}.tolerations[0].key`, is: 'drop.example.com/evict' },
      hostPid: { at: `${POD}.hostPID`, is: true },
      hostIpc: { at: `${POD}.hostIPC`, is: true },
      priorityClassName: { at: `${POD}.priorityClassName`, is: 'drop-priority' },
      runtimeClassName: { at: `${POD}.runtimeClassName`, is: 'drop-runtime' },
      seccompProfile: { at: `${POD}.securityContext.seccompProfile`, is: { type: 'Unconfined' } },
      updateStrategy: { at: `${DS} spec.updateStrategy.type`, is: 'RollingUpdate' },
      revisionHistoryLimit: { at: `${DS} spec.revisionHistoryLimit`, is: 7 },
      access: { at: `${ROLE} rules`, has: { apiGroups: ['drop.example.com'], resources: ['widgets'], resourceNames: ['drop-widget'], verbs: ['list', 'watch'] } },
      allowUnpinnedImages: { at: `${MAIN}.image`, is: 'drop-mirror.example.com/hub/library/busybox' },
      imagePullSecrets: { at: `${POD}.imagePullSecrets[1]`, is: { name: 'drop-mirror-pull' } },
      // A Docker Hub short name is written out (library/), a registry host replaced.
      imageRegistry: [
        { at: `${MAIN}.image`, is: 'drop-mirror.example.com/hub/library/busybox' },
        { at: `${POD}.initContainers[name=drop-init].image`, is: 'drop-mirror.example.com/hub/drop-init:v7' },
      ],
      // Inherited from cdk8s-plus and rewritten here.
      metadata: [
        { at: `${DS} metadata.name`, is: 'drop-daemonset' },
        { at: `${DS} metadata.namespace`, is: 'drop-ns' },
        { at: `${DS} metadata.labels`, has: { 'drop.example.com/object': 'yes' } },
        { at: `${DS} metadata.annotations`, has: { 'drop.example.com/note': 'kept' } },
      ],
      podMetadata: [
        { at: `${DS} spec.template.metadata.labels`, has: { 'drop.example.com/pod': 'yes' } },
        { at: `${DS} spec.template.metadata.annotations`, has: { 'drop.example.com/pod-note': 'kept' } },
      ],
      select: { at: `${DS} spec.selector`, is: { matchLabels: { 'app.kubernetes.io/name': 'drop-name', 'app.kubernetes.io/instance': 'drop-instance' } } },
      minReadySeconds: { at: `${DS} spec.minReadySeconds`, is: 11 },
      hostNetwork: [{ at: `${POD}.hostNetwork`, is: true }, { at: `${MAIN}.ports[0].hostPort`, is: 7001 }],
      dns: { at: `${POD}.dnsPolicy`, is: 'Default' },
      terminationGracePeriod: { at: `${POD}.terminationGracePeriodSeconds`, is: 17 },
      securityContext: { at: `${POD}.securityContext`, has: { runAsUser: 4444, fsGroup: 3333, runAsNonRoot: true } },
      automountServiceAccountToken: { at: `${POD}.automountServiceAccountToken`, is: false },
      serviceAccount: [{ at: `${POD}.serviceAccountName`, is: 'drop-account' }, { at: 'ClusterRoleBinding/drop-ns-drop-instance subjects[0].name', is: 'drop-account' }],
      dockerRegistryAuth: { at: `${POD}.imagePullSecrets[0]`, is: { name: 'drop-pull' } },
      hostAliases: { at: `${POD}.hostAliases`, is: [{ ip: '10.9.8.7', hostnames: ['drop.local'] }] },
      volumes: { at: `${POD}.volumes`, has: { name: 'drop-scratch', emptyDir: {} } },
      containers: [{ at: `${MAIN}.args`, is: ['--drop'] }, { at: `${MAIN}.ports[0]`, has: { name: 'drop-port', protocol: 'UDP', containerPort: 7001 } }],
      initContainers: { at: `${POD}.initContainers[name=drop-init].image`, has: '/drop-init:v7' },
    },
    // Passed to cdk8s-plus as given. restartPolicy must stay Always for a DaemonSet; isolate and
    // spread create or place other objects.
    cdk8sPlus: ['restartPolicy', 'isolate', 'spread'],
  },
  {
    struct: 'AgentLabelsProps',
    synth: everything,
    rows: identity,
  },
  {
    struct: 'AgentServiceOptions',
    synth: everything,
    rows: {
      ports: { at: `${SVC} spec.ports`, is: [{ port: 7101, targetPort: 7102, name: 'drop-metrics' }] },
      mode: [{ at: `${SVC} spec.internalTrafficPolicy`, is: 'Local' }, { at: `${SVC} spec.clusterIP`, is: undefined }],
      name: { at: `${SVC} metadata.name`, is: 'drop-svc' },
      scrape: { at: `${SVC} metadata.annotations["prometheus.io/scrape"]`, is: 'true' },
    },
  },
  {
    struct: 'PrometheusScrape',
    synth: everything,
    rows: {
      port: { at: `${SVC} metadata.annotations["prometheus.io/port"]`, is: '7101' },
      path: { at: `${SVC} metadata.annotations["prometheus.io/path"]`, is: '/drop' },
      scheme: { at: `${SVC} metadata.annotations["prometheus.io/scheme"]`, is: 'https' },
    },
  },
  {
    struct: 'AgentServiceProps',
    synth: everything,
    rows: { internalTrafficPolicy: { at: 'Service/drop-plain spec.internalTrafficPolicy', is: 'Cluster' } },
    cdk8sPlus: ['selector', 'clusterIP', 'externalIPs', 'type', 'ports', 'externalName', 'loadBalancerSourceRanges', 'publishNotReadyAddresses', 'metadata'],
  },
  {
    struct: 'HostPathMountOptions',
    synth: everything,
    rows: {
      name: [{ at: `${POD}.volumes[name=drop-vol].name`, is: 'drop-vol' }, { at: `${MAIN}.volumeMounts[name=drop-vol].name`, is: 'drop-vol' }],
      hostPath: { at: `${POD}.volumes[name=drop-vol].hostPath.path`, is: '/drop/host' },
      mountPath: { at: `${MAIN}.volumeMounts[name=drop-vol].mountPath`, is: '/drop/mount' },
      type: { at: `${POD}.volumes[name=drop-vol].hostPath.type`, is: 'Socket' },
      readOnly: { at: `${MAIN}.volumeMounts[name=drop-vol].readOnly`, is: false },
      propagation: { at: `${MAIN}.volumeMounts[name=drop-vol].mountPropagation`, is: 'HostToContainer' },
      justification: { at: `${DS} metadata.annotations["justification.cdk8s-daemonsets.io/hostPath.drop-vol"]`, is: 'drop reason' },
    },
  },
  {
    struct: 'AccessRuleProps',
    synth: everything,
    rows: {
      verbs: { at: `${ROLE} rules`, has: { resources: ['widgets'], verbs: ['list', 'watch'] } },
      resources: { at: `${ROLE} rules`, has: { apiGroups: ['drop.example.com'], resources: ['widgets'] } },
      resourceNames: { at: `${ROLE} rules`, has: { resources: ['widgets'], resourceNames: ['drop-widget'] } },
      allowWildcards: { at: `${ROLE} rules`, has: { apiGroups: ['drop.example.com'], resources: ['gadgets'], verbs: ['*'] } },
    },
  },
  {
    struct: 'NodeRequirementProps',
    synth: everything,
    rows: {
      key: { at: `${POD}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key`, is: 'drop.example.com/cpus' },
      operator: { at: `${POD}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator`, is: 'Gt' },
      values: { at: `${POD}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values`, is: ['8'] },
    },
  },
  {
    struct: 'TolerationProps',
    synth: everything,
    rows: {
      key: { at: `${POD}.tolerations[0].key`, is: 'drop.example.com/evict' },
      operator: { at: `${POD}.tolerations[0].operator`, is: 'Equal' },
      value: { at: `${POD}.tolerations[0].value`, is: 'soon' },
      effect: { at: `${POD}.tolerations[0].effect`, is: 'NoExecute' },
      tolerationSeconds: { at: `${POD}.tolerations[0].tolerationSeconds`, is: 123 },
    },
  },
  {
    struct: 'ContainerOverrides',
    synth: overridden,
    rows: {
      seLinux: { at: `${MAIN}.securityContext.seLinuxOptions`, is: { type: 'drop_t', level: 's9', role: 'drop_r', user: 'drop_u' } },
      terminationMessagePolicy: { at: `${MAIN}.terminationMessagePolicy`, is: 'FallbackToLogsOnError' },
      postStartCommand: { at: `${MAIN}.lifecycle.postStart.exec.command`, is: ['/drop-start'] },
      preStopCommand: { at: `${MAIN}.lifecycle.preStop.exec.command`, is: ['/drop-stop'] },
    },
  },
  {
    struct: 'SeLinuxLabel',
    synth: overridden,
    rows: {
      type: { at: `${MAIN}.securityContext.seLinuxOptions.type`, is: 'drop_t' },
      level: { at: `${MAIN}.securityContext.seLinuxOptions.level`, is: 's9' },
      role: { at: `${MAIN}.securityContext.seLinuxOptions.role`, is: 'drop_r' },
      user: { at: `${MAIN}.securityContext.seLinuxOptions.user`, is: 'drop_u' },
    },
  },
  {
    struct: 'RollingUpdateOptions',
    synth: surging,
    rows: {
      // A plain "25%" handed to cdk8s-plus's mapper would come out as {}.
      maxUnavailable: { at: `${DS} spec.updateStrategy.rollingUpdate.maxUnavailable`, is: '0%' },
      maxSurge: { at: `${DS} spec.updateStrategy.rollingUpdate.maxSurge`, is: '25%' },
    },
  },
];
