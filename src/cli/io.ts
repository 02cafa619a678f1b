/**
 * What a subcommand may touch: two output streams, whether stdout is a terminal, the environment.
 * Tests pass an in-memory implementation; main.ts passes the process's.
 */
export interface CliIo {
  /** stdout is a terminal (colour is allowed unless NO_COLOR is set). */
  readonly isTTY: boolean;
  readonly env: { readonly [name: string]: string | undefined };
  stdout(text: string): void;
  stderr(text: string): void;
}

/** One subcommand of `cdk8s-daemonsets`. */
export interface Command {
  /** One line for the top-level help. */
  readonly summary: string;
  /** Runs with the arguments after the subcommand name; returns the exit code. */
  run(args: readonly string[], io: CliIo): number;
}

/** Exit codes shared by every subcommand. */
export const EXIT_OK = 0;
/** The command ran but a gate failed (e.g. coverage below --require-coverage). */
export const EXIT_GATE = 1;
/** Bad usage or unreadable/invalid input. */
export const EXIT_USAGE = 2;

/** A usage error: the message is printed with a pointer to --help and the command exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Colour only on a terminal, and never when NO_COLOR is set to anything (https://no-color.org). */
export function useColor(io: CliIo): boolean {
  return io.isTTY && !io.env.NO_COLOR;
}
