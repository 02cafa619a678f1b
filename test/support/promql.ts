/**
 * Parses every expression of a PrometheusRule with Prometheus's own PromQL grammar (the lezer
 * grammar its web UI's editor uses, @prometheus-io/lezer-promql), so an expression Prometheus
 * could not load fails the test that emitted it. The grammar recovers from errors by inserting
 * error nodes; any such node is a syntax error. Independent of the library, which parses no PromQL.
 */
import type { LRParser } from '@lezer/lr';
import type { Manifest } from './manifests';

// The package is an ES module with a CommonJS build (its "require" export), which the tests,
// compiled to CommonJS, load with require.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parser } = require('@prometheus-io/lezer-promql') as { parser: LRParser };

/** Where `expr` fails to parse ("at 12: ...rest"), or undefined when it parses. */
export function promqlSyntaxError(expr: string): string | undefined {
  let at: number | undefined;
  parser.parse(expr).iterate({
    enter: node => {
      if (at === undefined && node.type.isError) at = node.from;
      return at === undefined;
    },
  });
  return at === undefined ? undefined : `syntax error at ${at}: ${JSON.stringify(expr.slice(at, at + 40))}`;
}

/** Every rule of a PrometheusRule whose expression does not parse. */
export function promqlProblems(obj: Manifest): string[] {
  if (obj.kind !== 'PrometheusRule') return [];
  const problems: string[] = [];
  for (const group of obj.spec?.groups ?? []) {
    for (const rule of group.rules ?? []) {
      const error = typeof rule.expr === 'string' ? promqlSyntaxError(rule.expr) : undefined;
      if (error) problems.push(`PrometheusRule/${obj.metadata.name} ${group.name} ${rule.alert ?? rule.record}: ${error}`);
    }
  }
  return problems;
}
