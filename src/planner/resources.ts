/**
 * The "does the pod fit at all" warning (reference §6, NodeResourcesFit): the controller creates a
 * daemon pod whatever its requests, and the scheduler then leaves it Pending on a node whose
 * allocatable cannot hold it. We compare the pod's effective requests with the node's allocatable
 * alone; other pods on the node only make things worse, so a warning here is certain, its absence is not.
 */
import { PlannerInputError } from './errors';
import type { Container, PodSpec } from './k8s-types';
import { toSchedulerUnits } from './quantity';

/** Resource name → amount in scheduler units (millicores for cpu, whole units otherwise). */
export type ResourceAmounts = Map<string, number>;

function containerRequests(c: Container, where: string): ResourceAmounts {
  // API defaulting: a resource with a limit and no request is requested at its limit.
  const merged: { [name: string]: string | number } = { ...(c.resources?.limits ?? {}), ...(c.resources?.requests ?? {}) };
  const out: ResourceAmounts = new Map();
  for (const [name, value] of Object.entries(merged)) {
    const units = toSchedulerUnits(name, value);
    if (units === undefined) {
      throw new PlannerInputError(`${where}: container "${c.name ?? '?'}" resource ${name}: ${JSON.stringify(value)} is not a non-negative Kubernetes quantity (e.g. 250m, 1.5, 512Mi, 1e3)`);
    }
    out.set(name, units);
  }
  return out;
}

function add(into: ResourceAmounts, from: ResourceAmounts): void {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) + v);
}

function maxInto(into: ResourceAmounts, from: ResourceAmounts): void {
  for (const [k, v] of from) if (v > (into.get(k) ?? 0)) into.set(k, v);
}

/**
 * The pod's effective requests as the scheduler computes them: the sum of the containers plus the
 * native sidecars (init containers with `restartPolicy: Always`), or, if larger per resource, what
 * any init container needs while it runs next to the sidecars started before it.
 */
export function podRequests(spec: PodSpec, where: string): ResourceAmounts {
  const total: ResourceAmounts = new Map();
  for (const c of spec.containers ?? []) add(total, containerRequests(c, where));
  const sidecars: ResourceAmounts = new Map();
  const initPeak: ResourceAmounts = new Map();
  for (const c of spec.initContainers ?? []) {
    const req = containerRequests(c, where);
    if (c.restartPolicy === 'Always') {
      add(total, req);
      add(sidecars, req);
      maxInto(initPeak, sidecars);
    } else {
      const running = new Map(sidecars);
      add(running, req);
      maxInto(initPeak, running);
    }
  }
  maxInto(total, initPeak);
  for (const [k, v] of total) if (v === 0) total.delete(k);
  return total;
}

/** Parses `status.allocatable`; undefined when the node does not report it. */
export function nodeAllocatable(allocatable: { [name: string]: string | number } | undefined, where: string): ResourceAmounts | undefined {
  if (allocatable === undefined || allocatable === null) return undefined;
  const out: ResourceAmounts = new Map();
  for (const [name, value] of Object.entries(allocatable)) {
    const units = toSchedulerUnits(name, value);
    if (units === undefined) throw new PlannerInputError(`${where}: status.allocatable.${name}: ${JSON.stringify(value)} is not a non-negative Kubernetes quantity`);
    out.set(name, units);
  }
  return out;
}

/**
 * Fit checks for many DaemonSets on many nodes, fast. Only the resources some DaemonSet requests
 * matter, so each node's allocatable is reduced to those and interned: nodes of one pool share a
 * profile, and the answer for a (DaemonSet, profile) pair is computed once.
 */
export class FitChecker {
  private readonly names: string[];
  private readonly profiles: Float64Array[] = [];
  /** Per node: its profile number, or -1 when the node does not report allocatable. */
  public readonly nodeProfile: Int32Array;
  /** Per DaemonSet, per profile: the resources that do not fit (null: fits), computed on first use. */
  private readonly memo: Array<Array<string[] | null | undefined>>;

  constructor(private readonly requests: readonly ResourceAmounts[], allocatables: ReadonlyArray<ReadonlyMap<string, number> | undefined>) {
    const names = new Set<string>();
    for (const r of requests) for (const k of r.keys()) names.add(k);
    this.names = [...names];
    this.nodeProfile = new Int32Array(allocatables.length);
    const bySignature = new Map<string, number>();
    allocatables.forEach((alloc, i) => {
      if (alloc === undefined) {
        this.nodeProfile[i] = -1;
        return;
      }
      // A resource the node does not list counts as 0, as in the scheduler (a GPU request on a node without GPUs).
      const amounts = Float64Array.from(this.names, n => alloc.get(n) ?? 0);
      const signature = amounts.join(',');
      let id = bySignature.get(signature);
      if (id === undefined) {
        id = this.profiles.length;
        this.profiles.push(amounts);
        bySignature.set(signature, id);
      }
      this.nodeProfile[i] = id;
    });
    this.memo = requests.map(() => []);
  }

  /** The requested resources that exceed the profile's allocatable, or null when the pod fits. */
  public shortfall(daemonSet: number, profile: number): string[] | null {
    const memo = this.memo[daemonSet];
    let result = memo[profile];
    if (result === undefined) {
      const amounts = this.profiles[profile];
      const missing: string[] = [];
      for (const [name, amount] of this.requests[daemonSet]) {
        if (amount > amounts[this.names.indexOf(name)]) missing.push(name);
      }
      result = missing.length > 0 ? missing : null;
      memo[profile] = result;
    }
    return result;
  }

  /** The profile's allocatable amount of a requested resource. */
  public allocatable(profile: number, name: string): number {
    return this.profiles[profile][this.names.indexOf(name)];
  }
}
