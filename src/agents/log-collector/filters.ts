import { ConfigSection, CONTAINER_TAG } from './config';
import { Problem } from '../../base/errors';
import { isString, mapOf, optional, Schema } from '../../validation/guards';
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

const PLUGIN = /^[a-z][a-z0-9_]*$/;
const PROPERTY_KEY = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/**
 * An extra Fluent Bit filter, run after the Kubernetes metadata filter (so it can use
 * `$kubernetes[...]` fields): the escape hatch for processing this library does not type.
 *
 * @example
 * LogFilter.custom('grep', { properties: { exclude: "$kubernetes['container_name'] ^istio-proxy$" } })
 */
export class LogFilter {
  /** Any Fluent Bit filter plugin (e.g. `grep`, `modify`, `nest`, `lua`) with its properties. */
  public static custom(plugin: string, options: LogFilterOptions = {}): LogFilter {
    checkCall('LogFilter.custom', text('grep')(plugin, 'plugin'), optionsProblems(options, 'options', LOG_FILTER_OPTIONS_SCHEMA, 'LogFilterOptions'));
    return new LogFilter(plugin, options);
  }

  private constructor(
    /** The Fluent Bit filter plugin. */
    public readonly plugin: string,
    private readonly options: LogFilterOptions) {}

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
    for (const key of Object.keys(this.options.properties ?? {})) {
      if (!PROPERTY_KEY.test(key) || ['name', 'match'].includes(key.toLowerCase())) {
        problems.push({ property: `${property}.properties`, value: key, expected: 'Use a Fluent Bit property name (letters, digits, "_", "." and "-"); the plugin and match are set by custom(plugin, { match }).' });
      }
    }
    return problems;
  }

  /** @internal */
  public _render(): ConfigSection {
    return { name: this.plugin, match: this.options.match ?? CONTAINER_TAG, ...this.options.properties };
  }
}
