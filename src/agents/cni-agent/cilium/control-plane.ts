import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AGENT_CONFIG_RULES, AGENT_SECRETS_RULES } from './agent-rbac';
import { CILIUM_CONFIG_NAME, ciliumConfigData } from './config-map';
import { OPERATOR_NAME, operatorDeployment } from './operator';
import { OPERATOR_CLUSTER_RULES, OPERATOR_SECRETS_RULES, OPERATOR_ZTUNNEL_RULES } from './operator-rbac';
import { ResolvedCilium } from './options';
import { CiliumRbacRule, policyRule } from './rbac-rule';

/**
 * The namespace the operator copies the TLS Secrets that policies reference into, and the agents
 * read them from (`policy-secrets-namespace`, chart 1.20.0).
 */
export const SECRETS_NAMESPACE = 'cilium-secrets';

/** Where the agent runs and what the install's objects carry. */
export interface CiliumControlPlaneProps {
  readonly namespace: string;
  /** The agent's ServiceAccount, bound to the agent's Roles. */
  readonly agentServiceAccount: string;
  /** The agent pods' selector, which the hubble-peer Service selects. */
  readonly agentSelector: Record<string, string>;
  readonly operatorImage: string;
  readonly imagePullSecrets: string[];
  readonly cilium: ResolvedCilium;
  readonly labels: Record<string, string>;
}

/**
 * Everything of the chart's install that is not the agent's DaemonSet: the `cilium-config`
 * ConfigMap, the operator (Deployment, ServiceAccount, RBAC), the agent's namespaced Roles, the
 * `cilium-secrets` namespace and, with Hubble, the `hubble-peer` Service. No CRDs: the operator
 * registers them.
 *
 * The objects are children of the agent, so they share its sync wave: Argo CD applies the
 * operator with the agent and waits for both, as Cilium needs (the agent waits for the operator's
 * CRDs; the operator does not need the agent, so a later wave would only deadlock behind the
 * agent's health).
 */
export class CiliumControlPlane extends Construct {
  /** The operator Deployment. */
  public readonly operator: k8s.KubeDeployment;
  /** The `cilium-config` ConfigMap. */
  public readonly config: k8s.KubeConfigMap;

  public constructor(scope: Construct, id: string, props: CiliumControlPlaneProps) {
    super(scope, id);
    const { namespace, labels } = props;
    const meta = (name: string, ns?: string) => ({ name, ...(ns === undefined ? {} : { namespace: ns }), labels });
    const agent = { kind: 'ServiceAccount', name: props.agentServiceAccount, namespace };
    const operator = { kind: 'ServiceAccount', name: OPERATOR_NAME, namespace };

    this.config = new k8s.KubeConfigMap(this, 'Config', { metadata: meta(CILIUM_CONFIG_NAME, namespace), data: ciliumConfigData(props.cilium) });

    new k8s.KubeServiceAccount(this, 'OperatorServiceAccount', { metadata: meta(OPERATOR_NAME, namespace) });
    new k8s.KubeClusterRole(this, 'OperatorClusterRole', { metadata: meta(OPERATOR_NAME), rules: OPERATOR_CLUSTER_RULES.map(policyRule) });
    new k8s.KubeClusterRoleBinding(this, 'OperatorClusterRoleBinding', {
      metadata: meta(OPERATOR_NAME),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: OPERATOR_NAME },
      subjects: [operator],
    });

    new k8s.KubeNamespace(this, 'SecretsNamespace', { metadata: meta(SECRETS_NAMESPACE) });
    const role = (id_: string, name: string, ns: string, rules: readonly CiliumRbacRule[], subject: k8s.Subject) => {
      new k8s.KubeRole(this, id_, { metadata: meta(name, ns), rules: rules.map(policyRule) });
      new k8s.KubeRoleBinding(this, `${id_}Binding`, {
        metadata: meta(name, ns),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
        subjects: [subject],
      });
    };
    role('AgentConfigRole', 'cilium-config-agent', namespace, AGENT_CONFIG_RULES, agent);
    role('AgentSecretsRole', 'cilium-tlsinterception-secrets', SECRETS_NAMESPACE, AGENT_SECRETS_RULES, agent);
    role('OperatorSecretsRole', 'cilium-operator-tlsinterception-secrets', SECRETS_NAMESPACE, OPERATOR_SECRETS_RULES, operator);
    role('OperatorZtunnelRole', 'cilium-operator-ztunnel', namespace, OPERATOR_ZTUNNEL_RULES, operator);

    if (props.cilium.hubble) {
      // The chart's hubble-peer Service: Hubble Relay finds every node's Hubble through it; Local keeps each client on its own node.
      new k8s.KubeService(this, 'HubblePeer', {
        metadata: { ...meta('hubble-peer', namespace), labels: { ...labels, 'app.kubernetes.io/name': 'hubble-peer' } },
        spec: {
          selector: props.agentSelector,
          ports: [{ name: 'peer-service', port: 443, protocol: 'TCP', targetPort: k8s.IntOrString.fromNumber(4244) }],
          internalTrafficPolicy: 'Local',
        },
      });
    }

    this.operator = operatorDeployment(this, 'Operator', {
      namespace, image: props.operatorImage, imagePullSecrets: props.imagePullSecrets, cilium: props.cilium, labels,
    });
  }
}
