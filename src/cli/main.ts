#!/usr/bin/env node
/**
 * The `cdk8s-daemonsets` command: a dispatcher over subcommands. To add one, write it in its own
 * file as a `Command` and list it in COMMANDS.
 *
 * Errors about input (unreadable files, invalid YAML/JSON, manifests the API server would refuse)
 * and usage print one message and exit 2; nothing prints a stack trace.
 */
import { auditCommand } from './audit-command';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIo, type Command } from './io';
import { planCommand } from './plan-command';
import { isPlannerInputError } from '../planner/errors';
import { isValidationError } from '../validation/validation-error';

const COMMANDS: { readonly [name: string]: Command } = {
  plan: planCommand,
  audit: auditCommand,
};

const PROGRAM = 'cdk8s-daemonsets';

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map(n => n.length));
  const list = Object.entries(COMMANDS).map(([name, cmd]) => `  ${name.padEnd(width)}  ${cmd.summary}`).join('\n');
  return `Usage: ${PROGRAM} <command> [options]\n       ${PROGRAM} --version\n\nCommands:\n${list}\n\nRun '${PROGRAM} <command> --help' for a command's options.\n`;
}

/** The installed package's version (package.json sits one level above lib/ and src/). */
function version(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../package.json') as { version: string }).version;
}

/** Runs the CLI with `argv` (without node and the script) and returns the exit code. */
export function run(argv: readonly string[], io: CliIo): number {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(usage());
    return EXIT_USAGE;
  }
  if (name === '-h' || name === '--help' || name === 'help') {
    io.stdout(usage());
    return EXIT_OK;
  }
  if (name === '-V' || name === '--version') {
    io.stdout(`${PROGRAM} ${version()}\n`);
    return EXIT_OK;
  }
  if (!Object.prototype.hasOwnProperty.call(COMMANDS, name)) {
    io.stderr(`${PROGRAM}: unknown command "${name}"\n\n${usage()}`);
    return EXIT_USAGE;
  }
  try {
    return COMMANDS[name].run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${PROGRAM} ${name}: ${err.message}\nRun '${PROGRAM} ${name} --help' for usage.\n`);
    } else if (isPlannerInputError(err) || isValidationError(err)) {
      io.stderr(`${PROGRAM} ${name}: ${err.message}\n`);
    } else {
      // A bug, not bad input: still one line, so CI logs stay readable.
      io.stderr(`${PROGRAM} ${name}: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    return EXIT_USAGE;
  }
}

function processIo(): CliIo {
  return {
    stdout: text => process.stdout.write(text),
    stderr: text => process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
    env: process.env,
  };
}

if (require.main === module) {
  // `plan --json | head` closes the pipe early; that is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
    throw err;
  });
  process.exitCode = run(process.argv.slice(2), processIo());
}
