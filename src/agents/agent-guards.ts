/**
 * Runtime guards the agents add to the generic ones (src/validation): guards with the agents'
 * own examples, the `extraEnv` value guard that names the exact fix for a plain string, and the
 * check of a factory's options argument. Internal (not exported from index.ts).
 */
import { EnvValue, SecretValue } from 'cdk8s-plus-28';
import { assertValid, Problem } from '../base/errors';
import { isString, propsProblems, RequiredGuard, Schema, shaped, struct } from '../validation/guards';
import { isSecret } from '../validation/plus-schemas';

function guard(describe: string, check: (value: unknown, property: string) => Problem[]): RequiredGuard {
  return Object.assign(check, { describe });
}

/** A string, described by an example of a valid one (the value rules stay with the agent). */
export function text(example: string): RequiredGuard {
  return shaped(`a string, e.g. ${JSON.stringify(example)}`, v => typeof v === 'string');
}

/**
 * A finite number, described by what it counts. Whether it must be whole, and its range, stay
 * with the agent's value checks, which name the construct and the rule.
 */
export function count(describe: string): RequiredGuard {
  return shaped(describe, v => typeof v === 'number' && Number.isFinite(v));
}

/** A port number (whole and from 1 to 65535: checked by the agent, with the port's own rules). */
export function port(example: number): RequiredGuard {
  return count(`a port number from 1 to 65535, e.g. ${example}`);
}

/** A plain object (not null, a list or a class instance other than Object). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A cdk8s-plus EnvValue. A plain string (or number, or boolean) is what JavaScript callers
 * write most often, and cdk8s-plus would drop it without a word: the fix names the call to wrap
 * it in.
 */
export const isExtraEnvValue: RequiredGuard = guard('an EnvValue, e.g. EnvValue.fromValue("1")', (value, property) => {
  if (value instanceof EnvValue) return [];
  const fix = ['string', 'number', 'boolean'].includes(typeof value)
    ? `Wrap the value in an EnvValue: EnvValue.fromValue(${JSON.stringify(String(value))}).`
    : 'Give an EnvValue, e.g. EnvValue.fromValue("1"), EnvValue.fromSecretValue(...) or EnvValue.fromFieldRef(...).';
  return [{ property, value, expected: fix }];
});

/** A reference to a key of a Secret, e.g. `{ secret: Secret.fromSecretName(this, 'Creds', 'loki-creds'), key: 'password' }`. */
export const isSecretValue = struct<SecretValue>({ secret: isSecret, key: isString }, 'SecretValue');

/**
 * The problems of a factory's options (or props) argument, `argument` naming it when the whole
 * value is wrong ("options: null"); a wrong property is named as the caller wrote it ("url").
 */
export function optionsProblems<T>(value: unknown, argument: string, schema: Schema<T>, name: string, required = false): Problem[] {
  return propsProblems(value, schema, name, required, argument);
}

/** Throws every shape problem of one call of a factory or method, under the API's name. */
export function checkCall(api: string, ...problems: Problem[][]): void {
  assertValid(api, problems.flat());
}

