import { ApiObject, App, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { mostPermissive, PodSecurityLevel, podSecurityLevel, podSecurityViolations } from '../audit/pod-security';
import { ClusterScopedObject } from '../base/cluster-scoped';
import { assertValid } from '../base/errors';
import { dnsLabelProblems } from '../base/names';
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

  public constructor(scope: Construct, id: string, props: AgentNamespaceProps) {
    super(scope, id);
    assertValid(this, dnsLabelProblems('name', props.name));
    this.name = props.name;
    const level = Lazy.any({ produce: () => props.podSecurityLevel ?? this.neededLevel() });
    this.apiObject = new ClusterScopedObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: props.name,
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
    const agents = App.of(this).node.findAll().filter((c): c is NodeAgent => c instanceof NodeAgent && c.namespace === this.name);
    return mostPermissive(agents.map(agent => {
      const json = ApiObject.of(agent).toJson();
      const template = json.spec.template;
      return podSecurityLevel(podSecurityViolations(template.spec, template.metadata?.annotations));
    }));
  }
}
