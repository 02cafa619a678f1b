/**
 * Numbers Kubernetes stores in a fixed form: counts as int32, durations in whole seconds. Checked
 * where the user gives them, so cdk8s never throws its own pathless error at synth.
 */
import { Duration } from 'cdk8s';
import { Problem } from './errors';

const INT32_MAX = 2147483647;

/** A duration Kubernetes counts in whole seconds (cdk8s would throw its own pathless error at synth). */
export function wholeSecondsProblems(property: string, duration: Duration | undefined): Problem[] {
  const millis = duration?.toMilliseconds({ integral: false }) ?? 0;
  if (millis % 1000 === 0) return [];
  return [{ property, value: `${millis}ms`, expected: 'Kubernetes counts it in whole seconds: use e.g. Duration.seconds(30).' }];
}

/** A count Kubernetes stores as an int32 of 0 or more. */
export function countProblems(property: string, value: number): Problem[] {
  if (!Number.isInteger(value) || value < 0) return [{ property, value, expected: 'Use a whole number of 0 or more.' }];
  if (value > INT32_MAX) return [{ property, value, expected: `Kubernetes stores it as a 32-bit integer: use at most ${INT32_MAX}.` }];
  return [];
}
