/**
 * Object metadata as ValidateObjectMeta checks it (k8s.io/apimachinery/pkg/api/validation
 * objectmeta.go, v1.28): the name in the grammar of its kind, the namespace, labels,
 * annotations (qualified-name keys, 256 KiB in all) and finalizers.
 */
import { byteLength, isJson, Json, labelsProblems, listAt, nameProblems, objectAt, stringAt } from './field-rules';
import { Problem } from '../../base/errors';
import { isQualifiedName, qualifiedNameProblems, serviceNameProblems } from '../../base/names';

// TotalAnnotationSizeLimitB: the sum of every key's and value's length, in bytes (Go's len()).
const ANNOTATIONS_LIMIT = 256 * 1024;
// helper.IsStandardFinalizerName: the finalizers that need no domain prefix.
const STANDARD_FINALIZERS = ['kubernetes', 'orphan', 'foregroundDeletion'];

// Kinds whose names are DNS-1123 labels, DNS-1035 labels (Services), or path segments (RBAC);
// every other kind's name is a DNS-1123 subdomain (pkg/apis/*/validation, NameIsDNSSubdomain).
const LABEL_NAMED = new Set(['Namespace']);
const PATH_SEGMENT_NAMED = new Set(['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding']);
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'Node', 'PriorityClass', 'RuntimeClass', 'CustomResourceDefinition', 'CSIDriver', 'StorageClass']);

/** Whether objects of a kind live in a namespace. */
export function isNamespaced(kind: string): boolean {
  return !CLUSTER_SCOPED.has(kind);
}

function objectNameProblems(kind: string, name: unknown): Problem[] {
  if (name === undefined || name === '') return [{ property: 'metadata.name', value: name, expected: 'Every object needs a name.' }];
  if (typeof name !== 'string') return [{ property: 'metadata.name', value: name, expected: 'A name is a string.' }];
  if (kind === 'Service') return serviceNameProblems('metadata.name', name);
  if (LABEL_NAMED.has(kind)) return nameProblems('metadata.name', name, 'label');
  if (PATH_SEGMENT_NAMED.has(kind)) {
    if (name === '.' || name === '..' || /[/%]/.test(name)) return [{ property: 'metadata.name', value: name, expected: 'The name may not be "." or ".." nor contain "/" or "%".' }];
    return [];
  }
  return nameProblems('metadata.name', name, 'subdomain');
}

/** Annotations: qualified-name keys, string values, 256 KiB in all. */
export function annotationsProblems(field: string, v: unknown): Problem[] {
  const problems: Problem[] = [];
  const map = objectAt(v, field, problems) ?? {};
  let size = 0;
  for (const key of Object.keys(map)) {
    const value = map[key];
    // The API server lower-cases keys before checking them.
    const lower = key.toLowerCase();
    if (!isQualifiedName(lower)) problems.push(...qualifiedNameProblems(`${field} key`, lower).map(p => ({ ...p, value: key })));
    if (typeof value !== 'string') problems.push({ property: `${field}[${key}]`, value, expected: 'Annotation values are strings (quote them in YAML).' });
    size += byteLength(key) + (typeof value === 'string' ? byteLength(value) : 0);
  }
  if (size > ANNOTATIONS_LIMIT) {
    problems.push({ property: field, value: `${size} bytes`, expected: `Annotations may hold ${ANNOTATIONS_LIMIT} bytes (256 KiB) in all, keys and values together: move large content into a ConfigMap.` });
  }
  return problems;
}

/**
 * A finalizer name: a qualified name (ValidateFinalizerName), and fully qualified ("domain/name")
 * unless it is a standard one (validateKubeFinalizerName in pkg/apis/core/validation, which also
 * checks a Namespace's spec.finalizers; custom resources are checked by apiextensions, which
 * does not: Argo CD's own "resources-finalizer.argocd.argoproj.io" is valid on an Application).
 * orphan and foregroundDeletion exclude each other (ValidateFinalizers).
 */
export function finalizersProblems(field: string, raw: unknown, builtIn = true): Problem[] {
  const problems: Problem[] = [];
  const names = listAt(raw, field, problems);
  names.forEach((item, i) => {
    const name = stringAt(item, `${field}[${i}]`, problems);
    if (name === undefined) return;
    const grammar = qualifiedNameProblems(`${field}[${i}]`, name);
    problems.push(...grammar);
    if (builtIn && grammar.length === 0 && !name.includes('/') && !STANDARD_FINALIZERS.includes(name)) {
      problems.push({ property: `${field}[${i}]`, value: name, expected: 'Use a fully qualified finalizer name, "domain/name" (only kubernetes, orphan and foregroundDeletion go without a domain).' });
    }
  });
  if (names.includes('orphan') && names.includes('foregroundDeletion')) {
    problems.push({ property: field, value: names, expected: 'Finalizers orphan and foregroundDeletion exclude each other.' });
  }
  return problems;
}

/**
 * Whether objects of an API group are validated by Kubernetes itself (core validation) rather
 * than as custom resources: the core group, the unqualified built-in groups (apps, batch,
 * policy, ...) and the *.k8s.io groups.
 */
export function isBuiltInGroup(apiVersion: string): boolean {
  const slash = apiVersion.indexOf('/');
  const group = slash >= 0 ? apiVersion.slice(0, slash) : '';
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}

/**
 * Problems with an object's metadata; `kind` picks the name grammar and whether it has a
 * namespace, `builtIn` whether Kubernetes' core validation (true) or apiextensions' applies.
 */
export function metadataProblems(kind: string, metadata: unknown, builtIn = true): Problem[] {
  const problems: Problem[] = [];
  const meta: Json = objectAt(metadata, 'metadata', problems) ?? {};
  problems.push(...objectNameProblems(kind, meta.name));
  const namespace = stringAt(meta.namespace, 'metadata.namespace', problems);
  if (namespace !== undefined && isNamespaced(kind)) problems.push(...nameProblems('metadata.namespace', namespace, 'label'));
  // The API server clears a cluster-scoped object's namespace (rest.BeforeCreate); "" is unset.
  // Refusing any other value is the validator's own rule: the manifest would say something the
  // cluster does not store.
  if (namespace !== undefined && namespace !== '' && !isNamespaced(kind)) problems.push({ property: 'metadata.namespace', value: namespace, expected: `A ${kind} is cluster-scoped: it has no namespace.` });
  problems.push(...labelsProblems('metadata.labels', meta.labels));
  problems.push(...annotationsProblems('metadata.annotations', meta.annotations));
  problems.push(...finalizersProblems('metadata.finalizers', meta.finalizers, builtIn));
  return problems;
}

/** The metadata object of a manifest, or an empty one. */
export function metadataOf(obj: Json): Json {
  return isJson(obj.metadata) ? obj.metadata : {};
}
