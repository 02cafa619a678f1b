import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { SYNC_WAVE_ANNOTATION, SyncWave } from './sync-wave';
import { mostPermissive, PodSecurityLevel, podSecurityLevel, templateViolations } from '../audit/pod-security';
import { ClusterScopedObject } from '../base/cluster-scoped';
import { assertValid } from '../base/errors';
import { merged } from '../base/merged';
import { dnsLabelProblems, labelMapProblems } from '../base/names';
import { NodeAgent } from '../base/node-agent';
import { assertValidConstruction, instanceOf, isConstruct, isString, libraryBuilt, mapOf, oneOf, optional, propsProblems, Schema } from '../validation/guards';

/** Properties of an agent namespace. */
export interface AgentNamespaceProps {
  /** The namespace name. */
  readonly name: string;
  /**
   * The Pod Security level enforced (and warned and audited at).
   * @default - the least permissive level that every agent added to the namespace satisfies
   */
  readonly podSecurityLevel?: PodSecurityLevel;
  /**
   * Extra labels.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * The Argo CD sync wave of the Namespace.
   * @default - the lowest wave of the agents added to it, so it exists before any of them is applied
   */
  readonly syncWave?: SyncWave;
}

/** The runtime shape of AgentNamespaceProps (the name and labels' grammar is checked by the constructor's rules). */
export const AGENT_NAMESPACE_PROPS_SCHEMA: Schema<AgentNamespaceProps> = {
  name: isString,
  podSecurityLevel: optional(oneOf(PodSecurityLevel, 'PodSecurityLevel')),
  labels: optional(mapOf(isString)),
  syncWave: optional(instanceOf(SyncWave, 'SyncWave.NETWORK or SyncWave.of(-5)')),
};

const PSA = 'pod-security.kubernetes.io';

/**
 * A Namespace labelled for Pod Security admission at the least level its agents need, so the
 * agents are admitted where Pod Security is enforced cluster-wide and nothing else in the
 * namespace gets more than they do. The level is computed from the agents' pod specs with the
 * same rules as the privilege report.
 *
 * The agents it accounts for are the ones added to it: the library's agents add their DaemonSet
 * to the namespace they are delivered into; add a NodeAgent of your own with `addAgent()`.
 */
export class AgentNamespace extends Construct {
  /** The AgentNamespace of this name in `scope`'s app, if one was created. */
  public static find(scope: IConstruct, name: string): AgentNamespace | undefined {
    assertValid('AgentNamespace.find', [...isConstruct(scope, 'scope'), ...isString(name, 'name')]);
    return namespacesOf(scope).get(name);
  }

  /** The namespace name. */
  public readonly name: string;
  /** The Namespace object. */
  public readonly apiObject: ApiObject;
  private readonly explicitWave?: SyncWave;
  private readonly podSecurityLevel?: PodSecurityLevel;
  private readonly members: NodeAgent[] = [];

  public constructor(scope: Construct, id: string, props: AgentNamespaceProps) {
    assertValidConstruction(scope, id, 'AgentNamespace', propsProblems(props, AGENT_NAMESPACE_PROPS_SCHEMA, 'AgentNamespaceProps', true)
      .map(p => (p.property === '' ? { ...p, property: 'props' } : p)));
    super(scope, id);
    const wave = props.syncWave?.wave;
    assertValid(this, [
      ...dnsLabelProblems('name', props.name),
      ...labelMapProblems('labels', props.labels),
      ...(wave !== undefined && !Number.isInteger(wave) ? [{ property: 'syncWave', value: wave, expected: 'Argo CD sync waves are whole numbers, e.g. SyncWave.of(-5).' }] : []),
    ]);
    this.name = props.name;
    this.explicitWave = props.syncWave;
    this.podSecurityLevel = props.podSecurityLevel;
    this.apiObject = new NamespaceObject(this, 'Resource', libraryBuilt({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: props.name, labels: props.labels },
    }));
    namespacesOf(this).set(props.name, this);
  }

  /** The agents added to the namespace, in the order they were added. */
  public get agents(): NodeAgent[] {
    return [...this.members];
  }

  /**
   * Accounts for an agent running in this namespace: the Namespace's Pod Security level admits
   * its pods, and its sync wave is no later than the agent's.
   */
  public addAgent(agent: NodeAgent): void {
    assertValid(this, instanceOf(NodeAgent, 'agent.daemonSet')(agent, 'agent'));
    assertValid(this, [
      ...(agent.namespace !== this.name ? [{ property: 'agent', value: agent.node.path, expected: `The agent runs in namespace ${agent.namespace === undefined ? '(none set)' : JSON.stringify(agent.namespace)}, not ${JSON.stringify(this.name)}: add it to that namespace's AgentNamespace.` }] : []),
      ...(this.members.includes(agent) ? [{ property: 'agent', value: agent.node.path, expected: 'The agent is already added: add each agent once.' }] : []),
    ]);
    this.members.push(agent);
  }

  /** @internal The Pod Security labels and the sync-wave annotation, from the agents as synthesized. */
  public _derivedMetadata(): { labels: Record<string, string>; annotations: Record<string, string> } {
    const daemonSets = this.agentDaemonSets();
    const level = this.podSecurityLevel ?? neededLevel(daemonSets);
    const wave = this.explicitWave !== undefined ? this.explicitWave.wave : lowestWave(daemonSets);
    return {
      labels: { [`${PSA}/audit`]: level, [`${PSA}/enforce`]: level, [`${PSA}/warn`]: level },
      annotations: wave === undefined ? {} : { [SYNC_WAVE_ANNOTATION]: String(wave) },
    };
  }

  /**
   * The DaemonSets of the agents added, as they synthesize (waves are applied by then). Within a
   * synthesis each object is serialized once and shared (src/validation/synth-check.ts), so
   * reading them here costs no second serialization of each DaemonSet.
   */
  private agentDaemonSets(): any[] {
    return this.members.map(agent => ApiObject.of(agent).toJson());
  }
}

/** The least permissive level that every agent in the namespace satisfies. */
function neededLevel(daemonSets: any[]): PodSecurityLevel {
  return mostPermissive(daemonSets.map(json => {
    const template = json.spec.template;
    return podSecurityLevel(templateViolations(template));
  }));
}

/** The lowest sync wave among the agents (undefined when they have none). */
function lowestWave(daemonSets: any[]): number | undefined {
  const waves = daemonSets
    .map(json => json.metadata.annotations?.[SYNC_WAVE_ANNOTATION])
    .filter((w): w is string => w !== undefined)
    .map(Number);
  return waves.length > 0 ? Math.min(...waves) : undefined;
}

const namespacesByApp = new WeakMap<IConstruct, Map<string, AgentNamespace>>();

function namespacesOf(scope: IConstruct): Map<string, AgentNamespace> {
  const app = scope.node.root;
  let namespaces = namespacesByApp.get(app);
  if (namespaces === undefined) {
    namespaces = new Map<string, AgentNamespace>();
    namespacesByApp.set(app, namespaces);
  }
  return namespaces;
}

/** The Namespace object: its derived labels and wave are computed once per serialization. */
class NamespaceObject extends ClusterScopedObject {
  public toJson(): any {
    const json = super.toJson();
    const derived = (this.node.scope as AgentNamespace)._derivedMetadata();
    const labels = sortKeys(merged(json.metadata.labels, derived.labels));
    const annotations = sortKeys(merged(json.metadata.annotations, derived.annotations));
    const metadata = sortKeys(merged(json.metadata, Object.keys(annotations).length > 0 ? { annotations, labels } : { labels }));
    return merged(json, { metadata });
  }
}

/** cdk8s writes keys sorted; the derived ones are kept in the same order. */
function sortKeys<T>(map: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
