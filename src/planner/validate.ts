/**
 * Checks on the planner's (and the audit's) input. Planning a manifest the API server would refuse
 * would predict a rollout that can never happen, so a DaemonSet is checked as the API server
 * validates it, by the library's own output validator, and a node by the shape of the fields the
 * planner reads (`gpu: true` instead of `gpu: "true"`, taints that are not a list); either stops
 * with a message naming the object and the field. Semantic oddities the API accepts (an empty
 * term, a Gt on a node whose label is not an integer) are planned as the controller would.
 */
import { PlannerInputError } from './errors';
import { isObject, type DaemonSetManifest, type NodeManifest } from './k8s-types';
import type { Problem } from '../base/errors';
import { objectProblems } from '../validation/output/object-rules';
import { describeProblem } from '../validation/validation-error';

/** Shape checks of the fields the planner reads from a node. */
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

  public stringMap(v: unknown, field: string): void {
    const map = this.object(v, field);
    if (map === undefined) return;
    // The field's name is built for a bad value only: a cloud node carries thirty labels.
    for (const k of Object.keys(map)) if (!optionalString(map[k])) this.notString(map[k], `${field}.${k}`);
  }

  /** Refuses a value that `optionalString` refuses. */
  public notString(v: unknown, field: string): never {
    this.fail(field, `expected a string, found ${describe(v)}; quote the value in YAML`);
  }
}

/** A string, or unset. */
const optionalString = (v: unknown) => v === undefined || v === null || typeof v === 'string';

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

/**
 * The API versions that once served DaemonSets and no longer do (removed in Kubernetes 1.16): a
 * manifest written for them is refused by every cluster the planner models.
 */
const REMOVED_API_VERSIONS = new Set(['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2']);

function apiVersionProblem(apiVersion: unknown): Problem | undefined {
  if (apiVersion === 'apps/v1') return undefined;
  if (typeof apiVersion === 'string' && REMOVED_API_VERSIONS.has(apiVersion)) {
    return { property: 'apiVersion', value: apiVersion, expected: 'DaemonSets are served only as apps/v1 since Kubernetes 1.16: use apiVersion: apps/v1 (and give spec.selector, which apps/v1 requires).' };
  }
  return { property: 'apiVersion', value: apiVersion, expected: 'A DaemonSet is apps/v1: use apiVersion: apps/v1.' };
}

/**
 * The first `null` entry of a list anywhere in the object. The API server decodes one as an empty
 * object or string, which is never what was meant (an empty port, container or toleration), and
 * the output validator reads null as "unset" (right for fields, not for list entries); the planner
 * would then read fields of null. Walked with an explicit stack: an object from code may nest deeply.
 */
function nullListEntryProblem(obj: Record<string, unknown>): Problem | undefined {
  const stack: Array<[unknown, string]> = [[obj, '']];
  while (stack.length > 0) {
    const [value, at] = stack.pop()!;
    if (Array.isArray(value)) {
      const i = value.indexOf(null);
      if (i >= 0) return { property: `${at}[${i}]`, value: null, expected: 'A list entry may not be null (the API server would read an empty one): remove it.' };
      value.forEach((v, j) => stack.push([v, `${at}[${j}]`]));
    } else if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) stack.push([v, at ? `${at}.${k}` : k]);
    }
  }
  return undefined;
}

/**
 * Checks a DaemonSet as the API server would before planning or auditing it: apps/v1, and every
 * field the library's output validator checks (types, ranges, enums, grammars), so a manifest the
 * cluster refuses is never planned as if it could run. One line: the first problem in full, then
 * the fields of the others. Returns the manifest typed.
 */
export function checkDaemonSet(ds: unknown, where: string): DaemonSetManifest {
  if (!isObject(ds)) throw new PlannerInputError(`${where}: expected a DaemonSet object, found ${describe(ds)}`);
  if (ds.kind !== 'DaemonSet') throw new PlannerInputError(`${where}: kind: expected DaemonSet, found ${ds.kind === undefined ? 'none' : JSON.stringify(ds.kind)}`);
  const apiVersion = apiVersionProblem(ds.apiVersion);
  const nullEntry = nullListEntryProblem(ds);
  const problems = [...(apiVersion ? [apiVersion] : []), ...objectProblems(ds).filter(p => p.property !== 'apiVersion'), ...(nullEntry ? [nullEntry] : [])];
  if (problems.length === 0) return ds as DaemonSetManifest;
  const [first, ...rest] = problems;
  const others = [...new Set(rest.map(p => p.property).filter(p => p !== first.property))];
  const more = others.length === 0 ? '' : ` Also invalid: ${others.join(', ')}.`;
  throw new PlannerInputError(`${describeProblem({ path: where, property: first.property, value: first.value, fix: first.expected })}${more}`);
}

const TAINT_FIELDS = ['key', 'value', 'effect'];

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
      for (const f of TAINT_FIELDS) if (!optionalString(taint[f])) c.notString(taint[f], `spec.taints[${j}].${f}`);
    });
    // Quantities are strings or numbers; anything else is refused here, before it is parsed (a
    // list nested 100,000 deep would overflow the stack as it is turned into text).
    const allocatable = c.object(c.object(node.status, 'status')?.allocatable, 'status.allocatable');
    for (const k of allocatable === undefined ? [] : Object.keys(allocatable)) {
      const q = allocatable![k];
      if (typeof q !== 'string' && typeof q !== 'number') c.fail(`status.allocatable.${k}`, `expected a quantity (e.g. "4" or "16Gi"), found ${describe(q)}`);
    }
  });
  return nodes as NodeManifest[];
}
