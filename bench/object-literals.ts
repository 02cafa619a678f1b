/**
 * Why the library builds objects with `merged()` (src/base/merged.ts): the cost of one object
 * built the two ways, `{ ...base, a, b, ... }` and `Object.assign({}, base, { a, b, ... })`, as
 * NodeAgent's props are built (a spread, then 13 named properties), in a fresh node process.
 */
import { spawnSync } from 'child_process';

export interface ObjectLiteralCosts {
  /** Nanoseconds per object, spread then named properties. */
  readonly spreadNs: number;
  /** Nanoseconds per object, Object.assign. */
  readonly assignNs: number;
}

// Both forms build the same object; each is warmed up, then timed over many calls.
const SCRIPT = `
const base = { name: 'agent', metadata: { labels: {} }, hostNetwork: true, containers: [] };
const o = { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10, k: 11, l: 12, m: 13 };
const spread = s => ({ ...s, a: o.a, b: o.b, c: o.c, d: o.d, e: o.e, f: o.f, g: o.g, h: o.h, i: o.i, j: o.j, k: o.k, l: o.l, m: o.m });
const assign = s => Object.assign({}, s, { a: o.a, b: o.b, c: o.c, d: o.d, e: o.e, f: o.f, g: o.g, h: o.h, i: o.i, j: o.j, k: o.k, l: o.l, m: o.m });
const time = f => {
  let kept;
  for (let i = 0; i < 2000; i++) kept = f(base);
  const calls = 100000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) kept = f(base);
  const ns = Number(process.hrtime.bigint() - start) / calls;
  return kept === undefined ? 0 : ns;
};
process.stdout.write(JSON.stringify({ spreadNs: time(spread), assignNs: time(assign) }));
`;

export function objectLiteralCosts(): ObjectLiteralCosts {
  const result = spawnSync(process.execPath, ['-e', SCRIPT], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the object literal benchmark failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as ObjectLiteralCosts;
}
