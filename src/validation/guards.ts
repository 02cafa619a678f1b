/**
 * Runtime type guards for every public entry point. jsii gives JavaScript callers no type checks,
 * so a number where a `Duration` goes, `null` in a list or a plain object for a class would
 * otherwise surface as a TypeError deep inside cdk8s, or be silently dropped. A guard checks the
 * shape only; the value rules (ranges, grammars) stay with the building block that owns them.
 *
 * Each props interface has a `Schema` beside it whose type requires a guard for every property,
 * so a property added without a guard does not compile.
 */
import { Construct, IConstruct } from 'constructs';
import { assertValid, Problem } from '../base/errors';

/** Checks one value; returns the problems found (none when the value has the right shape). */
export interface Guard {
  (value: unknown, property: string): Problem[];
  /** What a valid value is, phrased after "Give ...". */
  readonly describe: string;
  /** Whether `undefined` is accepted. */
  readonly optional?: boolean;
  /**
   * Whether the value passes, with no problem built: valid input, by far the most common, is
   * checked without allocating a property path or a list per field. Guards without it are called.
   */
  readonly accepts?: (value: unknown) => boolean;
}

/** A guard for a required property. */
export type RequiredGuard = Guard & { readonly optional?: false };
/** A guard for an optional property. */
export type OptionalGuard = Guard & { readonly optional: true };

/** A guard for every property of `T`: optional properties need an optional guard. */
export type Schema<T> = { readonly [K in keyof T]-?: undefined extends T[K] ? OptionalGuard : RequiredGuard };

function guard(describe: string, check: (value: unknown, property: string) => Problem[], accepts?: (value: unknown) => boolean): RequiredGuard {
  // Every guard gets the same properties in the same order, so reading them stays monomorphic.
  return Object.assign(check, { describe, optional: false as const, accepts });
}

/** Whether `check` finds no problem with `value`. */
export function passes(check: Guard, value: unknown): boolean {
  return check.accepts ? check.accepts(value) : check(value, '').length === 0;
}

function wrongType(property: string, value: unknown, describe: string, omittable = false): Problem[] {
  const omit = omittable ? ', or leave it out' : '';
  return [{ property, value, expected: `Give ${describe}${omit}.` }];
}

/** A value of a type checked by `test`. */
export function shaped(describe: string, test: (value: unknown) => boolean): RequiredGuard {
  return guard(describe, (value, property) => test(value) ? [] : wrongType(property, value, describe), test);
}

/** Accepts `undefined` too. */
export function optional(inner: Guard): OptionalGuard {
  const check = (value: unknown, property: string): Problem[] => {
    if (value === undefined) return [];
    if (value === null) return wrongType(property, value, inner.describe, true);
    return inner(value, property);
  };
  const accepts = (value: unknown) => value === undefined || (value !== null && passes(inner, value));
  return Object.assign(check, { describe: inner.describe, optional: true as const, accepts });
}

/** A string. */
export const isString = shaped('a string', v => typeof v === 'string');
/** true or false. */
export const isBoolean = shaped('true or false', v => typeof v === 'boolean');
/** A finite number. */
export const isNumber = shaped('a finite number', v => typeof v === 'number' && Number.isFinite(v));
/** A whole number (the range is the building block's to check). */
export const isInteger = shaped('a whole number', v => typeof v === 'number' && Number.isInteger(v));
/** A construct. */
export const isConstruct = shaped('a construct (e.g. a Chart)', v => Construct.isConstruct(v));

/**
 * The packages whose classes users pass in, as this library resolves them. A class of the same
 * name from another copy (cdk8s-plus-33, as `cdk8s init` installs, or a second cdk8s) is not an
 * instance of ours, and says nothing more than "wrong type" unless the message names the package.
 */
const CLASS_PACKAGES = ['cdk8s-plus-28', 'cdk8s'] as const;

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
function packageOf(type: Function): string | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return CLASS_PACKAGES.find(name => (require(name) as Record<string, unknown>)[type.name] === type);
}

/** Whether `value` is an instance of a class named like `type`, but not `type` itself. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
function isForeignCopy(value: unknown, type: Function): boolean {
  for (let proto = typeof value === 'object' && value !== null ? Object.getPrototypeOf(value) : null; proto; proto = Object.getPrototypeOf(proto)) {
    if (proto.constructor?.name === type.name) return true;
  }
  return false;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
const instanceGuards = new Map<Function, Map<string, RequiredGuard>>();

/** An instance of a class, e.g. `instanceOf(Duration, 'Duration.seconds(10)')`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function instanceOf(type: Function, example: string): RequiredGuard {
  // Methods build their guard at every call: one per class and example, as finding the class's package loads modules.
  let byExample = instanceGuards.get(type);
  if (byExample === undefined) {
    byExample = new Map<string, RequiredGuard>();
    instanceGuards.set(type, byExample);
  }
  const known = byExample.get(example);
  if (known) return known;
  const made = newInstanceGuard(type, example);
  byExample.set(example, made);
  return made;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
function newInstanceGuard(type: Function, example: string): RequiredGuard {
  const describe = `${/^[AEIOU]/.test(type.name) ? 'an' : 'a'} ${type.name}, e.g. ${example}`;
  const pkg = packageOf(type);
  const foreign = pkg === undefined ? undefined : `Give ${describe}. ${pkg === 'cdk8s'
    ? `This ${type.name} comes from another copy of cdk8s: keep one cdk8s in the app (\`npm ls cdk8s\`, then \`npm dedupe\`).`
    : `This ${type.name} comes from another cdk8s-plus (e.g. cdk8s-plus-33, which \`cdk8s init\` installs): `
      + 'import it from \'cdk8s-daemonsets/lib/kplus\', the cdk8s-plus-28 this library is built on.'}`;
  return guard(describe, (value, property) => {
    if (value instanceof type) return [];
    if (foreign !== undefined && isForeignCopy(value, type)) return [{ property, value, expected: foreign }];
    return wrongType(property, value, describe);
  }, value => value instanceof type);
}

/** One of the values of a TypeScript enum (or a list of allowed strings). */
export function oneOf(values: object | readonly unknown[], name: string): RequiredGuard {
  const allowed = Array.isArray(values) ? values : Object.values(values);
  const shown = allowed.map(v => JSON.stringify(v)).join(', ');
  return shaped(`one of ${name}: ${shown}`, v => allowed.includes(v));
}

/** A string matching `pattern` (a grammar every caller of the factory must use). */
export function matching(pattern: RegExp, describe: string): RequiredGuard {
  return shaped(describe, v => typeof v === 'string' && pattern.test(v));
}

/** An array whose elements each pass `element`. */
export function listOf(element: Guard): RequiredGuard {
  const describe = `a list whose items are each ${element.describe}`;
  const accepts = (value: unknown) => Array.isArray(value) && value.every(item => item !== undefined && item !== null && passes(element, item));
  return guard(describe, (value, property) => {
    if (accepts(value)) return [];
    if (!Array.isArray(value)) return wrongType(property, value, describe);
    return value.flatMap((item, i) => item === undefined || item === null
      ? wrongType(`${property}[${i}]`, item, element.describe)
      : element(item, `${property}[${i}]`));
  }, accepts);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A map (a plain object) whose values each pass `entry`. */
export function mapOf(entry: Guard): RequiredGuard {
  const describe = `an object whose values are each ${entry.describe}`;
  const accepts = (value: unknown): boolean => {
    if (!isPlainObject(value)) return false;
    for (const key in value) {
      const item = value[key];
      if (item === undefined || item === null || !passes(entry, item)) return false;
    }
    return true;
  };
  return guard(describe, (value, property) => {
    if (accepts(value)) return [];
    if (!isPlainObject(value)) return wrongType(property, value, describe);
    return Object.entries(value).flatMap(([key, item]) => item === undefined || item === null
      ? wrongType(`${property}[${key}]`, item, entry.describe)
      : entry(item, `${property}[${key}]`));
  }, accepts);
}

/**
 * The mark on props the library built itself, from arguments it had checked, for its own
 * constructors and methods (an agent's NodeAgent props and main container, the Service and
 * ClusterRole objects it creates): every struct guard accepts them without checking their shape
 * a second time. A symbol only this module holds, defined on the object: a WeakSet of them all
 * cost more, in every garbage collection.
 */
const BUILT_BY_LIBRARY = Symbol('cdk8s-daemonsets: built by the library from checked arguments');

/** Marks props the library built from checked arguments (see BUILT_BY_LIBRARY). */
export function libraryBuilt<T extends object>(props: T): T {
  // Not enumerable, so a copy of the props (a spread) is not marked.
  Object.defineProperty(props, BUILT_BY_LIBRARY, { value: true });
  return props;
}

/** Whether the library built `props` from checked arguments. */
export function isLibraryBuilt(props: unknown): boolean {
  return typeof props === 'object' && props !== null && (props as { [BUILT_BY_LIBRARY]?: true })[BUILT_BY_LIBRARY] === true;
}

/**
 * A plain object with the properties of `schema`: each checked by its guard, and a property the
 * schema does not know refused (a JavaScript caller's typo would otherwise be silently ignored).
 */
export function struct<T>(schema: Schema<T>, name: string, options: { allowUnknown?: boolean } = {}): RequiredGuard {
  const known = Object.keys(schema) as (keyof T & string)[];
  const required = known.filter(key => !(schema[key] as Guard).optional);
  // A Map, not the schema object: no lookup can reach Object.prototype, and none goes megamorphic.
  const guards = new Map(Object.entries(schema) as Array<[string, Guard]>);
  const allowUnknown = options.allowUnknown === true;
  const describe = `a ${name} object`;
  /**
   * Whether every property given passes and every required one is there: a schema often has
   * dozens of properties of which a caller sets a few, so valid props are checked by what they
   * hold. Anything else goes through the full check, which reports in the schema's order.
   */
  const accepts = (value: unknown): boolean => {
    if (isLibraryBuilt(value)) return true;
    if (!isPlainObject(value)) return false;
    for (const key in value) {
      const check = guards.get(key);
      if (check === undefined) {
        if (allowUnknown) continue;
        return false;
      }
      const item = value[key];
      if (item === undefined && check.optional) continue;
      if (!passes(check, item)) return false;
    }
    for (const key of required) {
      if (!(key in value)) return false;
    }
    return true;
  };
  return guard(describe, (value, property) => {
    if (accepts(value)) return [];
    if (!isPlainObject(value)) return wrongType(property, value, describe);
    const at = (key: string) => property ? `${property}.${key}` : key;
    const problems: Problem[] = [];
    if (!options.allowUnknown) {
      for (const key in value) {
        if (!guards.has(key)) problems.push({ property: at(key), value: value[key], expected: `${name} has no property "${key}": use one of ${known.join(', ')}.` });
      }
    }
    for (const key of known) {
      const check = schema[key] as Guard;
      // Most properties are absent: an optional guard accepts undefined without being called.
      if (value[key] === undefined && check.optional) continue;
      const found = check(value[key], property ? `${property}.${key}` : key);
      if (found.length > 0) problems.push(...found);
    }
    return problems;
  }, accepts);
}

const structGuards = new WeakMap<object, Map<string, Guard>>();

/**
 * Checks the props of a call; `undefined` props stand for `{}` where every property is optional.
 * Properties are named as the caller wrote them (`tolerations[0]`); the argument itself, when it
 * is not an object, by `argument` ("props", or "options" for a method's options).
 */
export function propsProblems<T>(props: unknown, schema: Schema<T>, name: string, required = false, argument = 'props'): Problem[] {
  if (props === undefined && !required) return [];
  // One guard per schema and name: every construction of an agent checks its props. (Stored only
  // when new: a WeakMap write on every call costs more than the check of a small props object.)
  let byName = structGuards.get(schema);
  if (byName === undefined) {
    byName = new Map<string, Guard>();
    structGuards.set(schema, byName);
  }
  let check = byName.get(name);
  if (check === undefined) {
    check = struct(schema, name);
    byName.set(name, check);
  }
  const problems = check(props, '');
  return problems.length === 0 ? problems : problems.map(p => (p.property === '' ? { ...p, property: argument } : p));
}

/**
 * The construct path a new construct will have, after checking `scope` and `id` (a bad scope is
 * reported under the API's name, as there is no path yet).
 */
export function constructPath(scope: unknown, id: unknown, api: string): string {
  checkScopeAndId(scope, id, api);
  const parent = (scope as IConstruct).node.path;
  return parent ? `${parent}/${id}` : String(id);
}

function checkScopeAndId(scope: unknown, id: unknown, api: string): void {
  if (Construct.isConstruct(scope) && typeof id === 'string') return;
  assertValid(api, [...isConstruct(scope, 'scope'), ...isString(id, 'id')]);
}

/**
 * Throws `problems` of a construct's arguments under the path the construct will have; the path
 * is only worked out for a problem, as building it walks every scope above.
 */
export function assertValidConstruction(scope: unknown, id: unknown, api: string, problems: readonly Problem[]): void {
  checkScopeAndId(scope, id, api);
  if (problems.length > 0) assertValid(constructPath(scope, id, api), problems);
}

/** Throws every shape problem of a constructor's arguments, under the path the construct will have. */
export function checkConstruction<T>(scope: unknown, id: unknown, props: unknown, schema: Schema<T>, api: string, required = false): void {
  assertValidConstruction(scope, id, api, propsProblems(props, schema, `${api} props`, required));
}
