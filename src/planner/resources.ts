/**
 * A pod's effective requests and a node's allocatable, in the scheduler's units: what the fit
 * check (node-fit.ts) compares.
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
