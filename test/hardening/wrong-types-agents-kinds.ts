/**
 * The wrong-type matrix of the agents' tests: for a property of a given kind, the values of the
 * wrong type a JavaScript caller could pass (jsii checks nothing for them), each with the problem
 * the library must report for it. Values that are valid for the kind are left out.
 */
import { thrownBy } from './catalog';
import { ValidationError } from '../../src';
import { show } from '../../src/validation/show';

/** What a property takes. A list names one valid item, which is also tried alone (not in a list). */
export type Kind = 'string' | 'number' | 'boolean' | 'enum' | 'class' | 'map' | 'struct' | 'object' | { readonly list: unknown };

/** A kind for every property of `T` (a property added without one does not compile). */
export type Kinds<T> = { readonly [K in keyof T]-?: Kind };

/** The problem a wrong value must be reported as. */
export interface ExpectedProblem {
  readonly property: string;
  /** The value as given (compared with Object.is). */
  readonly value: unknown;
}

/** One wrong value for a property. */
export interface WrongValue {
  readonly label: string;
  readonly value: unknown;
  readonly problem: (property: string) => ExpectedProblem;
}

const whole = (label: string, value: unknown): WrongValue => ({ label, value, problem: property => ({ property, value }) });

/** The wrong values for a property of `kind` (undefined too, when the property is required). */
export function wrongValues(kind: Kind, optional: boolean): WrongValue[] {
  const list = typeof kind === 'object';
  const values: WrongValue[] = [whole('null', null), whole('NaN', NaN), whole('Infinity', Infinity)];
  if (!optional) values.push(whole('undefined', undefined));
  if (kind !== 'number') values.push(whole('a number', 42));
  if (kind !== 'string') values.push(whole('a string', 'wrong'));
  if (kind !== 'boolean') values.push(whole('a boolean', true));
  const plain = { bogus: 1 };
  if (kind === 'map') values.push({ label: 'an object with a wrong entry', value: plain, problem: p => ({ property: `${p}[bogus]`, value: 1 }) });
  else if (kind === 'struct') values.push({ label: 'an object with an unknown property', value: plain, problem: p => ({ property: `${p}.bogus`, value: 1 }) });
  else if (kind !== 'object') values.push(whole('a plain object', plain));
  const nullList = [null];
  values.push(list ? { label: '[null]', value: nullList, problem: p => ({ property: `${p}[0]`, value: null }) } : whole('[null]', nullList));
  if (list) values.push(whole('one item, not in a list', kind.list));
  return values;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Asserts that `run` throws the library's ValidationError (never a TypeError), reporting
 * `expected` at `path` (a construct path, or the API called): in `problems`, with the value as
 * given, and in the message, as "<path>: invalid <property>: <value as written>.".
 */
export function expectWrongType(run: () => unknown, path: string, expected: ExpectedProblem): ValidationError {
  const error = thrownBy(run);
  expect(error).toBeInstanceOf(ValidationError);
  const problems = (error as ValidationError).problems;
  expect(problems.map(p => p.property)).toContain(expected.property);
  const problem = problems.find(p => p.property === expected.property)!;
  expect(problem.path).toBe(path);
  expect(Object.is(problem.value, expected.value)).toBe(true);
  expect(error.message).toMatch(new RegExp(`^${escapeRegExp(path)}: invalid `));
  expect(error.message).toContain(`${path}: invalid ${expected.property}: ${show(expected.value)}. `);
  return error as ValidationError;
}

/** The rows of a schema-driven table: every property of `schema` × its wrong values. */
export function matrix(schema: object, kinds: { readonly [key: string]: Kind }): [string, string, unknown, ExpectedProblem][] {
  return Object.entries(schema).flatMap(([property, guard]) => {
    const kind = kinds[property];
    if (kind === undefined) throw new Error(`no kind for "${property}": add it to the kinds table`);
    return wrongValues(kind, (guard as { optional?: boolean }).optional === true)
      .map(w => [property, w.label, w.value, w.problem(property)] as [string, string, unknown, ExpectedProblem]);
  });
}
