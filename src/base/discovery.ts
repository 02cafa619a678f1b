import { IPodSelector, Service, ServiceProps, ServiceType } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { merged } from './merged';
import { assertValidConstruction, isBoolean, isInteger, isString, listOf, oneOf, optional, propsProblems, Schema, shaped } from '../validation/guards';
import { isMetadata, isServicePort } from '../validation/plus-schemas';

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

/** The runtime shape of PrometheusScrape. */
export const PROMETHEUS_SCRAPE_SCHEMA: Schema<PrometheusScrape> = {
  port: isInteger,
  path: optional(isString),
  scheme: optional(oneOf(ScrapeScheme, 'ScrapeScheme')),
};

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

const isPodSelector = shaped('an IPodSelector, e.g. a NodeAgent or Pods.select(...)',
  v => Construct.isConstruct(v) && typeof (v as Partial<IPodSelector>).toPodSelectorConfig === 'function');
const stringList = listOf(isString);

/** The runtime shape of AgentServiceProps. */
export const AGENT_SERVICE_PROPS_SCHEMA: Schema<AgentServiceProps> = {
  metadata: optional(isMetadata),
  selector: optional(isPodSelector),
  clusterIP: optional(isString),
  externalIPs: optional(stringList),
  type: optional(oneOf(ServiceType, 'ServiceType')),
  ports: optional(listOf(isServicePort)),
  externalName: optional(isString),
  loadBalancerSourceRanges: optional(stringList),
  publishNotReadyAddresses: optional(isBoolean),
  internalTrafficPolicy: optional(oneOf(InternalTrafficPolicy, 'InternalTrafficPolicy')),
};

/**
 * A cdk8s-plus Service that can also set `internalTrafficPolicy`. Extends the typed spec
 * (not a JSON patch) so the field passes through the generated mapper and reaches the YAML.
 */
export class AgentService extends Service {
  /** The internal traffic policy, if set. */
  public readonly internalTrafficPolicy?: InternalTrafficPolicy;

  public constructor(scope: Construct, id: string, props: AgentServiceProps = {}) {
    assertValidConstruction(scope, id, 'AgentService', propsProblems(props, AGENT_SERVICE_PROPS_SCHEMA, 'AgentServiceProps')
      .map(p => (p.property === '' ? { ...p, property: 'props' } : p)));
    super(scope, id, props);
    this.internalTrafficPolicy = props.internalTrafficPolicy;
  }

  /** @internal */
  public _toKube(): any {
    return merged(super._toKube(), { internalTrafficPolicy: this.internalTrafficPolicy });
  }
}
