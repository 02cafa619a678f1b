import { show } from './show';

/** One problem with an input or an emitted object, as the library reports it. */
export interface ValidationProblem {
  /** The construct path (or, outside the construct tree, the API called, e.g. "Toleration.exists"). */
  readonly path: string;
  /** The property, as the user wrote it (e.g. `tolerations[2].value`), or the emitted field. */
  readonly property: string;
  /** The rejected value, exactly as given. */
  readonly value: unknown;
  /** What is valid instead, phrased as the fix. */
  readonly fix: string;
}

/** One line of a message: path, property, value as given, fix. */
export function describeProblem(problem: ValidationProblem): string {
  return `${problem.path}: invalid ${problem.property}: ${show(problem.value)}. ${problem.fix}`;
}

/**
 * Every problem the library found, in one error: thrown while constructs are built (all problems
 * of one call) and by synthesis (all problems of the whole app), never wrapped by cdk8s.
 * JavaScript and TypeScript callers detect it with `instanceof ValidationError` and read
 * `problems`; the message has one line per problem, the first starting with its construct path.
 *
 * Not part of the jsii API: jsii cannot export a subclass of `Error`.
 * @jsii ignore
 */
export class ValidationError extends Error {
  /** Every problem, in the order found. */
  public readonly problems: readonly ValidationProblem[];

  public constructor(problems: readonly ValidationProblem[]) {
    super(problems.map(describeProblem).join('\n'));
    this.name = 'ValidationError';
    this.problems = problems;
  }
}

/** Whether `error` is the library's validation error (also across copies of the library). */
export function isValidationError(error: unknown): error is ValidationError {
  return error instanceof ValidationError || (error instanceof Error && error.name === 'ValidationError' && Array.isArray((error as ValidationError).problems));
}
