/**
 * YAML text to values, as kubectl reads it, with the line of each document and List item for
 * messages. Hostile input is refused before it reaches the parser: its composer recurses once per
 * level of nesting, and at a few hundred levels V8 either overflows the stack or, when a regular
 * expression is recompiled at that depth, aborts the whole process ("RegExpCompiler Allocation
 * failed"), which no catch can turn into a message.
 */
import type { Document, LineCounter, Tags } from 'yaml';
import { PlannerInputError } from './errors';
import { yaml } from '../base/yaml-library';

/**
 * The deepest nesting read: levels of flow collections plus the columns of indentation and the
 * `- ` and `? ` indicators on a line, an upper bound on the parser's recursion. Kubernetes objects
 * nest about 20 levels; the parser overflows near 900.
 */
export const MAX_YAML_NESTING = 400;

/**
 * kubectl reads manifests as YAML 1.1 (sigs.k8s.io/yaml over go-yaml v2): `yes`, `on`, `y` are
 * booleans and `0644` is octal, so `nodeSelector: {gpu: yes}` is refused by the API server. We parse
 * the same way to agree with it, minus two YAML 1.1 types go-yaml does not resolve into plain
 * values: base-60 numbers (`12:30` stays a string) and timestamps (`2024-01-01` stays a string).
 */
const KUBECTL_TAGS = (tags: Tags): Tags =>
  tags.filter(t => !(typeof t === 'object' && (t.format === 'TIME' || t.tag === 'tag:yaml.org,2002:timestamp')));

/** One YAML document's value and where it is. */
export interface YamlDocument {
  readonly value: unknown;
  /** The line its content starts on. */
  readonly line: number;
  /** The line of `items[i]` in a List document (the document's line if it has no such item). */
  itemLine(i: number): number;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Refuses text nested deeper than MAX_YAML_NESTING, with the line where it gets too deep. */
function checkNesting(text: string, name: string): void {
  let flow = 0;
  let indent = 0;
  let indicators = 0;
  let line = 1;
  let lineStart = true;
  // The lexer is a flat state machine (no recursion), and knows quotes, comments and block scalars.
  for (const token of new yaml.Lexer().lex(text)) {
    if (token === '\n') {
      line++;
      indent = 0;
      indicators = 0;
      lineStart = true;
      continue;
    }
    if (token === '[' || token === '{') flow++;
    else if (token === ']' || token === '}') flow = Math.max(0, flow - 1);
    else if (token === '-' || token === '?') indicators++;
    else if (lineStart && token[0] === ' ') indent = token.length;
    else line += countNewlines(token);
    lineStart = false;
    if (flow + indent + indicators > MAX_YAML_NESTING) {
      throw new PlannerInputError(`${name}:${line}: YAML nested too deeply (more than ${MAX_YAML_NESTING} levels of brackets, indentation and list items); Kubernetes objects nest far less`);
    }
  }
}

function yamlErrorText(message: string): string {
  return message.replace(/ at line \d+, column \d+[\s\S]*$/, '');
}

/**
 * The start of the first mapping key that is a list or a map (`? [a, b]`, `{[a]: 1}`). kubectl
 * refuses them (JSON keys are strings); the parser would turn them into text such as "[ a, b ]".
 */
function collectionKeyStart(doc: Document): number | undefined {
  let start: number | undefined;
  yaml.visit(doc, {
    Pair(_, pair) {
      const key = yaml.isAlias(pair.key) ? pair.key.resolve(doc) : pair.key;
      if (!yaml.isCollection(key)) return undefined;
      start = (pair.key as { range?: [number, number, number] }).range?.[0] ?? 0;
      return yaml.visit.BREAK;
    },
  });
  return start;
}

function lineOf(doc: Document, lines: LineCounter): number {
  const start = doc.contents?.range?.[0] ?? doc.range?.[0];
  return start === undefined ? 1 : lines.linePos(start).line;
}

/** Every document of a YAML text; `name` names the input in messages. */
export function yamlDocuments(text: string, name: string): YamlDocument[] {
  checkNesting(text, name);
  const lines = new yaml.LineCounter();
  // logLevel 'error': the parser's warnings would go to the process's stderr; what matters of them
  // is refused below.
  const docs = yaml.parseAllDocuments(text, { lineCounter: lines, version: '1.1', customTags: KUBECTL_TAGS, logLevel: 'error' });
  // parseAllDocuments returns an empty collection, not a list, for a text without documents.
  if (!Array.isArray(docs)) return [];
  return docs.map(doc => {
    const error = doc.errors[0];
    if (error) {
      const pos = lines.linePos(error.pos[0]);
      throw new PlannerInputError(`${name}:${pos.line}:${pos.col}: YAML error: ${yamlErrorText(error.message)}`);
    }
    const keyStart = collectionKeyStart(doc);
    if (keyStart !== undefined) {
      const pos = lines.linePos(keyStart);
      throw new PlannerInputError(`${name}:${pos.line}:${pos.col}: YAML error: a mapping key is a list or a map; kubectl accepts only plain keys (strings, numbers)`);
    }
    const line = lineOf(doc, lines);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (err) {
      // An alias bomb (a billion laughs) or an alias to nothing.
      throw new PlannerInputError(`${name}:${line}: YAML error: ${err instanceof Error ? err.message : String(err)}`);
    }
    const itemLine = (i: number): number => {
      const item = doc.getIn(['items', i], true) as { range?: [number, number, number] } | undefined;
      return item?.range ? lines.linePos(item.range[0]).line : line;
    };
    return { value, line, itemLine };
  });
}
