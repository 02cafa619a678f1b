/**
 * A plan too large for the heap is refused before planning, with what to do, rather than left to
 * abort the process half-way (V8's out-of-memory is a fatal error, not an exception).
 */
import { checkCapacity, HEAP_BYTES_PER_PAIR } from '../../src/planner/capacity';
import { isPlannerInputError } from '../../src/planner/errors';

const MiB = 2 ** 20;

describe('checkCapacity', () => {
  test('a plan within the heap left passes', () => {
    expect(() => checkCapacity(500_000, 100, { heap_size_limit: 4096 * MiB, used_heap_size: 200 * MiB })).not.toThrow();
  });

  test('rejects a plan larger than the heap left, saying how large and what to do', () => {
    let error: unknown;
    try {
      checkCapacity(1_000_000, 200, { heap_size_limit: 4096 * MiB, used_heap_size: 1024 * MiB });
    } catch (err) {
      error = err;
    }
    expect(isPlannerInputError(error)).toBe(true);
    expect((error as Error).message).toBe('1,000,000 nodes × 200 DaemonSets make 200,000,000 placements, which need about 6,104 MiB of heap, '
      + 'more than the 3,072 MiB left of this process\'s 4,096 MiB; plan fewer DaemonSets at a time (e.g. a folder each), '
      + 'or give Node.js more heap (NODE_OPTIONS=--max-old-space-size=7168)');
  });

  test('the limit is the heap left, at the documented cost per pair', () => {
    const heap = { heap_size_limit: 1000 * HEAP_BYTES_PER_PAIR, used_heap_size: 0 };
    expect(() => checkCapacity(100, 10, heap)).not.toThrow();
    expect(() => checkCapacity(101, 10, heap)).toThrow(/1,010 placements/);
  });
});
