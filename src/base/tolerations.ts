import { Duration } from 'cdk8s';
import { assertValid, Problem } from './errors';
import { labelValueProblems, qualifiedNameProblems } from './names';
import { isString, oneOf, optional, propsProblems, Schema } from '../validation/guards';
import { isDuration } from '../validation/plus-schemas';

/** The effect of a taint, and so the effect a toleration matches. */
export enum TaintEffect {
  /** New pods are not scheduled; running pods stay. */
  NO_SCHEDULE = 'NoSchedule',
  /** The scheduler avoids the node but may still use it. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** New pods are not scheduled and running pods are evicted. */
  NO_EXECUTE = 'NoExecute',
}

/** How a toleration compares its value with the taint's. */
export enum TolerationOperator {
  /** The taint's value must equal the toleration's value. */
  EQUAL = 'Equal',
  /** Any value (and, with no key, any taint). */
  EXISTS = 'Exists',
}

/** Options for a toleration. */
export interface TolerationProps {
  /**
   * The taint key to match.
   * @default - every key; only valid with `TolerationOperator.EXISTS`
   */
  readonly key?: string;
  /**
   * How to compare the value.
   * @default TolerationOperator.EQUAL
   */
  readonly operator?: TolerationOperator;
  /**
   * The taint value to match; only with `TolerationOperator.EQUAL`.
   * @default ""
   */
  readonly value?: string;
  /**
   * The taint effect to match.
   * @default - every effect
   */
  readonly effect?: TaintEffect;
  /**
   * How long a running pod stays after a matching NoExecute taint appears; only with `TaintEffect.NO_EXECUTE`.
   * @default - forever
   */
  readonly tolerationSeconds?: Duration;
}

const isTaintEffect = oneOf(TaintEffect, 'TaintEffect');

/** The runtime shape of TolerationProps (what the API server would refuse is checked when the toleration is added). */
export const TOLERATION_PROPS_SCHEMA: Schema<TolerationProps> = {
  key: optional(isString),
  operator: optional(oneOf(TolerationOperator, 'TolerationOperator')),
  value: optional(isString),
  effect: optional(isTaintEffect),
  tolerationSeconds: optional(isDuration),
};

/**
 * A toleration: lets the agent's pods run on nodes with a matching taint.
 *
 * Validated as the API server validates it (pkg/apis/core/validation ValidateTolerations) when
 * added to an agent, so a toleration Kubernetes would refuse never reaches the YAML.
 */
export class Toleration {
  /** A toleration from its fields. */
  public static of(props: TolerationProps): Toleration {
    assertValid('Toleration.of', propsProblems(props, TOLERATION_PROPS_SCHEMA, 'TolerationProps', true)
      .map(p => (p.property === '' ? { ...p, property: 'props' } : p)));
    return new Toleration(props);
  }

  /** Tolerates the taint `key` with any value (and, given `effect`, only that effect). */
  public static exists(key: string, effect?: TaintEffect): Toleration {
    assertValid('Toleration.exists', [...isString(key, 'key'), ...optional(isTaintEffect)(effect, 'effect')]);
    return new Toleration({ key, operator: TolerationOperator.EXISTS, effect });
  }

  /** Tolerates the taint `key=value` (and, given `effect`, only that effect). */
  public static equal(key: string, value: string, effect?: TaintEffect): Toleration {
    assertValid('Toleration.equal', [...isString(key, 'key'), ...isString(value, 'value'), ...optional(isTaintEffect)(effect, 'effect')]);
    return new Toleration({ key, operator: TolerationOperator.EQUAL, value, effect });
  }

  /**
   * Tolerates every taint. What a CNI or log collector needs: it must run on every node,
   * including NotReady ones (the network agent is what makes them Ready).
   */
  public static everything(): Toleration {
    return new Toleration({ operator: TolerationOperator.EXISTS });
  }

  /** Tolerates every taint of one effect, e.g. every NoSchedule taint. */
  public static allWithEffect(effect: TaintEffect): Toleration {
    assertValid('Toleration.allWithEffect', isTaintEffect(effect, 'effect'));
    return new Toleration({ operator: TolerationOperator.EXISTS, effect });
  }

  /**
   * Tolerates the NoExecute taints the node lifecycle controller sets for node conditions
   * (not-ready, unreachable), so a running agent is not evicted while its node is unhealthy.
   * The DaemonSet controller adds these two itself; set them explicitly to make the intent visible.
   */
  public static noExecuteConditions(): Toleration[] {
    return ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']
      .map(key => Toleration.exists(key, TaintEffect.NO_EXECUTE));
  }

  /** Tolerates the control-plane taint (`node-role.kubernetes.io/control-plane:NoSchedule`). */
  public static controlPlane(): Toleration {
    return Toleration.exists('node-role.kubernetes.io/control-plane', TaintEffect.NO_SCHEDULE);
  }

  /** Tolerates `CriticalAddonsOnly`, the taint some platforms put on system node pools. */
  public static criticalAddonsOnly(): Toleration {
    return Toleration.exists('CriticalAddonsOnly');
  }

  /** Tolerates `nvidia.com/gpu:NoSchedule`, the taint GPU node pools carry. */
  public static nvidiaGpu(): Toleration {
    return Toleration.exists('nvidia.com/gpu', TaintEffect.NO_SCHEDULE);
  }

  /** The taint key, or undefined for every key. */
  public readonly key?: string;
  /** The comparison. */
  public readonly operator: TolerationOperator;
  /** The value compared with `Equal`. */
  public readonly value?: string;
  /** The effect matched, or undefined for every effect. */
  public readonly effect?: TaintEffect;
  /** How long a pod stays after a NoExecute taint, or undefined for forever. */
  public readonly tolerationSeconds?: Duration;

  private constructor(props: TolerationProps) {
    this.key = props.key;
    this.operator = props.operator ?? TolerationOperator.EQUAL;
    this.value = props.value;
    this.effect = props.effect;
    this.tolerationSeconds = props.tolerationSeconds;
  }

  /** The toleration as it appears in a pod spec. */
  public toJson(): any {
    return {
      key: this.key,
      operator: this.operator,
      value: this.value,
      effect: this.effect,
      tolerationSeconds: this.tolerationSeconds?.toSeconds(),
    };
  }
}

/** What the API server would refuse in a toleration. */
export function tolerationProblems(t: Toleration, property: string): Problem[] {
  const problems: Problem[] = [];
  const exists = t.operator === TolerationOperator.EXISTS;
  if (t.key === undefined || t.key === '') {
    if (!exists) problems.push({ property: `${property}.key`, value: t.key, expected: 'An empty key matches every taint and needs operator Exists: use Toleration.everything() or Toleration.allWithEffect(effect), or give a key.' });
  } else {
    problems.push(...qualifiedNameProblems(`${property}.key`, t.key));
  }
  if (exists && t.value) {
    problems.push({ property: `${property}.value`, value: t.value, expected: 'Operator Exists matches any value and takes none: drop the value, or use Toleration.equal(key, value).' });
  }
  if (!exists && t.value) problems.push(...labelValueProblems(`${property}.value`, t.value));
  if (!Object.values(TolerationOperator).includes(t.operator)) {
    problems.push({ property: `${property}.operator`, value: t.operator, expected: 'Use TolerationOperator.EQUAL or TolerationOperator.EXISTS.' });
  }
  if (t.effect !== undefined && !Object.values(TaintEffect).includes(t.effect)) {
    problems.push({ property: `${property}.effect`, value: t.effect, expected: 'Use TaintEffect.NO_SCHEDULE, PREFER_NO_SCHEDULE or NO_EXECUTE, or leave it unset to match every effect.' });
  }
  if (t.tolerationSeconds !== undefined) {
    const millis = t.tolerationSeconds.toMilliseconds({ integral: false });
    if (millis % 1000 !== 0) {
      // Kubernetes counts it in whole seconds; cdk8s would throw its own error at synth.
      problems.push({ property: `${property}.tolerationSeconds`, value: `${millis}ms`, expected: 'Use a whole number of seconds, e.g. Duration.seconds(300).' });
    } else if (t.effect !== TaintEffect.NO_EXECUTE) {
      problems.push({ property: `${property}.tolerationSeconds`, value: millis / 1000, expected: 'tolerationSeconds only applies to NoExecute taints: set effect TaintEffect.NO_EXECUTE or drop tolerationSeconds.' });
    }
  }
  return problems;
}
