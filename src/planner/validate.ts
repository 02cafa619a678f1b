/**
 * Shape checks on the planner's input. Planning a manifest the API server would refuse would
 * predict a rollout that can never happen, so type errors (`gpu: true` instead of `gpu: "true"`,
 * a toleration that is not a list) stop the plan with a message naming the object and the field.
 * Semantic oddities the API accepts (an empty term, a Gt on a non-integer label) are planned as the
 * controller would.
 */
import { PlannerInputError } from './errors';
import { isObject, type DaemonSetManifest, type NodeManifest } from './k8s-types';

class Checker {
  constructor(private readonly where: string) {}

  public fail(field: string, problem: string): never {
    throw new PlannerInputError(`${this.where}: ${field}: ${problem}`);
  }

  public object(v: unknown, field: string): Record<string, any> | undefined {
    if (v === undefined || v === null) return undefined;
    if (!isObject(v)) this.fail(field, `expected an object, found ${describe(v)}`);
    return v;
  }

  public list(v: unknown, field: string): unknown[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(field, `expected a list, found ${describe(v)}`);
    return v;
  }

  public string(v: unknown, field: string): void {
    if (v === undefined || v === null || typeof v === 'string') return;
    this.fail(field, `expected a string, found ${describe(v)}; quote the value in YAML`);
  }

  public stringMap(v: unknown, field: string): void {
    const map = this.object(v, field);
    for (const [k, value] of Object.entries(map ?? {})) this.string(value, `${field}.${k}`);
  }

  public boolean(v: unknown, field: string): void {
    if (v === undefined || v === null || typeof v === 'boolean') return;
    this.fail(field, `expected true or false, found ${describe(v)}`);
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** `DaemonSet ns/name` (with the source when known) for messages. */
export function daemonSetLabel(ds: unknown, source: string | undefined, index: number): string {
  const meta = isObject(ds) && isObject(ds.metadata) ? ds.metadata : {};
  const id = typeof meta.name === 'string' ? `DaemonSet ${typeof meta.namespace === 'string' ? meta.namespace : 'default'}/${meta.name}` : `DaemonSet #${index + 1}`;
  return source ? `${source}: ${id}` : id;
}

function checkSelectorTerms(c: Checker, required: unknown, field: string): void {
  const selector = c.object(required, field);
  if (!selector) return;
  c.list(selector.nodeSelectorTerms, `${field}.nodeSelectorTerms`).forEach((term, i) => {
    const at = `${field}.nodeSelectorTerms[${i}]`;
    const t = c.object(term, at);
    for (const group of ['matchExpressions', 'matchFields']) {
      c.list(t?.[group], `${at}.${group}`).forEach((req, j) => {
        const r = c.object(req, `${at}.${group}[${j}]`) ?? {};
        c.string(r.key, `${at}.${group}[${j}].key`);
        c.string(r.operator, `${at}.${group}[${j}].operator`);
        c.list(r.values, `${at}.${group}[${j}].values`);
      });
    }
  });
}

/** Checks the fields placement and rollout read; returns the manifest typed. */
export function checkDaemonSet(ds: unknown, where: string): DaemonSetManifest {
  const c: Checker = new Checker(where);
  if (!isObject(ds)) throw new PlannerInputError(`${where}: expected a DaemonSet object, found ${describe(ds)}`);
  if (ds.kind !== undefined && ds.kind !== 'DaemonSet') c.fail('kind', `expected DaemonSet, found ${JSON.stringify(ds.kind)}`);
  const meta = c.object(ds.metadata, 'metadata');
  if (typeof meta?.name !== 'string' || meta.name === '') c.fail('metadata.name', 'a DaemonSet needs a name');
  c.string(meta.namespace, 'metadata.namespace');
  const spec = c.object(ds.spec, 'spec');
  const podSpec = c.object(c.object(spec?.template, 'spec.template')?.spec, 'spec.template.spec');
  if (!podSpec) c.fail('spec.template.spec', 'a DaemonSet needs a pod template');
  const at = 'spec.template.spec';
  c.string(podSpec.nodeName, `${at}.nodeName`);
  c.stringMap(podSpec.nodeSelector, `${at}.nodeSelector`);
  c.boolean(podSpec.hostNetwork, `${at}.hostNetwork`);
  c.list(podSpec.tolerations, `${at}.tolerations`).forEach((t, i) => {
    const tol = c.object(t, `${at}.tolerations[${i}]`) ?? {};
    for (const f of ['key', 'operator', 'value', 'effect']) c.string(tol[f], `${at}.tolerations[${i}].${f}`);
  });
  const affinity = c.object(podSpec.affinity, `${at}.affinity`);
  const nodeAffinity = c.object(affinity?.nodeAffinity, `${at}.affinity.nodeAffinity`);
  checkSelectorTerms(c, nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution, `${at}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`);
  for (const group of ['containers', 'initContainers']) {
    c.list(podSpec[group], `${at}.${group}`).forEach((ctr, i) => {
      const container = c.object(ctr, `${at}.${group}[${i}]`) ?? {};
      c.list(container.ports, `${at}.${group}[${i}].ports`).forEach((p, j) => c.object(p, `${at}.${group}[${i}].ports[${j}]`));
      const resources = c.object(container.resources, `${at}.${group}[${i}].resources`);
      c.object(resources?.requests, `${at}.${group}[${i}].resources.requests`);
      c.object(resources?.limits, `${at}.${group}[${i}].resources.limits`);
    });
  }
  return ds as DaemonSetManifest;
}

/** Checks every node and that names are unique; `where` names the inventory. */
export function checkNodes(nodes: readonly unknown[], where: string): NodeManifest[] {
  const names = new Map<string, number>();
  nodes.forEach((node, i) => {
    if (!isObject(node)) throw new PlannerInputError(`${where}: item ${i}: expected a Node object, found ${describe(node)}`);
    const name = isObject(node.metadata) ? node.metadata.name : undefined;
    const c: Checker = new Checker(`${where}: item ${i}${typeof name === 'string' ? ` (node ${name})` : ''}`);
    if (node.kind !== undefined && node.kind !== 'Node') c.fail('kind', `expected Node, found ${JSON.stringify(node.kind)}: this is not a Node list`);
    const meta = c.object(node.metadata, 'metadata');
    if (typeof meta?.name !== 'string' || meta.name === '') c.fail('metadata.name', 'a node needs a name');
    const first = names.get(meta.name);
    if (first !== undefined) c.fail('metadata.name', `duplicate node name ${meta.name} (also item ${first})`);
    names.set(meta.name, i);
    c.stringMap(meta.labels, 'metadata.labels');
    const spec = c.object(node.spec, 'spec');
    c.list(spec?.taints, 'spec.taints').forEach((t, j) => {
      const taint = c.object(t, `spec.taints[${j}]`) ?? {};
      for (const f of ['key', 'value', 'effect']) c.string(taint[f], `spec.taints[${j}].${f}`);
    });
    c.object(c.object(node.status, 'status')?.allocatable, 'status.allocatable');
  });
  return nodes as NodeManifest[];
}
