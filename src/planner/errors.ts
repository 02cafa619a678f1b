/**
 * The one error the planner throws for input it cannot plan: an unreadable file, a document that is
 * not what it should be, a field the API server would reject. The message always says where (file,
 * line, object) and what is expected; the CLI prints it as is and exits 2, never with a stack trace.
 *
 * Not part of the jsii API (jsii cannot export a subclass of `Error`); callers of the library see a
 * plain `Error` whose `name` is `PlannerInputError`.
 */
export class PlannerInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlannerInputError';
  }
}

/** True for errors raised by the planner about its input (as opposed to bugs). */
export function isPlannerInputError(err: unknown): err is PlannerInputError {
  return err instanceof Error && err.name === 'PlannerInputError';
}
