/**
 * kube-rbac-proxy in front of node-exporter, as kube-prometheus runs it: node-exporter listens on
 * 127.0.0.1 only, and the proxy serves its metrics over TLS on the node's address to callers whose
 * token the API server accepts (TokenReview) and authorizes for `get` on the path
 * (SubjectAccessReview). Sources: prometheus-operator/kube-prometheus manifests/nodeExporter-*.yaml
 * (v0.18.0 and main).
 */
import { Size } from 'cdk8s';
import { ApiResource, Capability, ContainerProps, ContainerResources, Cpu, Probe } from 'cdk8s-plus-28';
import { AccessRule, ApiVerb } from '../../base/access';
import { DownwardApi } from '../../base/downward-api';
import { Problem } from '../../base/errors';
import { dnsSubdomainProblems } from '../../base/names';
import { instanceOf, isString, optional, Schema, struct } from '../../validation/guards';
import { isContainerResources } from '../../validation/plus-schemas';
import { checkCall, port } from '../agent-guards';
import { AgentVersion, RELEASE } from '../agent-version';

/** A release of kube-rbac-proxy (`quay.io/brancz/kube-rbac-proxy`, kube-prometheus's image). */
export class KubeRbacProxyVersion extends AgentVersion {
  /** kube-rbac-proxy 0.22.1: the release kube-prometheus (main) and the node-exporter chart 4.56.1 run. */
  public static readonly V0_22_1 = KubeRbacProxyVersion.of('0.22.1');

  /** Any release, by its number without the "v" (e.g. "0.22.1"). */
  public static of(version: string): KubeRbacProxyVersion {
    checkCall('KubeRbacProxyVersion.of', isString(version, 'version'));
    return new KubeRbacProxyVersion(AgentVersion._release('KubeRbacProxyVersion.of', version, RELEASE,
      'Use a release number "major.minor.patch" without a "v", e.g. KubeRbacProxyVersion.of(\'0.22.1\').'));
  }

  private constructor(version: string) {
    super(version, 'quay.io/brancz/kube-rbac-proxy', `v${version}`);
  }
}

/**
 * kube-rbac-proxy's settings. Prometheus then needs `get` on the non-resource URL `/metrics`
 * (kube-prometheus's Prometheus ClusterRole has it) and scrapes over HTTPS with its token: the
 * ServiceMonitor says so.
 */
export interface KubeRbacProxyOptions {
  /**
   * The kube-rbac-proxy release.
   * @default KubeRbacProxyVersion.V0_22_1
   */
  readonly version?: KubeRbacProxyVersion;
  /**
   * The port node-exporter listens on, on 127.0.0.1 only (the proxy listens on `port`).
   * @default - `port` + 1 (9101, as kube-prometheus)
   */
  readonly upstreamPort?: number;
  /**
   * A kubernetes.io/tls Secret (tls.crt, tls.key) in the agent's namespace with the serving
   * certificate. Without it kube-rbac-proxy makes a self-signed one at each start, and Prometheus
   * skips verifying it (as kube-prometheus does).
   * @default - a self-signed certificate
   */
  readonly tlsSecretName?: string;
  /**
   * The proxy container's requests and limits.
   * @default - requests cpu 10m and memory 20Mi, a memory limit of 40Mi (kube-prometheus's, without its 20m CPU limit)
   */
  readonly resources?: ContainerResources;
}

/** The runtime shape of KubeRbacProxyOptions. */
export const KUBE_RBAC_PROXY_OPTIONS_SCHEMA: Schema<KubeRbacProxyOptions> = {
  version: optional(instanceOf(KubeRbacProxyVersion, 'KubeRbacProxyVersion.V0_22_1')),
  upstreamPort: optional(port(9101)),
  tlsSecretName: optional(isString),
  resources: optional(isContainerResources),
};

/** KubeRbacProxyOptions, as a guard for the props schema. */
export const isKubeRbacProxyOptions = struct(KUBE_RBAC_PROXY_OPTIONS_SCHEMA, 'KubeRbacProxyOptions');

export const PROXY_CONTAINER = 'kube-rbac-proxy';
export const PROXY_PORT_NAME = 'https';
/** Where the serving certificate Secret is mounted in the proxy. */
export const PROXY_TLS_MOUNT = '/etc/kube-rbac-proxy/tls';
// kube-prometheus's: TLS 1.2 suites with forward secrecy and AEAD only.
const CIPHER_SUITES = [
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
];
const RESOURCES: ContainerResources = { cpu: { request: Cpu.millis(10) }, memory: { request: Size.mebibytes(20), limit: Size.mebibytes(40) } };
// kube-prometheus's user for the proxy (distroless nonroot).
const USER = 65532;

/** The loopback port node-exporter listens on behind the proxy. */
export function upstreamPortOf(options: KubeRbacProxyOptions, listenPort: number): number {
  return options.upstreamPort ?? listenPort + 1;
}

/** What would keep the proxy and the exporter from both listening. */
export function rbacProxyProblems(options: KubeRbacProxyOptions, listenPort: number): Problem[] {
  const upstream = upstreamPortOf(options, listenPort);
  const problems: Problem[] = [];
  if (!Number.isInteger(upstream) || upstream < 1024 || upstream > 65535) {
    problems.push({ property: 'kubeRbacProxyOptions.upstreamPort', value: upstream, expected: 'node-exporter runs without capabilities: use a port from 1024 to 65535, e.g. 9101.' });
  } else if (upstream === listenPort) {
    problems.push({ property: 'kubeRbacProxyOptions.upstreamPort', value: upstream, expected: `The proxy listens on ${listenPort}: give node-exporter another port, e.g. ${listenPort + 1}.` });
  }
  if (options.tlsSecretName !== undefined) problems.push(...dnsSubdomainProblems('kubeRbacProxyOptions.tlsSecretName', options.tlsSecretName));
  return problems;
}

/** TokenReview and SubjectAccessReview creation: how the proxy checks each caller (kube-prometheus's ClusterRole). */
export function rbacProxyAccess(): AccessRule[] {
  return [
    AccessRule.allow([ApiVerb.CREATE], ApiResource.custom({ apiGroup: 'authentication.k8s.io', resourceType: 'tokenreviews' })),
    AccessRule.allow([ApiVerb.CREATE], ApiResource.custom({ apiGroup: 'authorization.k8s.io', resourceType: 'subjectaccessreviews' })),
  ];
}

/** The proxy container: TLS on the node's address (or every interface), forwarding to the exporter on loopback. */
export function rbacProxyContainer(
  options: KubeRbacProxyOptions, listenPort: number, listenOnAllInterfaces: boolean, hostIpEnv: string): ContainerProps {
  const host = listenOnAllInterfaces ? '' : `[$(${hostIpEnv})]`;
  const tls = options.tlsSecretName !== undefined
    ? [`--tls-cert-file=${PROXY_TLS_MOUNT}/tls.crt`, `--tls-private-key-file=${PROXY_TLS_MOUNT}/tls.key`]
    : [];
  return {
    name: PROXY_CONTAINER,
    image: (options.version ?? KubeRbacProxyVersion.V0_22_1).image,
    args: [
      `--secure-listen-address=${host}:${listenPort}`,
      `--tls-cipher-suites=${CIPHER_SUITES.join(',')}`,
      `--upstream=http://127.0.0.1:${upstreamPortOf(options, listenPort)}/`,
      ...tls,
    ],
    envVariables: listenOnAllInterfaces ? {} : { [hostIpEnv]: DownwardApi.hostIp() },
    ports: [{ number: listenPort, name: PROXY_PORT_NAME }],
    resources: options.resources ?? RESOURCES,
    // A TCP check: an HTTP probe would need a token the kubelet does not send.
    readiness: Probe.fromTcpSocket({ port: listenPort }),
    securityContext: {
      ensureNonRoot: true,
      user: USER,
      group: USER,
      privileged: false,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: [Capability.ALL] },
    },
  };
}
