import { Remembered } from '../../src/base/remembered';

describe('Remembered', () => {
  test('computes a key once while it is remembered, undefined results included', () => {
    const calls: string[] = [];
    const memo = new Remembered<string, number | undefined>(10);
    const compute = (k: string) => {
      calls.push(k);
      return k === 'none' ? undefined : k.length;
    };
    expect([memo.get('ab', compute), memo.get('ab', compute), memo.get('none', compute), memo.get('none', compute)]).toEqual([2, 2, undefined, undefined]);
    expect(calls).toEqual(['ab', 'none']);
  });

  test('forgets everything once full, and still answers right', () => {
    let calls = 0;
    const memo = new Remembered<number, number>(3);
    const double = (k: number) => {
      calls++;
      return 2 * k;
    };
    for (const k of [1, 2, 3, 4, 1]) expect(memo.get(k, double)).toBe(2 * k);
    // 1, 2, 3 fill it; 4 clears it; 1 is computed again.
    expect(calls).toBe(5);
    expect(memo.get(4, double)).toBe(8);
    expect(calls).toBe(5);
  });
});
