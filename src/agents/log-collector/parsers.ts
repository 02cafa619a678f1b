import { ConfigSection } from './config';
import { regexShape } from './regex';
import { Problem } from '../../base/errors';
import { isBoolean, isString, mapOf, oneOf, optional, Schema } from '../../validation/guards';
import { checkCall, optionsProblems, text } from '../agent-guards';

/** The type a parser converts a field to (every field it reads is a string otherwise). */
export enum ParserFieldType {
  /** A whole number. */
  INTEGER = 'integer',
  /** A floating-point number. */
  FLOAT = 'float',
  /** true or false. */
  BOOL = 'bool',
  /** A hexadecimal number, stored as a whole number. */
  HEX = 'hex',
}

/** What every parser takes: how it reads the record's time, and the types of its fields. */
export interface LogParserOptions {
  /**
   * The strptime format of the record's time field, e.g. `"%Y-%m-%dT%H:%M:%S.%L%z"`: the
   * record's timestamp is then read from that field instead of the time the line was read.
   * @default - the time the line was read
   */
  readonly timeFormat?: string;
  /**
   * The field holding the record's time (read with `timeFormat`).
   * @default "time" (Fluent Bit's), when timeFormat is given
   */
  readonly timeKey?: string;
  /**
   * Keep the time field in the record once its timestamp is read.
   * @default false
   */
  readonly timeKeep?: boolean;
  /**
   * Fields converted from strings, e.g. `{ status: ParserFieldType.INTEGER }`.
   * @default - every field stays a string
   */
  readonly types?: { [field: string]: ParserFieldType };
}

/** The runtime shape of LogParserOptions (spread into RegexParserOptions'). */
export const LOG_PARSER_OPTIONS_SCHEMA: Schema<LogParserOptions> = {
  timeFormat: optional(isString),
  timeKey: optional(isString),
  timeKeep: optional(isBoolean),
  types: optional(mapOf(oneOf(ParserFieldType, 'ParserFieldType'))),
};

/** A parser that reads fields with a regular expression. */
export interface RegexParserOptions extends LogParserOptions {
  /**
   * The regular expression, in Onigmo (Ruby) syntax: each named group `(?<name>...)` becomes a
   * field of the record.
   *
   * @example "^(?<time>[^ ]+) (?<level>[A-Z]+) (?<message>.*)$"
   */
  readonly regex: string;
}

/** The runtime shape of RegexParserOptions. */
export const REGEX_PARSER_OPTIONS_SCHEMA: Schema<RegexParserOptions> = {
  ...LOG_PARSER_OPTIONS_SCHEMA,
  regex: text('^(?<level>[A-Z]+) (?<message>.*)$'),
};

enum Format {
  REGEX = 'regex',
  JSON = 'json',
  LOGFMT = 'logfmt',
}

/**
 * The parsers of the image's /fluent-bit/etc/parsers.conf (conf/parsers.conf at v5.1.1, which
 * the configuration loads): usable by name, and names a parser of yours cannot take, as Fluent
 * Bit refuses to start on a second parser of the same name (src/flb_parser.c, "already exists").
 */
export const STOCK_PARSERS: readonly string[] = [
  'apache', 'apache2', 'apache_error', 'nginx', 'k8s-nginx-ingress', 'json', 'logfmt', 'docker', 'docker-daemon', 'syslog-rfc5424',
  'syslog-rfc3164-local', 'syslog-rfc3164', 'mongodb', 'envoy', 'istio-envoy-proxy', 'cri', 'kube-custom', 'kmsg-netfilter-log',
];

// A name usable in the fluentbit.io/parser annotation and in the comma-separated lists of parser
// names (multiline.parser), so no commas or spaces.
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const FIELD = /^[^\s:]+$/;

/**
 * A Fluent Bit parser: turns a log line (or a record's field) into structured fields. Parsers
 * you define are written into the collector's parsers file, which the configuration loads; pods
 * pick one with the `fluentbit.io/parser` annotation, filters (`LogFilter.parser`) and multiline
 * parsers apply them.
 *
 * @example
 * LogParser.regex('app', { regex: '^(?<time>[^ ]+) (?<level>[A-Z]+) (?<message>.*)$', timeFormat: '%Y-%m-%dT%H:%M:%S.%L%z' })
 */
export class LogParser {
  /** A parser that reads named groups of a regular expression. */
  public static regex(name: string, options: RegexParserOptions): LogParser {
    checkCall('LogParser.regex', text('app')(name, 'name'), optionsProblems(options, 'options', REGEX_PARSER_OPTIONS_SCHEMA, 'RegexParserOptions', true));
    return new LogParser(name, Format.REGEX, options);
  }

  /** A parser for JSON lines. */
  public static json(name: string, options: LogParserOptions = {}): LogParser {
    checkCall('LogParser.json', text('app-json')(name, 'name'), optionsProblems(options, 'options', LOG_PARSER_OPTIONS_SCHEMA, 'LogParserOptions'));
    return new LogParser(name, Format.JSON, options);
  }

  /** A parser for logfmt lines (`level=info msg="started" port=8080`). */
  public static logfmt(name: string, options: LogParserOptions = {}): LogParser {
    checkCall('LogParser.logfmt', text('app-logfmt')(name, 'name'), optionsProblems(options, 'options', LOG_PARSER_OPTIONS_SCHEMA, 'LogParserOptions'));
    return new LogParser(name, Format.LOGFMT, options);
  }

  /**
   * A parser the Fluent Bit image ships (its parsers.conf), by name: `json`, `logfmt`, `nginx`,
   * `apache`, `syslog-rfc5424`, `envoy` and the others of STOCK_PARSERS.
   */
  public static builtIn(name: string): LogParser {
    checkCall('LogParser.builtIn', text('nginx')(name, 'name'));
    return new LogParser(name, undefined, {});
  }

  private constructor(
    /** The parser's name, as filters, multiline parsers and the `fluentbit.io/parser` annotation refer to it. */
    public readonly name: string,
    private readonly format: Format | undefined,
    private readonly options: LogParserOptions & Partial<RegexParserOptions>) {}

  /** Whether the image defines it, so the parsers file must not. @internal */
  public get _stock(): boolean {
    return this.format === undefined;
  }

  /** @internal What would make Fluent Bit refuse (or silently misread) the parser. */
  public _problems(property: string): Problem[] {
    if (this.format === undefined) {
      return STOCK_PARSERS.includes(this.name) ? [] : [{
        property: `${property}.name`,
        value: this.name,
        expected: `Fluent Bit 5.1.1's parsers.conf has no parser of this name: use one of ${STOCK_PARSERS.join(', ')}, or define one with LogParser.regex, .json or .logfmt.`,
      }];
    }
    const problems: Problem[] = [];
    if (!NAME.test(this.name)) {
      problems.push({ property: `${property}.name`, value: this.name, expected: 'Use 1-63 letters, digits, "_", "." and "-", starting with a letter or digit, e.g. "app": the name goes into annotations and comma-separated lists.' });
    } else if (STOCK_PARSERS.some(stock => stock.toLowerCase() === this.name.toLowerCase())) {
      problems.push({ property: `${property}.name`, value: this.name, expected: `The image's parsers.conf already defines "${this.name}" and Fluent Bit refuses to start on a second parser of that name: choose another name, or use LogParser.builtIn("${this.name}").` });
    }
    const o = this.options;
    let groups: string[] | undefined;
    if (this.format === Format.REGEX) {
      const shape = regexShape(o.regex ?? '');
      if (shape.error !== undefined) {
        problems.push({ property: `${property}.regex`, value: o.regex, expected: shape.error });
      } else if (shape.groups.length === 0) {
        problems.push({ property: `${property}.regex`, value: o.regex, expected: 'A regex parser\'s fields are its named groups, and this one has none: name what each group captures, e.g. "^(?<level>[A-Z]+) (?<message>.*)$".' });
      } else {
        groups = shape.groups;
      }
    }
    if (o.timeFormat !== undefined && o.timeFormat.trim().length === 0) {
      problems.push({ property: `${property}.timeFormat`, value: o.timeFormat, expected: 'Give a strptime format, e.g. "%Y-%m-%dT%H:%M:%S.%L%z", or leave timeFormat out to keep the time the line was read.' });
    }
    for (const [name, value] of [['timeKey', o.timeKey], ['timeKeep', o.timeKeep]] as const) {
      if (value !== undefined && o.timeFormat === undefined) {
        problems.push({ property: `${property}.${name}`, value, expected: `Fluent Bit reads the time field only with a timeFormat, so ${name} alone does nothing: add timeFormat, e.g. "%Y-%m-%dT%H:%M:%S.%L%z", or drop ${name}.` });
      }
    }
    const timeKey = o.timeKey ?? 'time';
    if (o.timeKey !== undefined && !FIELD.test(o.timeKey)) {
      problems.push({ property: `${property}.timeKey`, value: o.timeKey, expected: 'Name the time field without spaces or ":", e.g. "time".' });
    } else if (groups !== undefined && o.timeFormat !== undefined && !groups.includes(timeKey)) {
      problems.push({ property: `${property}.${o.timeKey === undefined ? 'timeFormat' : 'timeKey'}`, value: o.timeKey ?? o.timeFormat, expected: `The regex has no group named "${timeKey}" to read the time from: name the group (?<${timeKey}>...), or set timeKey to one of ${groups.join(', ')}.` });
    }
    for (const field of Object.keys(o.types ?? {})) {
      if (!FIELD.test(field)) {
        problems.push({ property: `${property}.types`, value: field, expected: 'Name each typed field without spaces or ":", e.g. "status".' });
      } else if (groups !== undefined && !groups.includes(field)) {
        problems.push({ property: `${property}.types`, value: field, expected: `The regex has no group named "${field}": type one of ${groups.join(', ')}.` });
      }
    }
    return problems;
  }

  /** The parser's entry of the parsers file. @internal */
  public _render(): ConfigSection {
    const o = this.options;
    const section: ConfigSection = { name: this.name, format: this.format! };
    if (o.regex !== undefined) section.regex = o.regex;
    if (o.timeFormat !== undefined) {
      section.time_key = o.timeKey ?? 'time';
      section.time_format = o.timeFormat;
      section.time_keep = o.timeKeep ? 'on' : 'off';
    }
    const types = Object.entries(o.types ?? {});
    if (types.length > 0) section.types = types.map(([field, type]) => `${field}:${type}`).join(' ');
    return section;
  }
}
