import { ApiObject, ApiObjectProps } from 'cdk8s';
import { Construct } from 'constructs';
import { merged } from './merged';
import { assertValidConstruction, isString, optional, Schema, struct } from '../validation/guards';
import { isMetadata } from '../validation/plus-schemas';

/** The runtime shape of ApiObjectProps: the fields cdk8s reads; the rest of the object passes through. */
const API_OBJECT_PROPS_SCHEMA: Schema<Pick<ApiObjectProps, 'apiVersion' | 'kind' | 'metadata'>> = {
  apiVersion: isString,
  kind: isString,
  metadata: optional(isMetadata),
};
const isApiObjectProps = struct(API_OBJECT_PROPS_SCHEMA, 'ApiObjectProps', { allowUnknown: true });

/**
 * An object that has no namespace (ClusterRole, ClusterRoleBinding, Namespace, ...).
 * cdk8s stamps the chart's namespace on every object it synthesizes; Kubernetes ignores it on
 * cluster-scoped kinds, but GitOps diffs then never match the live object, so it is left out.
 */
export class ClusterScopedObject extends ApiObject {
  /** An ApiObject, after checking the shape of its arguments (`apiVersion` and `kind` strings, metadata). */
  public constructor(scope: Construct, id: string, props: ApiObjectProps) {
    assertValidConstruction(scope, id, 'ClusterScopedObject', isApiObjectProps(props, '').map(p => (p.property === '' ? { ...p, property: 'props' } : p)));
    super(scope, id, props);
  }

  /** The object as JSON, without `metadata.namespace`. */
  public toJson(): any {
    const json = super.toJson();
    const { namespace: _ignored, ...metadata } = json.metadata ?? {};
    return merged(json, { metadata });
  }
}
