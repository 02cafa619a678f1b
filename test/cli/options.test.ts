/** The subcommands' option syntax: what parses, what each refusal says. */
import { UsageError } from '../../src/cli/io';
import { parseArgs, type OptionSpec } from '../../src/cli/options';

const SPECS: OptionSpec[] = [
  { name: '--help', alias: '-h' },
  { name: '--nodes', takesValue: true },
  { name: '--json' },
];

function parsed(...args: string[]): { options: Record<string, string | boolean>; operands: readonly string[] } {
  const r = parseArgs(args, SPECS);
  return { options: Object.fromEntries(r.options), operands: r.operands };
}

function refusal(...args: string[]): string {
  try {
    parseArgs(args, SPECS);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseArgs', () => {
  test.each([
    [['--nodes', 'n.json', 'dist'], { '--nodes': 'n.json' }, ['dist']],
    [['--nodes=n.json', 'dist'], { '--nodes': 'n.json' }, ['dist']],
    [['--nodes=a=b'], { '--nodes': 'a=b' }, []],
    [['--nodes=--json'], { '--nodes': '--json' }, []],
    [['--nodes', '-', 'dist'], { '--nodes': '-' }, ['dist']],
    [['-', '--json'], { '--json': true }, ['-']],
    [['--json', 'dist'], { '--json': true }, ['dist']],
    [['--json=false'], { '--json': false }, []],
    [['--json=Yes', '--json=0'], { '--json': false }, []],
    [['-h'], { '--help': true }, []],
    [['--', '--json', '-x'], {}, ['--json', '-x']],
    [['a', '--json', 'b'], { '--json': true }, ['a', 'b']],
  ])('%j', (args, options, operands) => {
    expect(parsed(...args)).toEqual({ options, operands });
  });

  test.each([
    [['--nodes'], '--nodes needs a value'],
    [['--nodes', ''], '--nodes needs a value'],
    [['--nodes='], '--nodes needs a value'],
    [['--nodes', '--json', 'dist'], '--nodes needs a value (found the option --json after it)'],
    [['--nodes', '--json=true'], '--nodes needs a value (found the option --json after it)'],
    [['--nodes', '-h'], '--nodes needs a value (found the option -h after it)'],
    [['--nodes', 'a', '--nodes', 'b'], '--nodes is given twice ("a" and "b"); give it once'],
    [['--json=maybe'], '--json is a switch: give it alone, or as --json=true or --json=false (not "maybe")'],
    [['--json='], '--json is a switch: give it alone, or as --json=true or --json=false (not "")'],
    [['--verbose'], 'unknown option --verbose'],
    [['--verbose=1'], 'unknown option --verbose'],
    [['-x'], 'unknown option -x'],
    [['-hV'], 'unknown option -hV'],
  ])('rejects %j', (args, message) => {
    expect(refusal(...args)).toBe(message);
  });
});
