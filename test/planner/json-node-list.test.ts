/**
 * A JSON node inventory parsed one node at a time: whatever the text and however it is cut into
 * chunks, the result is JSON.parse's, and an invalid text fails with JSON.parse's first error at
 * the same line and column of the whole text.
 */
import * as fc from 'fast-check';
import { errorOf } from './builders';
import { JsonNodeList } from '../../src/planner/json-node-list';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

/** The text cut at the given places. */
function chunked(text: string, cuts: readonly number[]): string[] {
  const at = [...new Set(cuts.map(c => c % (text.length + 1)))].sort((a, b) => a - b);
  return [0, ...at].map((from, i) => text.slice(from, i < at.length ? at[i] : text.length));
}

function parse(chunks: readonly string[]): { doc: unknown; items: unknown[] } {
  const items: unknown[] = [];
  const list = new JsonNodeList('x', item => items.push(item), 2 ** 20);
  for (const chunk of chunks) list.push(chunk);
  return { doc: list.end(items), items };
}

/** The message JSON.parse of the whole text gives, as the reader wrote it when it read the whole text. */
function wholeTextError(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    const message = (err as Error).message;
    const m = /at position (\d+)/.exec(message);
    const offset = m ? Number(m[1]) : /Unexpected end of JSON input/.test(message) ? text.length : undefined;
    let where = '';
    if (offset !== undefined) {
      const before = text.slice(0, offset).split('\n');
      where = `:${before.length}:${before[before.length - 1].length + 1}`;
    }
    const reason = message.replace(/ (in JSON )?at position \d+.*$/s, '').replace(/, (\.\.\.)?".*$/s, '');
    return `x${where}: invalid JSON: ${reason}`;
  }
}

// Strings with what a splitter must not be fooled by: quotes, backslashes, brackets, commas,
// newlines, characters beyond ASCII and astral ones (two UTF-16 units).
const tricky = fc.constantFrom('"', '\\', '\\"', '{', '}', '[', ']', ',', ':', '\n', 'é', '𝄞', 'items', ' ');
const text = fc.array(fc.oneof(tricky, fc.string({ maxLength: 3 })), { maxLength: 6 }).map(parts => parts.join(''));
const key = fc.oneof(text, fc.constantFrom('kind', 'metadata', 'name')).filter(k => k !== 'items' && k !== '__proto__');
const value: fc.Arbitrary<unknown> = fc.letrec(tie => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(key, tie('value'), { maxKeys: 3 })),
})).value;
const node = fc.record({ kind: fc.constant('Node'), metadata: fc.record({ name: text }), spec: value });
const others = fc.dictionary(key, value, { maxKeys: 3 });
const inventory = fc.oneof(
  fc.array(node, { maxLength: 5 }),
  fc.tuple(others, fc.array(node, { maxLength: 5 }), fc.nat()).map(([rest, items, at]) => {
    const entries = Object.entries(rest);
    entries.splice(at % (entries.length + 1), 0, ['items', items]);
    return Object.fromEntries(entries);
  }),
  node,
);
const indent = fc.constantFrom(undefined, 1, 2, 4, '\t');
const cuts = fc.array(fc.nat(), { maxLength: 8 });

describe('JsonNodeList', () => {
  test('gives what JSON.parse gives, however the text is cut into chunks', () => {
    fc.assert(fc.property(inventory, indent, cuts, (inv, space, at) => {
      const whole = JSON.stringify(inv, null, space);
      const { doc, items } = parse(chunked(whole, at));
      const parsed = JSON.parse(whole);
      expect(doc).toEqual(parsed);
      // From the parsed text, not from `inv`: JSON writes -0 as 0.
      const list = Array.isArray(parsed) ? parsed : 'items' in parsed ? parsed.items : [];
      expect(items).toEqual(list);
    }), { numRuns: RUNS });
  });

  test('fails as JSON.parse of the whole text does, at the same line and column', () => {
    const edits = fc.array(fc.tuple(fc.nat(), fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', ' ', '\n', 'x', '0', '')), { minLength: 1, maxLength: 3 });
    fc.assert(fc.property(inventory, indent, edits, cuts, (inv, space, changes, at) => {
      let whole = JSON.stringify(inv, null, space);
      for (const [where, c] of changes) {
        const i = where % (whole.length + 1);
        whole = whole.slice(0, i) + c + whole.slice(i + 1);
      }
      const expected = wholeTextError(whole);
      const actual = (() => {
        try {
          parse(chunked(whole, at));
          return undefined;
        } catch (err) {
          return (err as Error).message;
        }
      })();
      // An edit may write a second "items" key at the top: refused, though JSON.parse takes the last.
      if (actual?.includes('is given a second time')) return;
      expect(actual).toBe(expected);
    }), { numRuns: RUNS });
  });

  test.each([
    ['a truncated list, at its end', '{"kind": "List", "items": [\n  {"a": 1},\n  {"b"', 'x:3:7: invalid JSON: Expected \':\' after property name'],
    ['an unterminated string', '[{"a": "b}]', 'x:1:12: invalid JSON: Unterminated string'],
    ['a missing item', '[{},,{}]', 'x: invalid JSON: Unexpected token \',\''],
    ['a trailing comma', '{"items": [{},\n]}', 'x: invalid JSON: Unexpected token \']\''],
    ['an error before the list, found when an item fails', '{"kind": List, "items": [{"a" 1}]}', 'x: invalid JSON: Unexpected token \'L\''],
    ['an error after the list', '{"items": [{}], "kind": }', 'x: invalid JSON: Unexpected token \'}\''],
    ['text after the document', '[{}]\n x', 'x:2:2: invalid JSON: Unexpected non-whitespace character after JSON'],
  ])('rejects %s', (_d, json, message) => {
    expect(errorOf(() => parse([json]))).toBe(message);
    expect(errorOf(() => parse([...json]))).toBe(message);
  });

  test('rejects a second items list, which JSON.parse would take in place of the first', () => {
    expect(errorOf(() => parse(['{"items": [{}],\n "items": []}'])))
      .toBe('x:2:2: the key "items" is given a second time; a node list has one list of items');
  });

  test('rejects text outside the list, or one item, larger than its limit', () => {
    const list = new JsonNodeList('x', () => undefined, 2 ** 20);
    const chunk = 'b'.repeat(2 ** 16);
    expect(errorOf(() => {
      list.push('[{"a": "');
      for (let i = 0; i <= 16; i++) list.push(chunk);
    })).toBe('x: more than 1 MiB of this JSON is outside the items of a node list, or in one item; only a node list, read one node at a time, may be larger');
  });

  test('an escaped quote or backslash split between chunks', () => {
    const whole = JSON.stringify([{ a: 'x\\"],[\\' }, { b: '\\\\' }]);
    for (let i = 0; i <= whole.length; i++) expect(parse([whole.slice(0, i), whole.slice(i)]).doc).toEqual(JSON.parse(whole));
  });
});
