import { ApiObject } from 'cdk8s';

/**
 * An object that has no namespace (ClusterRole, ClusterRoleBinding, Namespace, ...).
 * cdk8s stamps the chart's namespace on every object it synthesizes; Kubernetes ignores it on
 * cluster-scoped kinds, but GitOps diffs then never match the live object, so it is left out.
 */
export class ClusterScopedObject extends ApiObject {
  /** The object as JSON, without `metadata.namespace`. */
  public toJson(): any {
    const json = super.toJson();
    const { namespace: _ignored, ...metadata } = json.metadata ?? {};
    return { ...json, metadata };
  }
}
