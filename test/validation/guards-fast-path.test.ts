/**
 * The guards' fast path (`accepts`) must agree with their full check: a value it accepts would
 * otherwise skip every problem the full check reports. Checked against an oracle written
 * independently of the combinators, on random values shaped like props (right and wrong types,
 * null, undefined, unknown keys, nesting).
 */
import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { isBoolean, isInteger, isLibraryBuilt, isString, instanceOf, libraryBuilt, listOf, mapOf, optional, passes, propsProblems, Schema, struct } from '../../src/validation/guards';
import { propertyRuns } from '../support/property-runs';

const RUNS = propertyRuns(2000);

const inner = struct<{ name: string; ttl?: Duration }>({ name: isString, ttl: optional(instanceOf(Duration, 'Duration.seconds(1)')) }, 'Inner');
const props = struct<{ id: string; count?: number; tags?: string[]; flags?: Record<string, boolean>; inner?: unknown; inners?: unknown[] }>({
  id: isString,
  count: optional(isInteger),
  tags: optional(listOf(isString)),
  flags: optional(mapOf(isBoolean)),
  inner: optional(inner),
  inners: optional(listOf(inner)),
}, 'Props');
const loose = struct<{ id: string }>({ id: isString }, 'Loose', { allowUnknown: true });

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && [Object.prototype, null].includes(Object.getPrototypeOf(v));
const absentOr = (v: unknown, ok: (x: unknown) => boolean) => v === undefined || ok(v);
const only = (v: Record<string, unknown>, keys: string[]) => Object.keys(v).every(k => keys.includes(k));
const validInner = (v: unknown): boolean => isPlain(v) && only(v, ['name', 'ttl'])
  && typeof v.name === 'string' && absentOr(v.ttl, t => t instanceof Duration);
const validProps = (v: unknown): boolean => isPlain(v) && only(v, ['id', 'count', 'tags', 'flags', 'inner', 'inners'])
  && typeof v.id === 'string'
  && absentOr(v.count, c => typeof c === 'number' && Number.isInteger(c))
  && absentOr(v.tags, t => Array.isArray(t) && t.every(x => typeof x === 'string'))
  && absentOr(v.flags, f => isPlain(f) && Object.values(f).every(x => typeof x === 'boolean'))
  && absentOr(v.inner, validInner)
  && absentOr(v.inners, l => Array.isArray(l) && l.every(validInner));

/** Values of every JavaScript type a careless caller passes, right ones included. */
const junk = fc.oneof(
  fc.constantFrom(undefined, null, NaN, Infinity, 0, 1.5, 3, '', 'x', true, false, [], {}, Duration.seconds(1), new Date(0)),
  fc.string(), fc.integer(), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 3 }), fc.boolean(), { maxKeys: 3 }),
);
const innerLike = fc.record({ name: junk, ttl: junk }, { requiredKeys: [] });
const propsLike = fc.tuple(
  fc.record({
    id: fc.oneof(fc.string(), junk),
    count: fc.oneof(fc.integer(), junk),
    tags: fc.oneof(fc.array(fc.string(), { maxLength: 3 }), fc.array(junk, { maxLength: 3 }), junk),
    flags: fc.oneof(
      fc.dictionary(fc.string({ maxLength: 3 }), fc.boolean(), { maxKeys: 3 }),
      fc.dictionary(fc.string({ maxLength: 3 }), junk, { maxKeys: 3 }),
      junk,
    ),
    inner: fc.oneof(innerLike, junk),
    inners: fc.oneof(fc.array(innerLike, { maxLength: 3 }), junk),
  }, { requiredKeys: [] }),
  fc.option(fc.tuple(fc.string({ maxLength: 5 }), junk), { nil: undefined }),
).map(([value, extra]) => (extra ? { ...value, [extra[0]]: extra[1] } : value));

test.each([['props', propsLike], ['anything', fc.anything()]] as const)('accepts(v) holds exactly when the full check finds no problem (%s)', (_, values) => {
  fc.assert(fc.property(values as fc.Arbitrary<unknown>, value => {
    const valid = validProps(value);
    expect(passes(props, value)).toBe(valid);
    expect(props(value, '').length === 0).toBe(valid);
  }), { numRuns: RUNS });
});

test('a struct that allows unknown keys checks only its own', () => {
  expect(passes(loose, { id: 'a', other: null })).toBe(true);
  expect(loose({ id: 3, other: null }, '')).toEqual([expect.objectContaining({ property: 'id', value: 3 })]);
});

test('a refused value is reported in full, in the schema order, with the path as written', () => {
  const problems = props({ extra: 1, tags: ['a', 2], id: 5, inners: [{ name: 'x' }, null] }, '');
  expect(problems.map(p => [p.property, p.value])).toEqual([
    ['extra', 1], ['id', 5], ['tags[1]', 2], ['inners[1]', null],
  ]);
});

test('a key named like an Object.prototype member is an unknown key, not a schema property', () => {
  for (const key of ['toString', 'constructor', 'hasOwnProperty', 'valueOf']) {
    const value = { id: 'a', [key]: 'x' };
    expect(passes(props, value)).toBe(false);
    expect(props(value, '')).toEqual([expect.objectContaining({ property: key, value: 'x' })]);
  }
});

describe('props the library built from checked arguments', () => {
  const schema: Schema<{ id: string }> = { id: isString };

  test('are not checked again; the same shape from a caller is', () => {
    const wrong = { id: 42 };
    expect(propsProblems(wrong, schema, 'Props', true)).toEqual([{ property: 'id', value: 42, expected: 'Give a string.' }]);
    expect(propsProblems(libraryBuilt({ id: 42 }), schema, 'Props', true)).toEqual([]);
    expect(isLibraryBuilt(wrong)).toBe(false);
  });

  test('cannot be marked from outside the library: the package root does not export the marker', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const root = require('../../src');
    expect(root.libraryBuilt).toBeUndefined();
    expect(root.isLibraryBuilt).toBeUndefined();
  });
});

test('a copy of props the library built is checked again', () => {
  const built = libraryBuilt({ id: 42 });
  expect(isLibraryBuilt(built)).toBe(true);
  expect(isLibraryBuilt({ ...built })).toBe(false);
  expect(isLibraryBuilt(Object.assign({}, built))).toBe(false);
});
