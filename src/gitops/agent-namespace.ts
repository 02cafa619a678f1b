import { ApiObject, App, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { SYNC_WAVE_ANNOTATION, SyncWave } from './sync-wave';
import { mostPermissive, PodSecurityLevel, podSecurityLevel, podSecurityViolations } from '../audit/pod-security';
import { ClusterScopedObject } from '../base/cluster-scoped';
import { assertValid } from '../base/errors';
import { dnsLabelProblems, labelMapProblems } from '../base/names';
import { NodeAgent } from '../base/node-agent';

/** Properties of an agent namespace. */
export interface AgentNamespaceProps {
  /** The namespace name. */
  readonly name: string;
  /**
   * The Pod Security level enforced (and warned and audited at).
   * @default - the least permissive level that every NodeAgent of the app in this namespace satisfies
   */
  readonly podSecurityLevel?: PodSecurityLevel;
  /**
   * Extra labels.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * The Argo CD sync wave of the Namespace.
   * @default - the lowest wave of the NodeAgents in it, so it exists before any of them is applied
   */
  readonly syncWave?: SyncWave;
}

const PSA = 'pod-security.kubernetes.io';

/**
 * A Namespace labelled for Pod Security admission at the least level its agents need, so the
 * agents are admitted where Pod Security is enforced cluster-wide and nothing else in the
 * namespace gets more than they do. The level is computed from the agents' pod specs with the
 * same rules as the privilege report.
 */
export class AgentNamespace extends Construct {
  /** The namespace name. */
  public readonly name: string;
  /** The Namespace object. */
  public readonly apiObject: ApiObject;
  private readonly explicitWave?: SyncWave;

  public constructor(scope: Construct, id: string, props: AgentNamespaceProps) {
    super(scope, id);
    const wave = props.syncWave?.wave;
    assertValid(this, [
      ...dnsLabelProblems('name', props.name),
      ...labelMapProblems('labels', props.labels),
      ...(wave !== undefined && !Number.isInteger(wave) ? [{ property: 'syncWave', value: wave, expected: 'Argo CD sync waves are whole numbers, e.g. SyncWave.of(-5).' }] : []),
    ]);
    this.name = props.name;
    this.explicitWave = props.syncWave;
    const level = Lazy.any({ produce: () => props.podSecurityLevel ?? this.neededLevel() });
    this.apiObject = new ClusterScopedObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: props.name,
        annotations: { [SYNC_WAVE_ANNOTATION]: Lazy.any({ produce: () => this.lowestAgentWave() }) },
        labels: {
          ...props.labels,
          [`${PSA}/enforce`]: level,
          [`${PSA}/warn`]: level,
          [`${PSA}/audit`]: level,
        },
      },
    });
  }

  /** The least permissive level that every agent in this namespace satisfies. */
  private neededLevel(): PodSecurityLevel {
    return mostPermissive(this.agentDaemonSets().map(json => {
      const template = json.spec.template;
      return podSecurityLevel(podSecurityViolations(template.spec, template.metadata?.annotations));
    }));
  }

  /** The lowest sync wave among the agents in this namespace (none when they have none). */
  private lowestAgentWave(): string | undefined {
    if (this.explicitWave !== undefined) return this.explicitWave.wave === undefined ? undefined : String(this.explicitWave.wave);
    const waves = this.agentDaemonSets()
      .map(json => json.metadata.annotations?.[SYNC_WAVE_ANNOTATION])
      .filter((w): w is string => w !== undefined)
      .map(Number);
    return waves.length > 0 ? String(Math.min(...waves)) : undefined;
  }

  /** The synthesized DaemonSets of the app's NodeAgents in this namespace (waves are applied by then). */
  private agentDaemonSets(): any[] {
    return App.of(this).node.findAll()
      .filter((c): c is NodeAgent => c instanceof NodeAgent && c.namespace === this.name)
      .map(agent => ApiObject.of(agent).toJson());
  }
}
