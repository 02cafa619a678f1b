/**
 * The subcommands' option syntax, in one place so every option of every subcommand reads the same
 * way, as GNU tools read them:
 *
 * - an option with a value takes it as `--nodes nodes.json` or `--nodes=nodes.json`;
 * - a switch is `--json`, or `--json=true` / `--json=false` (also yes/no, 1/0) so a CI script can
 *   pass a variable; a switch never takes the next argument, which is an operand;
 * - `--` ends the options, and `-` is an operand (standard input).
 *
 * In the `--name value` form, a value that looks like an option (`plan --nodes --json dist/`) is a
 * forgotten value, reported as missing rather than read as a file named `--json`; the `=` form is
 * explicit and takes any value. An option with a value given twice is refused: which one wins is
 * a guess a CI gate should not make.
 */
import { UsageError } from './io';

/** One option a subcommand accepts. */
export interface OptionSpec {
  /** The long name, with its dashes: `--nodes`. */
  readonly name: string;
  /** Another spelling, e.g. `-h`. */
  readonly alias?: string;
  /** Set for an option that takes a value; absent for a switch. */
  readonly takesValue?: boolean;
}

/** What the command line said: each option given (by long name) and the operands, in order. */
export interface ParsedArgs {
  /** The value of each option given: a string for options with a value, a boolean for switches. */
  readonly options: ReadonlyMap<string, string | boolean>;
  readonly operands: readonly string[];
}

const TRUE = new Set(['true', 'yes', '1']);
const FALSE = new Set(['false', 'no', '0']);

function switchValue(name: string, text: string): boolean {
  const lower = text.toLowerCase();
  if (TRUE.has(lower)) return true;
  if (FALSE.has(lower)) return false;
  throw new UsageError(`${name} is a switch: give it alone, or as ${name}=true or ${name}=false (not "${text}")`);
}

/** Whether an argument is an option rather than a value: it starts with `-` and is not `-` itself. */
function looksLikeOption(arg: string): boolean {
  return arg.startsWith('-') && arg !== '-';
}

/** Parses `args` against `specs`; throws UsageError for anything it cannot read. */
export function parseArgs(args: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byName = new Map<string, OptionSpec>();
  for (const spec of specs) {
    byName.set(spec.name, spec);
    if (spec.alias) byName.set(spec.alias, spec);
  }
  const options = new Map<string, string | boolean>();
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (!looksLikeOption(arg)) {
      operands.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const given = eq > 0 ? arg.slice(0, eq) : arg;
    const spec = byName.get(given);
    if (!spec) throw new UsageError(`unknown option ${given}`);
    if (!spec.takesValue) {
      options.set(spec.name, eq > 0 ? switchValue(spec.name, arg.slice(eq + 1)) : true);
      continue;
    }
    let value: string;
    if (eq > 0) {
      value = arg.slice(eq + 1);
    } else {
      const next = args[i + 1];
      if (next !== undefined && looksLikeOption(next)) throw new UsageError(`${spec.name} needs a value (found the option ${next.split('=')[0]} after it)`);
      value = next ?? '';
      i++;
    }
    if (value === '') throw new UsageError(`${spec.name} needs a value`);
    if (options.has(spec.name)) throw new UsageError(`${spec.name} is given twice ("${String(options.get(spec.name))}" and "${value}"); give it once`);
    options.set(spec.name, value);
  }
  return { options, operands };
}

/** The value of an option with a value, if given. */
export function valueOf(parsed: ParsedArgs, name: string): string | undefined {
  const v = parsed.options.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** Whether a switch is on. */
export function isOn(parsed: ParsedArgs, name: string): boolean {
  return parsed.options.get(name) === true;
}
