import { Duration } from 'cdk8s';
import { ConfigSection } from './config';
import { LogParser } from './parsers';
import { regexShape } from './regex';
import { Problem } from '../../base/errors';
import { instanceOf, listOf, optional, Schema, struct } from '../../validation/guards';
import { isDuration } from '../../validation/plus-schemas';
import { checkCall, optionsProblems, text } from '../agent-guards';

/**
 * One rule of a regex multiline parser: in `state`, a line matching `regex` joins the record
 * and moves the parser to `nextState`. A line no rule matches ends the record.
 */
export interface MultilineRule {
  /** The state the rule applies in: "start_state" for the first line of a record, or a name of yours. */
  readonly state: string;
  /**
   * What the line must match, in Onigmo (Ruby) syntax.
   *
   * @example "/^\\s+at\\s/"
   */
  readonly regex: string;
  /** The state after a matching line, e.g. "cont"; a state some rule applies in. */
  readonly nextState: string;
}

/** The runtime shape of MultilineRule. */
export const MULTILINE_RULE_SCHEMA: Schema<MultilineRule> = {
  state: text('start_state'),
  regex: text('^\\s+at\\s'),
  nextState: text('cont'),
};

/** A multiline parser of your own. */
export interface RegexMultilineParserOptions {
  /** The rules, the first applying in "start_state" (the line that starts a record). */
  readonly rules: MultilineRule[];
  /**
   * How long a record waits for its next line before it is shipped as it is.
   * @default Duration.seconds(4) (Fluent Bit's)
   */
  readonly flushTimeout?: Duration;
  /**
   * A parser applied to each joined record.
   * @default - none: the joined text is the record's `log`
   */
  readonly parser?: LogParser;
}

/** The runtime shape of RegexMultilineParserOptions. */
export const REGEX_MULTILINE_PARSER_OPTIONS_SCHEMA: Schema<RegexMultilineParserOptions> = {
  rules: listOf(struct(MULTILINE_RULE_SCHEMA, 'MultilineRule')),
  flushTimeout: optional(isDuration),
  parser: optional(instanceOf(LogParser, 'LogParser.builtIn("json")')),
};

/**
 * Fluent Bit 5.1.1's built-in multiline parsers (src/multiline/flb_ml_parser.c,
 * flb_ml_parser_builtin_create): the language ones, which this library applies after the
 * runtime's line joining, and the runtimes' own, which the tail input always applies.
 */
const LANGUAGE_PARSERS = ['java', 'go', 'python', 'ruby'];
const RUNTIME_PARSERS = ['docker', 'cri'];

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const STATE = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const START_STATE = 'start_state';

/**
 * Joins the lines of one record that the application wrote over several lines (stack traces),
 * applied to container logs at the collector's input (`multiline`), after the runtime's own
 * line joining (docker, cri), so every joined record passes each filter once.
 *
 * @example
 * MultilineParser.JAVA
 * MultilineParser.regex('app', { rules: [
 *   { state: 'start_state', regex: '/^\\d{4}-\\d{2}-\\d{2}/', nextState: 'cont' },
 *   { state: 'cont', regex: '/^\\s+/', nextState: 'cont' },
 * ] })
 */
export class MultilineParser {
  /** Java stack traces (Google Cloud's Java format), built into Fluent Bit. */
  public static readonly JAVA = MultilineParser.builtIn('java');
  /** Go panics and stack traces, built into Fluent Bit. */
  public static readonly GO = MultilineParser.builtIn('go');
  /** Python tracebacks, built into Fluent Bit. */
  public static readonly PYTHON = MultilineParser.builtIn('python');
  /** Ruby backtraces, built into Fluent Bit. */
  public static readonly RUBY = MultilineParser.builtIn('ruby');

  /** A multiline parser built into Fluent Bit, by name: "java", "go", "python" or "ruby". */
  public static builtIn(name: string): MultilineParser {
    checkCall('MultilineParser.builtIn', text('java')(name, 'name'));
    return new MultilineParser(name);
  }

  /** A multiline parser of your own: regex rules over states. */
  public static regex(name: string, options: RegexMultilineParserOptions): MultilineParser {
    checkCall('MultilineParser.regex', text('app')(name, 'name'),
      optionsProblems(options, 'options', REGEX_MULTILINE_PARSER_OPTIONS_SCHEMA, 'RegexMultilineParserOptions', true));
    return new MultilineParser(name, options);
  }

  private constructor(
    /** The parser's name, as `multiline.parser` lists it. */
    public readonly name: string,
    private readonly options?: RegexMultilineParserOptions) {}

  /** The parser its joined records go through, to be defined in the parsers file. @internal */
  public get _parser(): LogParser | undefined {
    return this.options?.parser;
  }

  /** @internal What would make Fluent Bit refuse it, or never apply it. */
  public _problems(property: string): Problem[] {
    if (this.options === undefined) {
      if (LANGUAGE_PARSERS.includes(this.name)) return [];
      const fix = RUNTIME_PARSERS.includes(this.name)
        ? 'The tail input already joins the runtime\'s split lines with docker and cri: leave it out.'
        : `Fluent Bit 5.1.1 has no built-in multiline parser of this name: use one of ${LANGUAGE_PARSERS.join(', ')} (MultilineParser.JAVA, ...), or define one with MultilineParser.regex.`;
      return [{ property: `${property}.name`, value: this.name, expected: fix }];
    }
    const problems: Problem[] = [];
    const builtIns = [...LANGUAGE_PARSERS, ...RUNTIME_PARSERS];
    if (!NAME.test(this.name)) {
      problems.push({ property: `${property}.name`, value: this.name, expected: 'Use 1-63 letters, digits, "_", "." and "-", starting with a letter or digit, e.g. "app": multiline.parser is a comma-separated list.' });
    } else if (builtIns.includes(this.name.toLowerCase())) {
      // Fluent Bit looks multiline parsers up by name, ignoring case, built-ins first
      // (flb_ml_parser_get): a parser of yours named so would never be used.
      problems.push({ property: `${property}.name`, value: this.name, expected: `"${this.name}" is a built-in multiline parser, which Fluent Bit would use instead of yours: choose another name, or use the built-in (MultilineParser.builtIn("${this.name.toLowerCase()}")).` });
    }
    const rules = this.options.rules;
    if (rules.length === 0) {
      problems.push({ property: `${property}.rules`, value: [], expected: `Give at least one rule, the first in "${START_STATE}", e.g. { state: "${START_STATE}", regex: "/^\\\\d{4}-/", nextState: "cont" }.` });
    }
    const states = new Set(rules.map(r => r.state));
    rules.forEach((rule, i) => {
      const at = `${property}.rules[${i}]`;
      for (const [key, value] of [['state', rule.state], ['nextState', rule.nextState]] as const) {
        if (!STATE.test(value)) problems.push({ property: `${at}.${key}`, value, expected: 'Name a state with letters, digits, "_" and "-", e.g. "cont".' });
      }
      // Fluent Bit refuses a first rule outside the start state (src/multiline/flb_ml_rule.c).
      if (i === 0 && rule.state !== START_STATE) {
        problems.push({ property: `${at}.state`, value: rule.state, expected: `The first rule starts a record: its state must be "${START_STATE}".` });
      }
      // ...and a next state no rule applies in ("to_state is not registered").
      if (STATE.test(rule.nextState) && !states.has(rule.nextState)) {
        problems.push({ property: `${at}.nextState`, value: rule.nextState, expected: `No rule applies in "${rule.nextState}": use one of ${[...states].join(', ')}, or add a rule with state "${rule.nextState}".` });
      }
      const shape = regexShape(rule.regex);
      if (rule.regex.length === 0 || shape.error !== undefined) {
        problems.push({ property: `${at}.regex`, value: rule.regex, expected: shape.error ?? 'Give the pattern a line must match, e.g. "/^\\\\s+at\\\\s/".' });
      }
    });
    const flush = this.options.flushTimeout?.toMilliseconds({ integral: false });
    if (flush !== undefined && (!Number.isInteger(flush) || flush < 1)) {
      problems.push({ property: `${property}.flushTimeout`, value: `${flush}ms`, expected: 'Use a whole number of milliseconds of at least 1, e.g. Duration.seconds(2).' });
    }
    if (this.options.parser !== undefined) problems.push(...this.options.parser._problems(`${property}.parser`));
    return problems;
  }

  /** The parser's entry of the parsers file; undefined for a built-in. @internal */
  public _render(): ConfigSection | undefined {
    if (this.options === undefined) return undefined;
    const o = this.options;
    const section: ConfigSection = { name: this.name, type: 'regex' };
    if (o.flushTimeout !== undefined) section.flush_timeout = o.flushTimeout.toMilliseconds();
    if (o.parser !== undefined) section.parser = o.parser.name;
    section.rules = o.rules.map(r => ({ state: r.state, regex: r.regex, next_state: r.nextState }));
    return section;
  }
}
