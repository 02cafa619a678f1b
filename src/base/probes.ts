import { Duration } from 'cdk8s';
import { ConnectionScheme, k8s } from 'cdk8s-plus-28';
import { assertValid, Problem } from './errors';
import { merged } from './merged';
import { portNumberProblems } from './names';
import { isString, listOf, mapOf, oneOf, optional, propsProblems, Schema, shaped } from '../validation/guards';
import { isDuration } from '../validation/plus-schemas';

// What the API server accepts as a header name (validateHTTPHeaderName: an HTTP token).
const HEADER_NAME = /^[-A-Za-z0-9]+$/;
// A host name or an IP address (IPv6 without brackets, as the kubelet dials it): no spaces, "/" or scheme.
const HOST = /^[A-Za-z0-9.:_-]+$/;

/**
 * When and how often a probe runs, and how many results change the container's state. Each
 * default is the Kubernetes API's, and is left out of the YAML, as cdk8s-plus's probes do, but
 * for `failureThreshold`, which they always write.
 */
export interface AgentProbeOptions {
  /**
   * How long after the container starts the first probe runs.
   * @default - none: at once
   */
  readonly initialDelay?: Duration;
  /**
   * How often the probe runs.
   * @default Duration.seconds(10)
   */
  readonly period?: Duration;
  /**
   * How long one probe may take.
   * @default Duration.seconds(1)
   */
  readonly timeout?: Duration;
  /**
   * Consecutive failures that fail the probe.
   * @default 3
   */
  readonly failureThreshold?: number;
  /**
   * Consecutive successes that pass the probe again after a failure; liveness and startup probes take only 1.
   * @default 1
   */
  readonly successThreshold?: number;
}

/** An HTTP GET probe: which URL, on which host, with which headers. */
export interface HttpGetProbeOptions extends AgentProbeOptions {
  /**
   * The URL path.
   * @default "/"
   */
  readonly path?: string;
  /**
   * The host to connect to. With hostNetwork the pod IP is the node's IP, so an agent that
   * listens on the loopback only (as cilium-agent's health API does) is probed at "127.0.0.1".
   * @default - the pod IP
   */
  readonly host?: string;
  /**
   * HTTP or HTTPS (the kubelet does not verify the certificate).
   * @default ConnectionScheme.HTTP
   */
  readonly scheme?: ConnectionScheme;
  /**
   * Request headers, by name, e.g. `{ brief: 'true' }` (cilium-agent's /healthz answers briefly with it).
   * @default - none
   */
  readonly headers?: { [name: string]: string };
}

/** A TCP probe: the port opens. */
export interface TcpSocketProbeOptions extends AgentProbeOptions {
  /**
   * The host to connect to.
   * @default - the pod IP
   */
  readonly host?: string;
}

/** A gRPC health-checking-protocol probe (grpc.health.v1.Health/Check). */
export interface GrpcProbeOptions extends AgentProbeOptions {
  /**
   * The service name sent in the HealthCheckRequest.
   * @default - "" (the server's overall health)
   */
  readonly service?: string;
}

/** The probes of one container; each replaces a probe of that kind cdk8s-plus set on it. */
export interface ContainerProbes {
  /**
   * Failing it restarts the container.
   * @default - none
   */
  readonly liveness?: AgentProbe;
  /**
   * Until it passes, the pod is not ready (and a rolling update does not move on).
   * @default - none
   */
  readonly readiness?: AgentProbe;
  /**
   * Holds the other probes back until it passes, for an agent with a slow start.
   * @default - none
   */
  readonly startup?: AgentProbe;
}

const TIMING: Schema<AgentProbeOptions> = {
  initialDelay: optional(isDuration),
  period: optional(isDuration),
  timeout: optional(isDuration),
  failureThreshold: optional(shaped('a whole number of 1 or more, e.g. 3', v => typeof v === 'number' && Number.isFinite(v))),
  successThreshold: optional(shaped('a whole number of 1 or more, e.g. 1', v => typeof v === 'number' && Number.isFinite(v))),
};
/** The runtime shape of AgentProbeOptions. */
export const AGENT_PROBE_OPTIONS_SCHEMA = TIMING;
/** The runtime shape of HttpGetProbeOptions. */
export const HTTP_GET_PROBE_OPTIONS_SCHEMA: Schema<HttpGetProbeOptions> = {
  ...TIMING,
  path: optional(isString),
  host: optional(isString),
  scheme: optional(oneOf(ConnectionScheme, 'ConnectionScheme')),
  headers: optional(mapOf(isString)),
};
/** The runtime shape of TcpSocketProbeOptions. */
export const TCP_SOCKET_PROBE_OPTIONS_SCHEMA: Schema<TcpSocketProbeOptions> = { ...TIMING, host: optional(isString) };
/** The runtime shape of GrpcProbeOptions. */
export const GRPC_PROBE_OPTIONS_SCHEMA: Schema<GrpcProbeOptions> = { ...TIMING, service: optional(isString) };
/** The runtime shape of ContainerProbes. */
export const CONTAINER_PROBES_SCHEMA: Schema<ContainerProbes> = {
  liveness: optional(shaped('an AgentProbe, e.g. AgentProbe.httpGet(9099, { path: \'/liveness\' })', v => v instanceof AgentProbe)),
  readiness: optional(shaped('an AgentProbe, e.g. AgentProbe.exec([\'/bin/calico-node\', \'-felix-ready\'])', v => v instanceof AgentProbe)),
  startup: optional(shaped('an AgentProbe, e.g. AgentProbe.grpc(9876)', v => v instanceof AgentProbe)),
};

const isPort = shaped('a port number from 1 to 65535, e.g. 9099', v => typeof v === 'number' && Number.isFinite(v));

/**
 * A probe of every kind the kubelet runs: exec, HTTP GET (with host and headers), TCP and gRPC.
 * cdk8s-plus-28's `Probe` has neither host, headers nor gRPC; this one goes to the YAML through
 * `NodeAgent.probe()`, which writes it into the typed pod spec.
 *
 * @example
 * AgentProbe.httpGet(9879, { path: '/healthz', host: '127.0.0.1', headers: { brief: 'true' }, period: Duration.seconds(30) })
 */
export class AgentProbe {
  /** An HTTP GET: any status from 200 to 399 passes. */
  public static httpGet(port: number, options: HttpGetProbeOptions = {}): AgentProbe {
    assertValid('AgentProbe.httpGet', [...isPort(port, 'port'), ...propsProblems(options, HTTP_GET_PROBE_OPTIONS_SCHEMA, 'HttpGetProbeOptions', false, 'options')]);
    return new AgentProbe(options, {
      httpGet: {
        path: options.path ?? '/',
        port: k8s.IntOrString.fromNumber(port),
        host: options.host,
        scheme: options.scheme ?? ConnectionScheme.HTTP,
        httpHeaders: options.headers && Object.entries(options.headers).map(([name, value]) => ({ name, value })),
      },
    });
  }

  /** A TCP connection: the port accepting it passes. */
  public static tcpSocket(port: number, options: TcpSocketProbeOptions = {}): AgentProbe {
    assertValid('AgentProbe.tcpSocket', [...isPort(port, 'port'), ...propsProblems(options, TCP_SOCKET_PROBE_OPTIONS_SCHEMA, 'TcpSocketProbeOptions', false, 'options')]);
    return new AgentProbe(options, { tcpSocket: { port: k8s.IntOrString.fromNumber(port), host: options.host } });
  }

  /** A gRPC health check (the kubelet dials the pod IP; the server must implement grpc.health.v1). */
  public static grpc(port: number, options: GrpcProbeOptions = {}): AgentProbe {
    assertValid('AgentProbe.grpc', [...isPort(port, 'port'), ...propsProblems(options, GRPC_PROBE_OPTIONS_SCHEMA, 'GrpcProbeOptions', false, 'options')]);
    return new AgentProbe(options, { grpc: { port, service: options.service } });
  }

  /** A command run in the container: exit status 0 passes. */
  public static exec(command: string[], options: AgentProbeOptions = {}): AgentProbe {
    assertValid('AgentProbe.exec', [...listOf(isString)(command, 'command'), ...propsProblems(options, TIMING, 'AgentProbeOptions', false, 'options')]);
    return new AgentProbe(options, { exec: { command: [...command] } });
  }

  private constructor(private readonly options: AgentProbeOptions, private readonly handler: Pick<k8s.Probe, 'exec' | 'httpGet' | 'tcpSocket' | 'grpc'>) {}

  /** @internal The probe as the pod spec holds it. */
  public _toKube(): k8s.Probe {
    const seconds = (d: Duration | undefined) => d?.toSeconds();
    return merged(this.handler, {
      initialDelaySeconds: seconds(this.options.initialDelay),
      periodSeconds: seconds(this.options.period),
      timeoutSeconds: seconds(this.options.timeout),
      failureThreshold: this.options.failureThreshold ?? 3,
      successThreshold: this.options.successThreshold,
    });
  }

  /** @internal What the API server would refuse in this probe, as a `kind` probe ("liveness", ...). */
  public _problems(property: string, kind: keyof ContainerProbes): Problem[] {
    const o = this.options;
    const problems: Problem[] = [];
    const port = this.handler.httpGet?.port ?? this.handler.tcpSocket?.port;
    const portNumber = port !== undefined ? Number(port.value) : this.handler.grpc?.port;
    if (portNumber !== undefined) problems.push(...portNumberProblems(`${property}.port`, portNumber));
    const path = this.handler.httpGet?.path;
    if (path !== undefined && !path.startsWith('/')) problems.push({ property: `${property}.path`, value: path, expected: 'Use an absolute URL path, e.g. "/healthz".' });
    const host = this.handler.httpGet?.host ?? this.handler.tcpSocket?.host;
    if (host !== undefined && !HOST.test(host)) {
      problems.push({ property: `${property}.host`, value: host, expected: 'Give a host name or IP address without scheme, port or path, e.g. "127.0.0.1".' });
    }
    for (const h of this.handler.httpGet?.httpHeaders ?? []) {
      if (!HEADER_NAME.test(h.name)) problems.push({ property: `${property}.headers`, value: h.name, expected: 'Name each header with letters, digits and "-" (an HTTP token), e.g. "X-Probe".' });
      if (/[\r\n]/.test(h.value)) problems.push({ property: `${property}.headers[${h.name}]`, value: h.value, expected: 'A header value is one line: remove the line breaks.' });
    }
    if (this.handler.exec && this.handler.exec.command!.length === 0) {
      problems.push({ property: `${property}.command`, value: [], expected: 'Give the command to run, e.g. ["/bin/calico-node", "-felix-live"].' });
    }
    for (const [field, value, min] of [['initialDelay', o.initialDelay, 0], ['period', o.period, 1], ['timeout', o.timeout, 1]] as const) {
      const ms = value?.toMilliseconds({ integral: false });
      if (ms !== undefined && (ms % 1000 !== 0 || ms < min * 1000)) {
        problems.push({ property: `${property}.${field}`, value: value!.toHumanString(), expected: `Kubernetes counts it in whole seconds of ${min} or more: use e.g. Duration.seconds(${Math.max(min, 5)}).` });
      }
    }
    for (const [field, value] of [['failureThreshold', o.failureThreshold], ['successThreshold', o.successThreshold]] as const) {
      if (value !== undefined && (!Number.isInteger(value) || value < 1)) problems.push({ property: `${property}.${field}`, value, expected: 'Use a whole number of 1 or more.' });
    }
    if (kind !== 'readiness' && o.successThreshold !== undefined && o.successThreshold !== 1) {
      problems.push({ property: `${property}.successThreshold`, value: o.successThreshold, expected: `A ${kind} probe passes on its first success: leave successThreshold out (or 1).` });
    }
    return problems;
  }
}
