/**
 * The rolling-update arithmetic (reference §7.2, §8): defaulting and validation of
 * `spec.updateStrategy`, then the controller's resolved maxUnavailable / maxSurge for the number of
 * desired nodes, the number of waves and the floor on the rollout's duration.
 */
import { PlannerInputError } from './errors';
import type { DaemonSetManifest } from './k8s-types';
import type { RolloutPlan } from './result';

const PERCENT = /^[0-9]+%$/;

/** The update strategy after API defaulting, validated. */
export interface UpdateStrategy {
  readonly type: 'RollingUpdate' | 'OnDelete';
  readonly maxUnavailable: number | string;
  /** Undefined when absent (the controller then uses 0). */
  readonly maxSurge: number | string | undefined;
  readonly minReadySeconds: number;
}

function checkIntOrPercent(v: unknown, field: string, where: string): void {
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0) throw new PlannerInputError(`${where}: ${field}: ${v} must be an integer >= 0 or a percentage such as "25%"`);
    return;
  }
  if (typeof v !== 'string' || !PERCENT.test(v)) {
    throw new PlannerInputError(`${where}: ${field}: ${JSON.stringify(v)} is not valid: a valid percent string must be a numeric string followed by an ending '%' (or use an integer)`);
  }
  if (parseInt(v, 10) > 100) throw new PlannerInputError(`${where}: ${field}: "${v}" must not be greater than 100%`);
}

function isZero(v: number | string | undefined): boolean {
  return v === undefined || v === 0 || (typeof v === 'string' && parseInt(v, 10) === 0);
}

/**
 * Defaults and validates `spec.updateStrategy` and `spec.minReadySeconds` as the API server does:
 * a manifest it would refuse cannot be rolled out, so we refuse it too, saying which rule and how to fix it.
 */
export function resolveUpdateStrategy(ds: DaemonSetManifest, where: string): UpdateStrategy {
  const minReadySeconds = ds.spec?.minReadySeconds ?? 0;
  if (typeof minReadySeconds !== 'number' || !Number.isInteger(minReadySeconds) || minReadySeconds < 0) {
    throw new PlannerInputError(`${where}: spec.minReadySeconds: ${JSON.stringify(minReadySeconds)} must be an integer >= 0`);
  }
  const strategy = ds.spec?.updateStrategy ?? {};
  // An empty type is defaulted like an absent one (SetDefaults_DaemonSet).
  const type = strategy.type || 'RollingUpdate';
  if (type === 'OnDelete') return { type, maxUnavailable: 0, maxSurge: 0, minReadySeconds };
  if (type !== 'RollingUpdate') {
    throw new PlannerInputError(`${where}: spec.updateStrategy.type: unsupported value ${JSON.stringify(type)}; supported values: "OnDelete", "RollingUpdate"`);
  }
  const rolling = strategy.rollingUpdate ?? {};
  const maxUnavailable = rolling.maxUnavailable ?? 1;
  const maxSurge = rolling.maxSurge ?? 0;
  checkIntOrPercent(maxUnavailable, 'spec.updateStrategy.rollingUpdate.maxUnavailable', where);
  checkIntOrPercent(maxSurge, 'spec.updateStrategy.rollingUpdate.maxSurge', where);
  if (!isZero(maxUnavailable) && !isZero(maxSurge)) {
    const hint = rolling.maxUnavailable === undefined ? ' (maxUnavailable defaults to 1: set maxUnavailable: 0 to surge)' : '';
    throw new PlannerInputError(`${where}: spec.updateStrategy.rollingUpdate.maxSurge: ${JSON.stringify(maxSurge)} may not be set when maxUnavailable is non-zero${hint}`);
  }
  if (isZero(maxUnavailable) && isZero(maxSurge)) {
    throw new PlannerInputError(`${where}: spec.updateStrategy.rollingUpdate.maxUnavailable: cannot be 0 when maxSurge is 0`);
  }
  return { type, maxUnavailable, maxSurge: rolling.maxSurge ?? undefined, minReadySeconds };
}

/** `GetScaledValueFromIntOrPercent(v, total, roundUp=true)`: ints as they are, percentages rounded up. */
export function scaledValue(v: number | string, total: number): number {
  if (typeof v === 'number') return v;
  return Math.ceil((parseInt(v, 10) * total) / 100);
}

/**
 * `updatedDesiredNodeCounts` plus waves and duration. The fallback to maxUnavailable 1 when both
 * resolve to 0 is the controller's guard for configurations validation rejects; with a valid
 * strategy and desired > 0 a non-zero setting always resolves to at least 1.
 */
export function planRollout(strategy: UpdateStrategy, desired: number): RolloutPlan {
  if (strategy.type === 'OnDelete') {
    return { strategy: 'OnDelete', desiredNumberScheduled: desired, maxUnavailable: 0, maxSurge: 0, waves: 0, minReadySeconds: strategy.minReadySeconds, minDurationSeconds: 0 };
  }
  let maxUnavailable = scaledValue(strategy.maxUnavailable, desired);
  const maxSurge = strategy.maxSurge === undefined ? 0 : scaledValue(strategy.maxSurge, desired);
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  // With surge the controller creates up to maxSurge new pods at a time and ignores maxUnavailable.
  const batch = maxSurge > 0 ? maxSurge : maxUnavailable;
  const waves = desired === 0 ? 0 : Math.ceil(desired / batch);
  return {
    strategy: 'RollingUpdate',
    desiredNumberScheduled: desired,
    maxUnavailable,
    maxSurge,
    waves,
    minReadySeconds: strategy.minReadySeconds,
    minDurationSeconds: waves * strategy.minReadySeconds,
  };
}
