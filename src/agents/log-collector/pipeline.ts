/**
 * The log collector's pipeline beyond its outputs, resolved from the props: the extra inputs
 * (the `systemdUnits` short form included), the parsers every part refers to (each defined
 * once, in the parsers file), the multiline parsers, the Lua scripts and their ConfigMap keys,
 * and every problem of them, all at once. Internal to the agent.
 */
import { ConfigSection, renderParsersFile } from './config';
import { LogFilter } from './filters';
import { LogInput } from './inputs';
import { LuaScript } from './lua';
import { MultilineParser } from './multiline';
import { LogParser } from './parsers';
import { Problem } from '../../base/errors';

/** What the pipeline is built from (the props, with their defaults). */
export interface PipelineProps {
  readonly systemdUnits: string[];
  readonly inputs: LogInput[];
  readonly parsers: LogParser[];
  readonly multiline: MultilineParser[];
  readonly filters: LogFilter[];
  readonly memBufLimitBytes: number;
  readonly filesystemBuffering: boolean;
}

/** The resolved pipeline. */
export interface Pipeline {
  readonly problems: Problem[];
  /** Every input besides the container logs. */
  readonly inputs: LogInput[];
  /** Their sections, each with its own position DB. */
  readonly inputSections: ConfigSection[];
  readonly filterSections: ConfigSection[];
  /** The multiline parsers' names, in order. */
  readonly multiline: string[];
  /** The parsers file's text, when the collector defines any parser. */
  readonly parsersFile?: string;
  /** The Lua scripts by file name. */
  readonly luaScripts: Record<string, string>;
}

/** Resolves the pipeline; it has sections only when it has no problems. */
export function resolvePipeline(p: PipelineProps): Pipeline {
  const problems: Problem[] = [];
  const journal = p.systemdUnits.length > 0 ? [LogInput.systemd({ units: p.systemdUnits })] : [];
  const inputs = [...journal, ...p.inputs];
  // The short form names its units as given, so its problems keep the prop's name.
  if (journal.length > 0) problems.push(...journal[0]._problems('systemdUnits').map(q => ({ ...q, property: q.property.replace(/^systemdUnits\.units/, 'systemdUnits') })));
  p.inputs.forEach((input, i) => problems.push(...input._problems(`inputs[${i}]`)));
  // Two journal inputs reading one unit would ship each of its entries twice.
  const readers = new Map<string, string>();
  inputs.forEach((input, i) => {
    const where = i < journal.length ? 'systemdUnits' : `inputs[${i - journal.length}].units`;
    for (const unit of new Set(input._units)) {
      const first = readers.get(unit);
      if (first === undefined) readers.set(unit, where);
      else problems.push({ property: where, value: unit, expected: `${first} already reads this unit, so each entry would be shipped twice: read it in one journal input.` });
    }
  });

  const parsers = new Definitions<LogParser>('parser', problems);
  p.parsers.forEach((parser, i) => {
    problems.push(...parser._problems(`parsers[${i}]`));
    parsers.add(parser, `parsers[${i}]`);
  });
  p.multiline.forEach((m, i) => {
    problems.push(...m._problems(`multiline[${i}]`));
    if (p.multiline.indexOf(m) < i) problems.push({ property: `multiline[${i}]`, value: m.name, expected: `multiline[${p.multiline.indexOf(m)}] is the same parser: list each once.` });
    if (m._parser !== undefined) parsers.add(m._parser, `multiline[${i}].parser`);
  });
  const multiline = new Definitions<MultilineParser>('multiline parser', problems);
  p.multiline.forEach((m, i) => multiline.add(m, `multiline[${i}]`));

  const scripts = new Definitions<LuaScript>('Lua script', problems);
  p.filters.forEach((f, i) => {
    problems.push(...f._problems(`filters[${i}]`));
    f._parsers.forEach((parser, j) => parsers.add(parser, `filters[${i}].parsers[${j}]`));
    if (f._script !== undefined) scripts.add(f._script, `filters[${i}].script`, (a, b) => a.code === b.code);
  });

  // Rendered only when valid: a problem can make a part unrenderable (a fraction of a millisecond).
  if (problems.length > 0) return { problems, inputs, inputSections: [], filterSections: [], multiline: [], luaScripts: {} };
  const ownParsers = parsers.all.filter(x => !x._stock);
  const ownMultiline = multiline.all.map(m => m._render()).filter((s): s is ConfigSection => s !== undefined);
  return {
    problems,
    inputs,
    inputSections: inputs.map((input, i) => ({
      ...input._render(i === 0 ? 'journal.db' : `journal-${i}.db`, p.memBufLimitBytes),
      ...(p.filesystemBuffering ? { 'storage.type': 'filesystem' } : {}),
    })),
    filterSections: p.filters.map(f => f._render()),
    multiline: p.multiline.map(m => m.name),
    parsersFile: ownParsers.length + ownMultiline.length > 0 ? renderParsersFile(ownParsers.map(x => x._render()), ownMultiline) : undefined,
    luaScripts: Object.fromEntries(scripts.all.map(s => [s.name, s.code])),
  };
}

/**
 * Named things defined once each: the same object (or an equal one, by `same`) is kept once,
 * and a different one under a taken name is a problem, as Fluent Bit would refuse or shadow it.
 */
class Definitions<T extends { readonly name: string }> {
  private readonly byName = new Map<string, { readonly item: T; readonly at: string }>();

  public constructor(private readonly kind: string, private readonly problems: Problem[]) {}

  public add(item: T, at: string, same: (a: T, b: T) => boolean = (a, b) => a === b): void {
    const key = item.name.toLowerCase();
    const first = this.byName.get(key);
    if (first === undefined) {
      this.byName.set(key, { item, at });
    } else if (!same(first.item, item)) {
      this.problems.push({ property: `${at}.name`, value: item.name, expected: `${first.at} is another ${this.kind} named "${first.item.name}": give each ${this.kind} its own name, or use the same object for both.` });
    }
  }

  public get all(): T[] {
    return [...this.byName.values()].map(e => e.item);
  }
}
