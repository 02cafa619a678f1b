import { assertValid, Problem, show } from './errors';
import { instanceOf, isNumber, isString, optional, propsProblems, Schema } from '../validation/guards';

const PERCENT = /^[0-9]+%$/;
const INT32_MAX = 2147483647;

/**
 * A rolling-update limit: a number of nodes or a percentage of the nodes that run the agent.
 * The DaemonSet controller rounds percentages up (unlike Deployments), so `10%` of 25 nodes is 3.
 */
export class UpdateLimit {
  /** A fixed number of nodes. */
  public static nodes(count: number): UpdateLimit {
    // A finite number here; a whole one of 0 or more where the strategy is used, with its other rules.
    assertValid('UpdateLimit.nodes', isNumber(count, 'count'));
    return new UpdateLimit(count);
  }

  /** A percentage (0-100) of the nodes the DaemonSet runs on, rounded up. */
  public static percent(percentage: number): UpdateLimit {
    assertValid('UpdateLimit.percent', isNumber(percentage, 'percentage'));
    return new UpdateLimit(`${percentage}%`);
  }

  /** Parses a value as written in YAML: an integer ("2") or a percentage ("10%"). */
  public static parse(value: string): UpdateLimit {
    assertValid('UpdateLimit.parse', isString(value, 'value'));
    return new UpdateLimit(/^-?[0-9]+$/.test(value) ? Number(value) : value);
  }

  private constructor(private readonly value: number | string) {}

  /** True when the limit allows no pods (0 or 0%). */
  public get isZero(): boolean {
    return this.value === 0 || this.value === '0%';
  }

  /** The limit as written in the manifest: a number or a percent string. */
  public toJson(): any {
    return this.value;
  }

  /** @internal What the API server would refuse in this limit. */
  public _problems(property: string): Problem[] {
    const v = this.value;
    if (typeof v === 'number') {
      if (!Number.isInteger(v) || v < 0) return [{ property, value: v, expected: 'Use a whole number of nodes of 0 or more, e.g. UpdateLimit.nodes(1), or a percentage, e.g. UpdateLimit.percent(10).' }];
      if (v > INT32_MAX) return [{ property, value: v, expected: `Kubernetes stores the count as a 32-bit integer: use at most ${INT32_MAX} nodes, or UpdateLimit.percent(100) for every node.` }];
      return [];
    }
    if (!PERCENT.test(v)) return [{ property, value: v, expected: 'Use a whole percentage from 0% to 100%, e.g. UpdateLimit.percent(10) ("10%"), or a node count, e.g. UpdateLimit.nodes(1).' }];
    if (parseInt(v, 10) > 100) return [{ property, value: v, expected: 'A percentage must not be greater than 100%: use UpdateLimit.percent(100) to update every node at once.' }];
    return [];
  }
}

/** Options for a rolling update. */
export interface RollingUpdateOptions {
  /**
   * How many nodes may be without a ready agent pod during the update.
   * @default - 1, or 0 when `maxSurge` is set (Kubernetes requires exactly one of the two to be non-zero)
   */
  readonly maxUnavailable?: UpdateLimit;
  /**
   * How many nodes may run an extra, new pod beside the old one during the update
   * ("create first": the old pod goes once the new one is available).
   * @default - 0 (delete the old pod first)
   */
  readonly maxSurge?: UpdateLimit;
}

const isUpdateLimit = instanceOf(UpdateLimit, 'UpdateLimit.nodes(1)');

/** Whether a props check's problem is about the whole argument (reported unnamed or as "props"), not one of its fields. */

/** The runtime shape of RollingUpdateOptions (the pair's rules are checked where the strategy is used). */
export const ROLLING_UPDATE_OPTIONS_SCHEMA: Schema<RollingUpdateOptions> = {
  maxUnavailable: optional(isUpdateLimit),
  maxSurge: optional(isUpdateLimit),
};

/** The kind of update strategy. */
export enum UpdateStrategyType {
  /** Replace pods automatically, node by node within the limits. */
  ROLLING_UPDATE = 'RollingUpdate',
  /** Replace a pod only when someone deletes it. */
  ON_DELETE = 'OnDelete',
}

/** How the DaemonSet replaces its pods when the template changes. */
export class UpdateStrategy {
  /**
   * Replace pods automatically. Give `maxUnavailable` to delete old pods first (no extra pod per
   * node, the agent is briefly absent), or `maxSurge` to start the new pod first (the agent is
   * never absent; needs room for two pods and no host-port clash between them).
   */
  public static rollingUpdate(options: RollingUpdateOptions = {}): UpdateStrategy {
    assertValid('UpdateStrategy.rollingUpdate', propsProblems(options, ROLLING_UPDATE_OPTIONS_SCHEMA, 'RollingUpdateOptions', true, 'options'));
    return new UpdateStrategy(UpdateStrategyType.ROLLING_UPDATE, options);
  }

  /** Replace a pod only when it is deleted: for agents upgraded by hand, node by node. */
  public static onDelete(): UpdateStrategy {
    return new UpdateStrategy(UpdateStrategyType.ON_DELETE, {});
  }

  /** The strategy type. */
  public readonly type: UpdateStrategyType;
  /** The resolved maxUnavailable, for a rolling update. */
  public readonly maxUnavailable?: UpdateLimit;
  /** The resolved maxSurge, for a rolling update. */
  public readonly maxSurge?: UpdateLimit;

  private constructor(type: UpdateStrategyType, options: RollingUpdateOptions) {
    this.type = type;
    if (type === UpdateStrategyType.ROLLING_UPDATE) {
      // Setting only maxSurge clearly asks for "create first"; Kubernetes would default
      // maxUnavailable to 1 and then refuse the pair, so write the 0 it needs.
      const surge = options.maxSurge;
      this.maxSurge = surge ?? UpdateLimit.nodes(0);
      this.maxUnavailable = options.maxUnavailable ?? (surge && !surge.isZero ? UpdateLimit.nodes(0) : UpdateLimit.nodes(1));
    }
  }

  /** The `updateStrategy` field of the DaemonSet spec. */
  public toJson(): any {
    if (this.type === UpdateStrategyType.ON_DELETE) return { type: this.type };
    return {
      type: this.type,
      rollingUpdate: { maxUnavailable: this.maxUnavailable!.toJson(), maxSurge: this.maxSurge!.toJson() },
    };
  }

  /** @internal What the API server would refuse in this strategy (ValidateRollingUpdateDaemonSet). */
  public _problems(property: string): Problem[] {
    if (this.type === UpdateStrategyType.ON_DELETE) return [];
    const unavailable = this.maxUnavailable!;
    const surge = this.maxSurge!;
    const problems = [
      ...unavailable._problems(`${property}.maxUnavailable`),
      ...surge._problems(`${property}.maxSurge`),
    ];
    if (problems.length > 0) return problems;
    if (unavailable.isZero && surge.isZero) {
      problems.push({ property: `${property}.maxUnavailable`, value: unavailable.toJson(), expected: 'maxUnavailable cannot be 0 when maxSurge is 0, or the update could never start: set maxUnavailable (e.g. UpdateLimit.nodes(1)) or maxSurge (e.g. UpdateLimit.nodes(1)).' });
    } else if (!unavailable.isZero && !surge.isZero) {
      problems.push({ property: `${property}.maxSurge`, value: surge.toJson(), expected: `maxSurge may not be set when maxUnavailable is non-zero (${show(unavailable.toJson())}): choose one, e.g. { maxSurge: ${show(surge.toJson())} } alone to create new pods first, or { maxUnavailable: ${show(unavailable.toJson())} } alone to delete old pods first.` });
    }
    return problems;
  }
}
