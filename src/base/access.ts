import { ApiObject, Lazy } from 'cdk8s';
import { IApiResource } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ClusterScopedObject } from './cluster-scoped';
import { assertValid, Problem } from './errors';
import { isBoolean, isString, libraryBuilt, listOf, oneOf, optional, propsProblems, Schema, shaped } from '../validation/guards';

/** An RBAC verb. */
export enum ApiVerb {
  /** Read one object. */
  GET = 'get',
  /** Read a collection. */
  LIST = 'list',
  /** Stream changes. */
  WATCH = 'watch',
  /** Create objects. */
  CREATE = 'create',
  /** Replace objects. */
  UPDATE = 'update',
  /** Change parts of objects. */
  PATCH = 'patch',
  /** Delete objects. */
  DELETE = 'delete',
  /** Delete collections. */
  DELETE_COLLECTION = 'deletecollection',
  /** Every verb: a wildcard, refused unless `allowWildcards` is set. */
  ALL = '*',
}

/** Fields of an access rule. */
export interface AccessRuleProps {
  /** The verbs allowed. */
  readonly verbs: ApiVerb[];
  /** The resources they apply to, e.g. `ApiResource.PODS` or `ApiResource.custom({ apiGroup: '', resourceType: 'nodes/status' })`. */
  readonly resources: IApiResource[];
  /**
   * Limit the rule to objects with these names.
   * @default - every object of the resources
   */
  readonly resourceNames?: string[];
  /**
   * Accept `*` in verbs, API groups or resources. A wildcard grants what future API versions
   * add too, so least privilege means naming what the agent uses.
   * @default false
   */
  readonly allowWildcards?: boolean;
}

/** An IApiResource: an object with a string `apiGroup` and `resourceType`. */
const isApiResource = shaped('an IApiResource, e.g. ApiResource.PODS or ApiResource.custom({ apiGroup: "", resourceType: "nodes/status" })',
  v => typeof v === 'object' && v !== null && typeof (v as IApiResource).apiGroup === 'string' && typeof (v as IApiResource).resourceType === 'string');
const verbList = listOf(oneOf(ApiVerb, 'ApiVerb'));
const resourceList = listOf(isApiResource);

/** The shape problems of a props argument; a value that is no object at all is reported as `props`. */
function propsArgProblems<T>(props: unknown, schema: Schema<T>, name: string): Problem[] {
  return propsProblems(props, schema, name, true).map(p => (p.property === '' ? { ...p, property: 'props' } : p));
}

/** The runtime shape of AccessRuleProps (least-privilege rules are checked where the rule is used). */
export const ACCESS_RULE_PROPS_SCHEMA: Schema<AccessRuleProps> = {
  verbs: verbList,
  resources: resourceList,
  resourceNames: optional(listOf(isString)),
  allowWildcards: optional(isBoolean),
};

/** One permission the agent needs from the Kubernetes API, granted through its ClusterRole. */
export class AccessRule {
  /** Read access (get, list, watch): what an agent needs to watch objects through an informer. */
  public static read(...resources: IApiResource[]): AccessRule {
    assertValid('AccessRule.read', resourceList(resources, 'resources'));
    return new AccessRule({ verbs: [ApiVerb.GET, ApiVerb.LIST, ApiVerb.WATCH], resources });
  }

  /** These verbs on these resources. */
  public static allow(verbs: ApiVerb[], ...resources: IApiResource[]): AccessRule {
    assertValid('AccessRule.allow', [...verbList(verbs, 'verbs'), ...resourceList(resources, 'resources')]);
    return new AccessRule({ verbs, resources });
  }

  /** A rule from its fields. */
  public static of(props: AccessRuleProps): AccessRule {
    assertValid('AccessRule.of', propsArgProblems(props, ACCESS_RULE_PROPS_SCHEMA, 'AccessRuleProps'));
    return new AccessRule(props);
  }

  /** The verbs allowed. */
  public readonly verbs: ApiVerb[];
  /** The resources. */
  public readonly resources: IApiResource[];
  /** The object names the rule is limited to (empty: all). */
  public readonly resourceNames: string[];
  /** Whether wildcards were explicitly accepted. */
  public readonly allowWildcards: boolean;

  private constructor(props: AccessRuleProps) {
    this.verbs = [...props.verbs];
    this.resources = [...props.resources];
    this.resourceNames = [...(props.resourceNames ?? [])];
    this.allowWildcards = props.allowWildcards ?? false;
  }
}

/** What least privilege (and the API server) would refuse in a rule. */
export function accessRuleProblems(rule: AccessRule, property: string): Problem[] {
  const problems: Problem[] = [];
  if (rule.verbs.length === 0) problems.push({ property: `${property}.verbs`, value: [], expected: 'Name at least one verb, e.g. AccessRule.read(ApiResource.PODS) for get/list/watch.' });
  if (rule.resources.length === 0) problems.push({ property: `${property}.resources`, value: [], expected: 'Name at least one resource, e.g. ApiResource.PODS.' });
  const valid = new Set<string>(Object.values(ApiVerb));
  for (const verb of rule.verbs) {
    if (!valid.has(verb)) problems.push({ property: `${property}.verbs`, value: verb, expected: `Use one of ${Object.values(ApiVerb).filter(v => v !== '*').join(', ')} (ApiVerb).` });
  }
  if (!rule.allowWildcards) {
    const wild = [
      ...rule.verbs.filter(v => v === ApiVerb.ALL).map(() => 'verb *'),
      ...rule.resources.filter(r => r.apiGroup === '*').map(r => `apiGroup * (${r.resourceType})`),
      ...rule.resources.filter(r => r.resourceType === '*').map(r => `resource * (apiGroup "${r.apiGroup}")`),
    ];
    for (const w of wild) {
      problems.push({ property: `${property}`, value: w, expected: 'Wildcards grant whatever the API adds later: name the verbs and resources the agent uses, or set allowWildcards: true in AccessRule.of({...}) to accept it.' });
    }
  }
  return problems;
}

/** The ClusterRole `rules`: one rule per API group, verbs and names, sorted so output is stable. */
export function renderRules(rules: readonly AccessRule[]): any[] {
  const grouped = new Map<string, { apiGroup: string; verbs: string[]; names: string[]; resources: Set<string> }>();
  for (const rule of rules) {
    const verbs = [...new Set(rule.verbs)].sort();
    const names = [...new Set(rule.resourceNames)].sort();
    for (const resource of rule.resources) {
      const key = JSON.stringify([resource.apiGroup, verbs, names]);
      const entry = grouped.get(key) ?? { apiGroup: resource.apiGroup, verbs, names, resources: new Set<string>() };
      entry.resources.add(resource.resourceType);
      grouped.set(key, entry);
    }
  }
  // Each rule's sort key is computed once, not in every comparison; compared by code unit, as
  // localeCompare would order by the locale of whoever runs the synth.
  return [...grouped.values()]
    .map(g => {
      const resources = [...g.resources].sort();
      const rule = { apiGroups: [g.apiGroup], resources, ...(g.names.length > 0 ? { resourceNames: g.names } : {}), verbs: g.verbs };
      return { rule, key: JSON.stringify([rule.apiGroups, resources]) };
    })
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ rule }) => rule);
}

/** The ClusterRole of an agent and its binding to the agent's ServiceAccount. */
export interface AgentClusterRoleProps {
  /** The name of both objects. */
  readonly name: string;
  /** Their labels. */
  readonly labels: { [key: string]: string };
  /** The rules, read at synthesis (rules granted later still count). */
  readonly rules: () => readonly AccessRule[];
  /** The ServiceAccount bound. */
  readonly serviceAccount: string;
  /** Its namespace. */
  readonly namespace: string;
}

/** Creates the ClusterRole (returned) and the ClusterRoleBinding that grant `rules` to an agent. */
export function grantToServiceAccount(scope: Construct, props: AgentClusterRoleProps): ApiObject {
  const role = new ClusterScopedObject(scope, 'ClusterRole', libraryBuilt({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: props.name, labels: props.labels },
    rules: Lazy.any({ produce: () => renderRules(props.rules()) }),
  }));
  new ClusterScopedObject(scope, 'ClusterRoleBinding', libraryBuilt({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: props.name, labels: props.labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: props.name },
    subjects: [{ kind: 'ServiceAccount', name: props.serviceAccount, namespace: props.namespace }],
  }));
  return role;
}
