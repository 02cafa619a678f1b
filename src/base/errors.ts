import { IConstruct } from 'constructs';
import { ValidationError } from '../validation/validation-error';
export { show } from '../validation/show';

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

/** Where a problem is reported: a construct, or the name of the API called outside the tree. */
export type Where = IConstruct | string;

function pathOf(where: Where): string {
  return typeof where === 'string' ? where : where.node.path;
}

/** The library's error for these problems, each located at `where`. */
export function invalid(where: Where, ...problems: Problem[]): ValidationError {
  const path = pathOf(where);
  return new ValidationError(problems.map(p => ({ path, property: p.property, value: p.value, fix: p.expected })));
}

/** Throws every problem at once, naming the construct. Nothing is emitted for bad input. */
export function assertValid(where: Where, problems: readonly Problem[]): void {
  if (problems.length > 0) throw invalid(where, ...problems);
}
