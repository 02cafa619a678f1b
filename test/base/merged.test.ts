import * as fc from 'fast-check';
import { merged } from '../../src/base/merged';

/** Own keys in order, values, and prototype: what a spread's result is made of. */
const parts = (o: object) => ({ proto: Object.getPrototypeOf(o), entries: Reflect.ownKeys(o).map(k => [k, (o as any)[k]]) });

describe('merged', () => {
  test('builds what { ...base, ...overrides } builds, own keys in order and prototype', () => {
    const objects = fc.oneof(fc.object(), fc.dictionary(fc.constantFrom('__proto__', 'a', 'b', 'constructor', 'toString'), fc.anything()));
    fc.assert(fc.property(fc.option(objects, { nil: undefined }), objects, (base, overrides) => {
      expect(parts(merged(base, overrides))).toEqual(parts({ ...base, ...overrides }));
    }));
  });

  test('keeps an own __proto__ key (from JSON.parse) as a key, not as the prototype', () => {
    const labels = JSON.parse('{"__proto__": {"polluted": "yes"}, "app": "x"}');
    const result = merged({ team: 'a' }, labels) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(['team', '__proto__', 'app']);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
  });
});
