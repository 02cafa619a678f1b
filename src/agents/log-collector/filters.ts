import { ConfigSection, CONTAINER_TAG } from './config';
import { LuaScript } from './lua';
import { LogParser } from './parsers';
import { Problem } from '../../base/errors';
import { instanceOf, isBoolean, isString, listOf, mapOf, optional, Schema } from '../../validation/guards';
import { checkCall, optionsProblems, text } from '../agent-guards';

/** Options of an extra filter. */
export interface LogFilterOptions {
  /**
   * Which records the filter sees, as a Fluent Bit tag pattern.
   * @default "kube.*" (container logs)
   */
  readonly match?: string;
  /**
   * The plugin's properties, written as given.
   * @default - none
   */
  readonly properties?: { [key: string]: string };
}

/** The runtime shape of LogFilterOptions. */
export const LOG_FILTER_OPTIONS_SCHEMA: Schema<LogFilterOptions> = {
  match: optional(isString),
  properties: optional(mapOf(isString)),
};

/** Options of a parser filter. */
export interface ParserFilterOptions extends LogFilterOptions {
  /**
   * The field parsed.
   * @default "log" (the container's line)
   */
  readonly keyName?: string;
  /**
   * Keep the record's other fields beside the parsed ones.
   * @default true (Fluent Bit's default, false, drops the Kubernetes metadata with them)
   */
  readonly reserveData?: boolean;
  /**
   * Keep the parsed field itself.
   * @default false
   */
  readonly preserveKey?: boolean;
}

/** The runtime shape of ParserFilterOptions. */
export const PARSER_FILTER_OPTIONS_SCHEMA: Schema<ParserFilterOptions> = {
  ...LOG_FILTER_OPTIONS_SCHEMA,
  keyName: optional(isString),
  reserveData: optional(isBoolean),
  preserveKey: optional(isBoolean),
};

/** Options of a Lua filter. */
export interface LuaFilterOptions extends LogFilterOptions {
  /**
   * Hand the function the record's timestamp as a table `{ sec, nsec }` instead of a number,
   * keeping its nanoseconds.
   * @default false
   */
  readonly timeAsTable?: boolean;
}

/** The runtime shape of LuaFilterOptions. */
export const LUA_FILTER_OPTIONS_SCHEMA: Schema<LuaFilterOptions> = {
  ...LOG_FILTER_OPTIONS_SCHEMA,
  timeAsTable: optional(isBoolean),
};

const PLUGIN = /^[a-z][a-z0-9_]*$/;
const FUNCTION = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PROPERTY_KEY = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/**
 * An extra Fluent Bit filter, run after the Kubernetes metadata filter (so it can use
 * `$kubernetes[...]` fields): a parser (`parser`), a Lua function (`lua`), or any plugin
 * (`custom`, the escape hatch for processing this library does not type).
 *
 * @example
 * LogFilter.custom('grep', { properties: { exclude: "$kubernetes['container_name'] ^istio-proxy$" } })
 * LogFilter.lua(LuaScript.fromFile('lua/redact.lua'), 'redact')
 */
export class LogFilter {
  /** Any Fluent Bit filter plugin (e.g. `grep`, `modify`, `nest`) with its properties. */
  public static custom(plugin: string, options: LogFilterOptions = {}): LogFilter {
    checkCall('LogFilter.custom', text('grep')(plugin, 'plugin'), optionsProblems(options, 'options', LOG_FILTER_OPTIONS_SCHEMA, 'LogFilterOptions'));
    return new LogFilter(plugin, options);
  }

  /**
   * Parses a field of each record (the container's line by default) with the first of
   * `parsers` that matches; the parsers are defined in the collector's parsers file.
   */
  public static parser(parsers: LogParser[], options: ParserFilterOptions = {}): LogFilter {
    checkCall('LogFilter.parser', listOf(instanceOf(LogParser, 'LogParser.builtIn("json")'))(parsers, 'parsers'),
      optionsProblems(options, 'options', PARSER_FILTER_OPTIONS_SCHEMA, 'ParserFilterOptions'));
    return new LogFilter('parser', options, { parsers });
  }

  /**
   * Runs a Lua function on each record: `call` names a global function of `script`, called as
   * `call(tag, timestamp, record)`, returning `code, timestamp, record` (Fluent Bit's lua filter).
   */
  public static lua(script: LuaScript, call: string, options: LuaFilterOptions = {}): LogFilter {
    checkCall('LogFilter.lua', instanceOf(LuaScript, 'LuaScript.fromFile("lua/redact.lua")')(script, 'script'), text('redact')(call, 'call'),
      optionsProblems(options, 'options', LUA_FILTER_OPTIONS_SCHEMA, 'LuaFilterOptions'));
    return new LogFilter('lua', options, { script, call });
  }

  private constructor(
    /** The Fluent Bit filter plugin. */
    public readonly plugin: string,
    private readonly options: LogFilterOptions & ParserFilterOptions & LuaFilterOptions,
    private readonly typed: { readonly parsers?: LogParser[]; readonly script?: LuaScript; readonly call?: string } = {}) {}

  /** The parsers it applies, to be defined in the parsers file. @internal */
  public get _parsers(): LogParser[] {
    return this.typed.parsers ?? [];
  }

  /** The Lua script it runs, to be mounted. @internal */
  public get _script(): LuaScript | undefined {
    return this.typed.script;
  }

  /** @internal */
  public _problems(property: string): Problem[] {
    const problems: Problem[] = [];
    if (!PLUGIN.test(this.plugin)) {
      problems.push({ property: `${property}.plugin`, value: this.plugin, expected: 'Name a Fluent Bit filter plugin in lowercase letters, digits and "_", e.g. "grep".' });
    }
    const match = this.options.match;
    if (match !== undefined && (match.length === 0 || /\s/.test(match))) {
      problems.push({ property: `${property}.match`, value: match, expected: 'Use a tag pattern without spaces, e.g. "kube.*" (container logs) or "*".' });
    }
    const typed = Object.keys(this.typedSection());
    const fix = typed.length > 2
      ? `Use a Fluent Bit property name (letters, digits, "_", "." and "-") other than those the filter sets from its options: ${typed.join(', ')}.`
      : 'Use a Fluent Bit property name (letters, digits, "_", "." and "-"); the plugin and match are set by custom(plugin, { match }).';
    for (const key of Object.keys(this.options.properties ?? {})) {
      if (!PROPERTY_KEY.test(key) || typed.some(k => k.toLowerCase() === key.toLowerCase())) {
        problems.push({ property: `${property}.properties`, value: key, expected: fix });
      }
    }
    const { parsers, script, call } = this.typed;
    if (parsers !== undefined) {
      if (parsers.length === 0) problems.push({ property: `${property}.parsers`, value: [], expected: 'Give at least one parser, e.g. [LogParser.builtIn("json")].' });
      parsers.forEach((p, i) => problems.push(...p._problems(`${property}.parsers[${i}]`)));
      const key = this.options.keyName;
      if (key !== undefined && !/^[^\s]+$/.test(key)) problems.push({ property: `${property}.keyName`, value: key, expected: 'Name the field to parse, without spaces, e.g. "log".' });
    }
    if (script !== undefined && call !== undefined) {
      if (!FUNCTION.test(call)) {
        problems.push({ property: `${property}.call`, value: call, expected: 'Name a Lua function: letters, digits and "_", not starting with a digit, e.g. "redact".' });
      } else {
        problems.push(...script._problems(`${property}.script`, call).map(p => p.property === 'call' ? { ...p, property: `${property}.call` } : p));
      }
    }
    return problems;
  }

  /** @internal */
  public _render(): ConfigSection {
    return { ...this.typedSection(), ...this.options.properties };
  }

  private typedSection(): ConfigSection {
    const section: ConfigSection = { name: this.plugin, match: this.options.match ?? CONTAINER_TAG };
    const { parsers, script, call } = this.typed;
    if (parsers !== undefined) {
      section.key_name = this.options.keyName ?? 'log';
      section.parser = parsers.map(p => p.name);
      section.reserve_data = this.options.reserveData === false ? 'off' : 'on';
      section.preserve_key = this.options.preserveKey ? 'on' : 'off';
    }
    if (script !== undefined && call !== undefined) {
      section.script = script._path;
      section.call = call;
      if (this.options.timeAsTable) section.time_as_table = 'on';
    }
    return section;
  }
}
