/**
 * Results of a pure function, remembered by input: for the checks and renderings an app runs with
 * the same few inputs on every agent (label keys, quantities, configurations, checksums). Bounded,
 * as a long-running process may see many inputs: when full it forgets everything rather than
 * track use, and an app refills what it needs within one agent.
 */
export class Remembered<K, V> {
  private readonly values = new Map<K, V>();

  /** @param capacity how many inputs are remembered at most. */
  public constructor(private readonly capacity: number) {}

  /** `compute(key)`, worked out once per key while remembered. */
  public get(key: K, compute: (key: K) => V): V {
    if (this.values.has(key)) return this.values.get(key) as V;
    const value = compute(key);
    if (this.values.size >= this.capacity) this.values.clear();
    this.values.set(key, value);
    return value;
  }
}
