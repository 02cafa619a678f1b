/**
 * Wrong types at public entry points (static factories, methods, constructors with positional
 * arguments, rest parameters and nested props): every public entry point is described once, by its parameters' shapes
 * and a valid call; the harness derives every wrong input from the shapes (null, undefined where
 * required, NaN, Infinity, a number where a string goes, a string where a number or class goes, a
 * plain object where a class instance goes, [null] in lists, a non-array where a list goes, a
 * wrong field in a props object, an unknown field) and checks that each is refused with the
 * library's own error, naming the API or construct, the property and the value as given.
 */
import { Chart, Testing } from 'cdk8s';
import { ValidationError } from '../../src';

/** The shape of a parameter or field. */
export type Shape =
  | { readonly kind: 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'class' | 'construct' | 'array' | 'object' }
  | { readonly kind: 'list' | 'map'; readonly of: Shape }
  | {
    readonly kind: 'struct';
    readonly fields: Record<string, Field>;
    /** A valid value, changed one field at a time. */
    readonly valid: Record<string, unknown>;
    /** Fields are named without the parameter's name (`key`, not `props.key`), as for props. */
    readonly bare?: boolean;
    /** Fields the schema does not know are accepted (pass-through objects, the library's own results). */
    readonly allowUnknown?: boolean;
  };

/** A field of a struct. */
export interface Field {
  readonly shape: Shape;
  /** undefined is accepted (null never is). */
  readonly optional?: boolean;
}

/** A positional parameter. */
export interface Param extends Field {
  readonly name: string;
  /** A rest parameter (`...values`): wrong values are passed as its elements. */
  readonly rest?: boolean;
  /** Where its problems are reported, when not the entry point's `where` (a constructor's scope and id). */
  readonly where?: string;
}

/** One public entry point. */
export interface EntryPoint {
  /** The API, e.g. "Toleration.exists" or "new AgentNamespace". */
  readonly api: string;
  /** Where problems are reported: the API's name or the construct path; defaults to `api`. */
  readonly where?: string;
  /** The error class expected. */
  readonly error?: 'ValidationError' | 'PlannerInputError';
  readonly params: readonly Param[];
  /** A fresh receiver and valid arguments (rest parameters spread at the end). */
  readonly setup: () => { readonly call: (...args: unknown[]) => unknown; readonly args: readonly unknown[] };
}

/** One wrong input: the value passed, the property the error must name, and the value it must report and show. */
export interface WrongValue {
  readonly value: unknown;
  readonly property: string;
  /** The value the problem reports (the wrong element or field itself, compared with Object.is). */
  readonly problemValue: unknown;
  readonly shown: string;
}

/** A value as the library's messages show it (only the simple values used here). */
export function shown(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(shown).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}:${shown(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const wrong = (value: unknown, property: string): WrongValue => ({ value, property, problemValue: value, shown: shown(value) });

/** The values of the wrong type for a shape (each replaces the whole value at `property`). */
function wrongScalars(shape: Shape): unknown[] {
  switch (shape.kind) {
    case 'string': return [NaN, Infinity, 42, {}, ['a']];
    case 'number': return [NaN, Infinity, -Infinity, '42', {}];
    case 'integer': return [NaN, Infinity, '42', 1.5];
    case 'boolean': return [NaN, 'true', 1];
    case 'enum': return [NaN, 'Bogus', 42];
    case 'class': return [NaN, Infinity, 'x', 42, {}];
    case 'construct': return [NaN, 'x', {}];
    case 'object': return [NaN, Infinity, 'x', 42, ['a']];
    case 'array':
    case 'list': return [NaN, 'x', {}];
    case 'map': return [NaN, 'x', ['a']];
    case 'struct': return [NaN, 'x', 42, []];
  }
}

/** Every wrong value for a shape at `property`. */
export function wrongValues(shape: Shape, property: string, optional = false): WrongValue[] {
  const cases = [wrong(null, property), ...(optional ? [] : [wrong(undefined, property)]), ...wrongScalars(shape).map(v => wrong(v, property))];
  if (shape.kind === 'list') {
    // [null], [undefined] and a list holding a wrong element.
    for (const element of wrongValues(shape.of, `${property}[0]`)) cases.push({ ...element, value: [element.value] });
  }
  if (shape.kind === 'map') {
    for (const entry of wrongValues(shape.of, `${property}[k]`)) cases.push({ ...entry, value: { k: entry.value } });
  }
  if (shape.kind === 'struct') {
    const at = (key: string) => (shape.bare ? key : `${property}.${key}`);
    for (const [key, field] of Object.entries(shape.fields)) {
      for (const c of wrongValues(field.shape, at(key), field.optional)) cases.push({ ...c, value: { ...shape.valid, [key]: c.value } });
    }
    if (!shape.allowUnknown) cases.push({ value: { ...shape.valid, bogus: 1 }, property: at('bogus'), problemValue: 1, shown: '1' });
  }
  return cases;
}

/** Every (entry point, parameter, wrong value) case, named for the test list. */
export function allCases(entries: readonly EntryPoint[]): [string, EntryPoint, number, WrongValue][] {
  const out: [string, EntryPoint, number, WrongValue][] = [];
  for (const entry of entries) {
    entry.params.forEach((param, index) => {
      // A rest parameter's wrong values are passed as its one element.
      const values = param.rest ? wrongValues(param.shape, `${param.name}[0]`) : wrongValues(param.shape, param.name, param.optional);
      for (const c of values) out.push([`${entry.api}: ${c.property} = ${c.shown}`, entry, index, c]);
    });
  }
  return out;
}

/** Calls the entry point with the `index`th parameter replaced by `value`; returns what it threw. */
export function thrownWith(entry: EntryPoint, index: number, value: unknown): unknown {
  const { call, args } = entry.setup();
  const param = entry.params[index];
  const changed = [...args];
  if (param.rest) changed.splice(index, changed.length - index, value);
  else changed[index] = value;
  try {
    call(...changed);
  } catch (e) {
    return e;
  }
  return undefined;
}

/**
 * Asserts the error is the library's (never a TypeError), naming where, the property and the value
 * as given: in the message ("<where>: invalid <property>: <value as written>. <fix>") and, for a
 * ValidationError, in its `problems`.
 */
export function expectRefused(error: unknown, entry: EntryPoint, index: number, c: WrongValue): void {
  expect(error).toBeDefined();
  expect(error).not.toBeInstanceOf(TypeError);
  expect(error).not.toBeInstanceOf(RangeError);
  const expectedClass = entry.error ?? 'ValidationError';
  expect((error as Error).name).toBe(expectedClass);
  const where = entry.params[index].where ?? entry.where ?? entry.api;
  expect((error as Error).message).toMatch(new RegExp(`^${escapeRegExp(where)}: invalid `));
  expect((error as Error).message).toContain(`${where}: invalid ${c.property}: ${c.shown}. `);
  if (expectedClass === 'ValidationError') {
    expect(error).toBeInstanceOf(ValidationError);
    const problem = (error as ValidationError).problems.find(p => p.property === c.property);
    expect(problem).toBeDefined();
    expect(problem!.path).toBe(where);
    expect(Object.is(problem!.value, c.problemValue)).toBe(true);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Registers the tests for a table of entry points. */
export function wrongTypes(entries: readonly EntryPoint[]): void {
  test.each(entries.map(e => [e.api, e] as const))('%s accepts its valid arguments', (_api, entry) => {
    const { call, args } = entry.setup();
    expect(() => call(...args)).not.toThrow();
  });

  test.each(allCases(entries))('%s is refused', (_name, entry, index, c) => {
    expectRefused(thrownWith(entry, index, c.value), entry, index, c);
  });
}

/** A fresh chart with id "test" (so construct paths start with "test/"). */
export function chart(): Chart {
  return new Chart(Testing.app(), 'test');
}

// Shapes used by many entry points.
export const STRING: Shape = { kind: 'string' };
export const NUMBER: Shape = { kind: 'number' };
export const INTEGER: Shape = { kind: 'integer' };
export const BOOLEAN: Shape = { kind: 'boolean' };
export const ENUM: Shape = { kind: 'enum' };
export const CLASS: Shape = { kind: 'class' };
export const CONSTRUCT: Shape = { kind: 'construct' };
export const listOf = (of: Shape): Shape => ({ kind: 'list', of });
export const mapOf = (of: Shape): Shape => ({ kind: 'map', of });

/** The scope and id parameters of a constructor (reported under the API's name: there is no path yet). */
export const constructorParams = (api: string): Param[] => [
  { name: 'scope', shape: CONSTRUCT, where: api },
  { name: 'id', shape: STRING, where: api },
];
