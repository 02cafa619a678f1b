import { Service, ServiceProps } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/** Which endpoints a Service sends in-cluster traffic to. */
export enum InternalTrafficPolicy {
  /** Any ready endpoint in the cluster. */
  CLUSTER = 'Cluster',
  /**
   * Only the endpoint on the client's own node: a pod talks to the agent beside it (for example
   * an app shipping logs or traces to its node's collector), never across the network.
   */
  LOCAL = 'Local',
}

/** How the Service is exposed. */
export enum ServiceMode {
  /**
   * Headless (`clusterIP: None`): DNS returns every agent pod, so Prometheus and other
   * discoverers reach each node's agent individually instead of a random one.
   */
  HEADLESS = 'Headless',
  /** A ClusterIP Service with `internalTrafficPolicy: Local`: clients reach their own node's agent. */
  NODE_LOCAL = 'NodeLocal',
}

/** The URL scheme Prometheus scrapes with. */
export enum ScrapeScheme {
  /** Plain HTTP. */
  HTTP = 'http',
  /** HTTPS. */
  HTTPS = 'https',
}

/** Prometheus scrape annotations (`prometheus.io/*`) for annotation-based discovery. */
export interface PrometheusScrape {
  /** The port serving metrics. */
  readonly port: number;
  /**
   * The metrics path.
   * @default "/metrics"
   */
  readonly path?: string;
  /**
   * The scheme.
   * @default ScrapeScheme.HTTP
   */
  readonly scheme?: ScrapeScheme;
}

/** The `prometheus.io/*` annotations for a scrape target. */
export function scrapeAnnotations(scrape: PrometheusScrape): Record<string, string> {
  return {
    'prometheus.io/scrape': 'true',
    'prometheus.io/port': String(scrape.port),
    'prometheus.io/path': scrape.path ?? '/metrics',
    'prometheus.io/scheme': scrape.scheme ?? ScrapeScheme.HTTP,
  };
}

/** Properties of an agent Service. */
export interface AgentServiceProps extends ServiceProps {
  /**
   * The internal traffic policy, which cdk8s-plus-28's Service does not offer.
   * @default - unset (the API default, Cluster)
   */
  readonly internalTrafficPolicy?: InternalTrafficPolicy;
}

/**
 * A cdk8s-plus Service that can also set `internalTrafficPolicy`. Extends the typed spec
 * (not a JSON patch) so the field passes through the generated mapper and reaches the YAML.
 */
export class AgentService extends Service {
  /** The internal traffic policy, if set. */
  public readonly internalTrafficPolicy?: InternalTrafficPolicy;

  public constructor(scope: Construct, id: string, props: AgentServiceProps = {}) {
    super(scope, id, props);
    this.internalTrafficPolicy = props.internalTrafficPolicy;
  }

  /** @internal */
  public _toKube(): any {
    return { ...super._toKube(), internalTrafficPolicy: this.internalTrafficPolicy };
  }
}
