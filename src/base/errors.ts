import { IConstruct } from 'constructs';

/**
 * One thing wrong with an input: which property, the value given, and what would be valid.
 * Building blocks report problems without knowing where they are used; the construct that
 * receives them adds its path, so every message names construct, property, value and fix.
 */
export interface Problem {
  /** The property, as the user wrote it (e.g. `tolerations[2].value`). */
  readonly property: string;
  /** The rejected value. */
  readonly value: unknown;
  /** What is valid instead, phrased as the fix. */
  readonly expected: string;
}

/** Renders a value the way the user would have typed it. */
export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The error for one problem at a construct. */
export function invalid(scope: IConstruct, problem: Problem): Error {
  return new Error(`${scope.node.path}: invalid ${problem.property}: ${show(problem.value)}. ${problem.expected}`);
}

/** Throws the first problem, if any, naming the construct. Nothing is emitted for bad input. */
export function assertValid(scope: IConstruct, problems: readonly Problem[]): void {
  if (problems.length > 0) throw invalid(scope, problems[0]);
}
