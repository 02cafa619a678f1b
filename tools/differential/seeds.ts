/**
 * The valid objects the differential check starts from: the example apps' committed output (dist/
 * and the CNI variants' examples/calico/dist and examples/cilium/dist, which CI re-synthesizes
 * and checks for drift), as plain JSON. Prometheus Operator and Argo CD objects and Calico's CRDs
 * are left out: a bare 1.20 API server does not serve their kinds.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

const ROOT = path.join(__dirname, '..', '..');
const DISTS = ['dist', 'examples/calico/dist', 'examples/cilium/dist'].map(d => path.join(ROOT, d));

export type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [k: string]: any }; [k: string]: any };

/** The kinds the check mutates and sends to the server. */
export const KINDS = [
  'DaemonSet', 'Deployment', 'PodDisruptionBudget', 'Service', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding',
  'ConfigMap', 'Namespace',
];

/** Prefix of the seed Namespaces' names: the original names are created for real to hold the namespaced objects. */
export const NAMESPACE_PREFIX = 'dt-';

export function seeds(): Obj[] {
  const objs: Obj[] = DISTS.flatMap(dist => fs.readdirSync(dist).filter(f => f.endsWith('.k8s.yaml')).sort()
    .flatMap(f => YAML.parseAllDocuments(fs.readFileSync(path.join(dist, f), 'utf8')).map(d => d.toJS() as Obj)));
  return objs.filter(o => KINDS.includes(o.kind)).map(o => {
    // The real namespace of that name exists on the server (it holds the namespaced objects), so a
    // dry-run create of the seed Namespace would fail as AlreadyExists: give the seed another name.
    if (o.kind === 'Namespace') return { ...o, metadata: { ...o.metadata, name: NAMESPACE_PREFIX + o.metadata.name } };
    return o;
  });
}

/** The namespaces the namespaced seeds live in; they must exist on the server. */
export function namespacesOf(objs: Obj[]): string[] {
  return [...new Set(objs.map(o => o.metadata?.namespace).filter((n): n is string => typeof n === 'string'))].sort();
}

/**
 * The removals of ../shared/tools/apiserver/strip-newer.mjs, applied to one object: a 1.20 server
 * does not know DaemonSet rollingUpdate.maxSurge (1.22) nor Service internalTrafficPolicy (1.21),
 * and serves PodDisruptionBudgets in policy/v1beta1 only (policy/v1 is 1.21; the same function
 * validates both, bar unhealthyPodEvictionPolicy, 1.26). Returns what it changed. Both verdicts
 * are taken on the stripped object.
 */
export function stripNewer(o: Obj): string[] {
  const stripped: string[] = [];
  const ru = o.kind === 'DaemonSet' && o.spec?.updateStrategy?.rollingUpdate;
  if (ru && typeof ru === 'object' && ru.maxSurge !== undefined) {
    stripped.push(`rollingUpdate.maxSurge=${JSON.stringify(ru.maxSurge)}`);
    const surging = ru.maxSurge !== 0 && ru.maxSurge !== '0%';
    delete ru.maxSurge;
    if (surging) ru.maxUnavailable = 1; // 1.20 cannot express surge; keep the object valid
  }
  if (o.kind === 'Service' && o.spec?.internalTrafficPolicy !== undefined) {
    stripped.push(`spec.internalTrafficPolicy=${JSON.stringify(o.spec.internalTrafficPolicy)}`);
    delete o.spec.internalTrafficPolicy;
  }
  if (o.kind === 'PodDisruptionBudget' && o.apiVersion === 'policy/v1') {
    stripped.push('apiVersion policy/v1 as policy/v1beta1');
    o.apiVersion = 'policy/v1beta1';
    if (o.spec && typeof o.spec === 'object' && o.spec.unhealthyPodEvictionPolicy !== undefined) {
      stripped.push(`spec.unhealthyPodEvictionPolicy=${JSON.stringify(o.spec.unhealthyPodEvictionPolicy)}`);
      delete o.spec.unhealthyPodEvictionPolicy;
    }
  }
  return stripped;
}
