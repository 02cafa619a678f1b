import * as fc from 'fast-check';
import { sameContent, Verdicts } from '../../src/validation/output/verdicts';

/** Everything a rule could tell apart in a value: NaN, -0, undefined and null, holes, key order, types. */
function shown(v: unknown): string {
  if (Array.isArray(v)) return `[${Array.from(v, (_, i) => (i in v ? shown(v[i]) : '<hole>')).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return `<${String(proto?.constructor?.name)} ${String(v)}>`;
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).map(k => `${JSON.stringify(k)}:${shown(o[k])}`).join(',')}}`;
  }
  if (typeof v === 'string') return JSON.stringify(v);
  return `${typeof v}:${Object.is(v, -0) ? '-0' : String(v)}`;
}

const values = fc.anything({
  withNullPrototype: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withSparseArray: true, withBigInt: true,
});

describe('sameContent', () => {
  test('a copy has the same content', () => {
    fc.assert(fc.property(fc.jsonValue(), v => sameContent(v, structuredClone(v))));
  });

  test('the same content is the same for every rule', () => {
    fc.assert(fc.property(values, values, (a, b) => !sameContent(a, b) || shown(a) === shown(b)));
  });

  test('tells apart what JSON text confuses', () => {
    expect(sameContent({ port: NaN }, { port: null })).toBe(false);
    expect(sameContent({ port: Infinity }, { port: null })).toBe(false);
    expect(sameContent({ n: -0 }, { n: 0 })).toBe(false);
    expect(sameContent({ a: undefined }, {})).toBe(false);
    expect(sameContent([undefined], [null])).toBe(false);
    expect(sameContent({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameContent(new Date(0), new Date(1))).toBe(false);
    // eslint-disable-next-line no-sparse-arrays
    expect(sameContent([, 1], [undefined, 1])).toBe(false);
    expect(sameContent({ n: NaN }, { n: NaN })).toBe(true);
  });
});

describe('Verdicts', () => {
  test('answers what the check answers, for any values, repeated and changed after they are checked', () => {
    fc.assert(fc.property(fc.array(values, { minLength: 1, maxLength: 4 }), fc.array(fc.tuple(fc.nat(), fc.boolean(), fc.constantFrom('a', 'b'))), (pool, steps) => {
      const verdicts = new Verdicts(5, 2);
      for (const [i, change, key] of steps) {
        const value = pool[i % pool.length];
        const got = verdicts.get(key, value, () => [{ property: key, value: shown(value), expected: '' }]);
        expect(got).toEqual([{ property: key, value: shown(value), expected: '' }]);
        // The caller changes its value after the check: the remembered copy must not change with it.
        if (change && typeof value === 'object' && value !== null && !Object.isFrozen(value)) (value as Record<string, unknown>).changed = i;
      }
    }));
  });

  test('checks each distinct value of a key once while remembered, and forgets when full', () => {
    let checks = 0;
    const verdicts = new Verdicts(3, 2);
    const check = () => {
      checks++;
      return [];
    };
    verdicts.get('k', { a: 1 }, check);
    verdicts.get('k', { a: 1 }, check);
    verdicts.get('k', { a: 2 }, check);
    expect(checks).toBe(2);
    // A third value of the key is checked every time (only two are compared).
    verdicts.get('k', { a: 3 }, check);
    verdicts.get('k', { a: 3 }, check);
    expect(checks).toBe(4);
    verdicts.get('other', { a: 1 }, check);
    expect(checks).toBe(5);
    // Full (3 values): the next new value clears everything.
    verdicts.get('more', { a: 1 }, check);
    verdicts.get('k', { a: 1 }, check);
    expect(checks).toBe(7);
  });

  test('a value that cannot be copied is checked every time', () => {
    let checks = 0;
    const verdicts = new Verdicts(10, 10);
    const value = { port: () => 1 };
    verdicts.get('k', value, () => [{ property: 'port', value: checks++, expected: '' }]);
    verdicts.get('k', value, () => [{ property: 'port', value: checks++, expected: '' }]);
    expect(checks).toBe(2);
  });
});
