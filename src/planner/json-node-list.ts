/**
 * A JSON node inventory parsed as it is read, one node at a time, so that its text never exists
 * as one string: a 200 MB `kubectl get nodes -o json` would otherwise be held as text while it is
 * parsed, beside the objects parsed from it.
 *
 * The text is cut, by its nesting depth and its strings (nothing else is interpreted here), into
 * the items of one list (the top-level array, or the top-level `items` array of an object) and
 * the rest, the skeleton, where each item is replaced by `0`. Each item is parsed by JSON.parse
 * as soon as it ends; the skeleton at the end. JSON.parse is what judges the text, so a valid
 * text gives what JSON.parse of the whole would, and an invalid one its first error: an item that
 * fails is parsed again after the skeleton before it (the parser's state there) and the character
 * after it, and every position found is mapped back to the line and column of the whole text.
 */
import { PlannerInputError } from './errors';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** What the top-level value is, as far as it has been read. */
enum Top { NONE, ARRAY, OBJECT, OTHER }

/** Whether `text` is only JSON's whitespace (less than JavaScript's \s). A loop: V8 tries an anchored regular expression at every offset. */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false;
  }
  return true;
}

/** The longest raw key that may still decode to "items" (each letter as a \uXXXX escape). */
const MAX_ITEMS_KEY = 2 + 5 * 6;

/** A JSON.parse message without its position or excerpt, and the offset it names, if any. */
function parseFailure(text: string): { reason: string; at?: number } | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const m = /at position (\d+)/.exec(message);
    const at = m ? Number(m[1]) : /Unexpected end of JSON input/.test(message) ? text.length : undefined;
    // V8 appends the position (given here as line and column) or a multi-line excerpt ("..." is
    // not valid JSON); keep the first clause.
    return { reason: message.replace(/ (in JSON )?at position \d+.*$/s, '').replace(/, (\.\.\.)?".*$/s, ''), at };
  }
}

function decodesToItems(raw: string): boolean {
  try {
    return JSON.parse(raw) === 'items';
  } catch {
    return false;
  }
}

/**
 * A copy of a short piece of a chunk: a longer substring would be a slice that keeps the whole
 * chunk alive (V8 copies substrings under 13 characters, and flattens a concatenation into a new
 * string).
 */
function detached(s: string): string {
  return s.length < 13 ? s : (` ${s}`).slice(1);
}

/** A place in the text: its line (from 1) and the offset where that line starts. */
interface Place {
  line: number;
  lineStart: number;
}

/** `:line:col` of `offset`, counting the newlines of `text` (which starts at `base`, on `from`'s line) before it. */
function lineCol(from: Place, base: number, text: string, offset: number): string {
  let { line, lineStart } = from;
  for (let k = text.indexOf('\n'); k >= 0 && base + k < offset; k = text.indexOf('\n', k + 1)) {
    line++;
    lineStart = base + k + 1;
  }
  return `:${line}:${offset - lineStart + 1}`;
}

/**
 * Parses a JSON text given in chunks; the items of its list go to `onItem` as they are parsed.
 *
 * @example
 * const nodes: unknown[] = [];
 * const list = new JsonNodeList('nodes.json', node => nodes.push(node), 256 * 2 ** 20);
 * for (const chunk of chunks) list.push(chunk);
 * const doc = list.end(nodes); // { kind: 'List', items: nodes, ... }
 */
export class JsonNodeList {
  private readonly skeleton: string[] = [];
  private skeletonLength = 0;
  /** Per item cut out: the skeleton offset after its `0`, and the offset and place of the text after the item. */
  private readonly cutEnd: number[] = [];
  private readonly resumeAt: number[] = [];
  private readonly resumePlace: Place[] = [];

  /** The chunk being scanned, and the offset of its start in the whole text. */
  private text = '';
  private offset = 0;
  /** Newlines are counted up to `counted`; `place` is the line there. */
  private counted = 0;
  private readonly place: Place = { line: 1, lineStart: 0 };

  private depth = 0;
  private inString = false;
  /** The last chunk ended inside a string, after an odd number of backslashes. */
  private escaped = false;
  private top = Top.NONE;

  /** In the top-level object: a key comes next; the key being read; the last key was "items"; its value comes next. */
  private keyNext = false;
  private key: { parts: string[]; from: number; length: number; where: string } | undefined;
  private keyIsItems = false;
  private itemsValueNext = false;

  /** The depth inside the list being cut (0 when none is), and whether one was (only one is). */
  private listDepth = 0;
  private cut = false;
  /** The item being read: its text in earlier chunks, where it starts in this one, its offset and place. */
  private item: { parts: string[]; from: number; length: number; at: number; place: Place } | undefined;
  /** Where the skeleton's current stretch starts in this chunk. */
  private segment = 0;

  /**
   * @param name names the input in messages
   * @param onItem receives each item of the list, parsed
   * @param maxChars the most characters the skeleton, or one item, may hold
   */
  constructor(private readonly name: string, private readonly onItem: (item: unknown) => void, private readonly maxChars: number) {}

  /** Reads the next chunk of the text. */
  public push(text: string): void {
    this.text = text;
    this.segment = 0;
    if (this.item) this.item.from = 0;
    if (this.key) this.key.from = 0;
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (this.inString) {
        i = this.skipString(i);
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === QUOTE) this.openString(i);
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.open(i, c);
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) this.close(i);
      else if (c === COMMA) this.comma(i);
      else if (c === COLON) this.colon();
      else if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) this.scalar();
      i++;
    }
    this.endChunk();
  }

  /**
   * Ends the text and returns the document it holds, with `items` in place of the list that was
   * cut (the items given to onItem, or any list the caller wants there).
   */
  public end(items: unknown[]): unknown {
    this.text = '';
    if (this.item) this.endItem('', '');
    const skeleton = this.skeletonText();
    const failure = parseFailure(skeleton);
    if (failure) throw this.invalid(failure.reason, failure.at === undefined ? '' : this.skeletonLineCol(skeleton, failure.at));
    const doc = JSON.parse(skeleton);
    if (!this.cut) return doc;
    if (this.top === Top.ARRAY) return items;
    doc.items = items;
    return doc;
  }

  /** Skips string content from `i`; returns where scanning goes on. */
  private skipString(from: number): number {
    const text = this.text;
    let i = from;
    if (this.escaped) {
      this.escaped = false;
      i++;
    }
    for (;;) {
      const q = text.indexOf('"', i);
      let k = q < 0 ? text.length : q;
      while (k > i && text.charCodeAt(k - 1) === BACKSLASH) k--;
      const backslashes = (q < 0 ? text.length : q) - k;
      if (q < 0) {
        this.escaped = backslashes % 2 === 1;
        return text.length;
      }
      if (backslashes % 2 === 0) {
        this.inString = false;
        this.closeString(q);
        return q + 1;
      }
      i = q + 1;
    }
  }

  private atTopLevelOfObject(): boolean {
    return this.top === Top.OBJECT && this.depth === 1;
  }

  private openString(i: number): void {
    this.inString = true;
    if (!this.atTopLevelOfObject()) return;
    if (this.keyNext) {
      this.keyNext = false;
      this.key = { parts: [], from: i, length: 0, where: this.lineColAt(this.offset + i) };
    } else {
      this.itemsValueNext = false;
    }
  }

  private closeString(q: number): void {
    const key = this.key;
    if (!key) return;
    this.key = undefined;
    this.keyIsItems = key.length + q + 1 - key.from <= MAX_ITEMS_KEY && decodesToItems(key.parts.join('') + this.text.slice(key.from, q + 1));
    if (this.keyIsItems && this.cut) {
      // JSON.parse would keep the last list, whose items would be read after the first's were given.
      throw new PlannerInputError(`${this.name}${key.where}: the key "items" is given a second time; a node list has one list of items`);
    }
  }

  private open(i: number, c: number): void {
    if (this.top === Top.NONE) {
      this.top = c === OPEN_BRACKET ? Top.ARRAY : Top.OBJECT;
      this.depth = 1;
      if (c === OPEN_BRACKET) this.startList(i, 1);
      else this.keyNext = true;
      return;
    }
    if (this.atTopLevelOfObject()) {
      if (c === OPEN_BRACKET && this.itemsValueNext && !this.cut) this.startList(i, 2);
      this.itemsValueNext = false;
    }
    this.depth++;
  }

  private close(i: number): void {
    if (this.listDepth > 0 && this.depth === this.listDepth) {
      this.endItem(this.text.slice(this.item!.from, i), this.text[i]);
      this.segment = i;
      this.listDepth = 0;
    }
    this.depth--;
  }

  private comma(i: number): void {
    if (this.listDepth > 0 && this.depth === this.listDepth) {
      this.endItem(this.text.slice(this.item!.from, i), ',');
      this.segment = i;
      this.startItem(i + 1);
    } else if (this.atTopLevelOfObject()) {
      this.keyNext = true;
      this.itemsValueNext = false;
    }
  }

  private colon(): void {
    if (!this.atTopLevelOfObject()) return;
    this.itemsValueNext = this.keyIsItems;
    this.keyIsItems = false;
  }

  /** Any other character outside strings: a number, true, false, null, or something JSON.parse will refuse. */
  private scalar(): void {
    if (this.top === Top.NONE) this.top = Top.OTHER;
    else if (this.atTopLevelOfObject()) this.itemsValueNext = false;
  }

  private startList(i: number, depth: number): void {
    this.listDepth = depth;
    this.cut = true;
    this.startItem(i + 1);
  }

  private startItem(from: number): void {
    this.appendSkeleton(this.text.slice(this.segment, from));
    const at = this.offset + from;
    this.countLinesTo(at);
    this.item = { parts: [], from, length: 0, at, place: { ...this.place } };
  }

  /** Ends the item being read with `tail`, its text in this chunk; `next` is the character after it ('' at the end). */
  private endItem(tail: string, next: string): void {
    const item = this.item!;
    this.item = undefined;
    item.parts.push(tail);
    const text = item.parts.length === 1 ? tail : item.parts.join('');
    if (isBlank(text)) {
      // `[]`, or an item missing (`[1,,2]`): the skeleton keeps it for JSON.parse to judge.
      this.appendSkeleton(text);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw this.itemError(item, text, next);
    }
    this.onItem(value);
    this.appendSkeleton('0');
    const end = item.at + text.length;
    this.countLinesTo(end);
    this.cutEnd.push(this.skeletonLength);
    this.resumeAt.push(end);
    this.resumePlace.push({ ...this.place });
  }

  /** The error of an item JSON.parse refused: the first error of the skeleton before it, the item and the character after it. */
  private itemError(item: NonNullable<JsonNodeList['item']>, text: string, next: string): PlannerInputError {
    const before = this.skeletonText();
    // The parser fails there too: the item alone is not one value, and the character after it ends one.
    const failure = parseFailure(before + text + next)!;
    if (failure.at === undefined) return this.invalid(failure.reason, '');
    if (failure.at < before.length) return this.invalid(failure.reason, this.skeletonLineCol(before, failure.at));
    return this.invalid(failure.reason, lineCol(item.place, item.at, text, item.at + failure.at - before.length));
  }

  private invalid(reason: string, where: string): PlannerInputError {
    return new PlannerInputError(`${this.name}${where}: invalid JSON: ${reason}`);
  }

  /** `:line:col` of an offset in the skeleton, in the whole text. */
  private skeletonLineCol(skeleton: string, at: number): string {
    // The last item cut out before `at`: after it, skeleton and text run alike.
    let lo = 0;
    let hi = this.cutEnd.length;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.cutEnd[mid] <= at) lo = mid + 1;
      else hi = mid;
    }
    const k = lo - 1;
    const [sBase, base, place] = k < 0 ? [0, 0, { line: 1, lineStart: 0 }] : [this.cutEnd[k], this.resumeAt[k], this.resumePlace[k]];
    return lineCol(place, base, skeleton.slice(sBase, at), base + at - sBase);
  }

  private skeletonText(): string {
    const text = this.skeleton.join('');
    this.skeleton.length = 0;
    this.skeleton.push(text);
    return text;
  }

  private appendSkeleton(s: string): void {
    if (s.length === 0) return;
    this.skeleton.push(detached(s));
    this.skeletonLength += s.length;
    this.checkSize(this.skeletonLength);
  }

  private checkSize(chars: number): void {
    if (chars <= this.maxChars) return;
    throw new PlannerInputError(`${this.name}: more than ${this.maxChars / 2 ** 20} MiB of this JSON is outside the items of a node list, or in one item; only a node list, read one node at a time, may be larger`);
  }

  /** Counts newlines in this chunk up to the whole text's `offset`. */
  private countLinesTo(offset: number): void {
    const text = this.text;
    const end = offset - this.offset;
    for (let k = text.indexOf('\n', this.counted - this.offset); k >= 0 && k < end; k = text.indexOf('\n', k + 1)) {
      this.place.line++;
      this.place.lineStart = this.offset + k + 1;
    }
    this.counted = offset;
  }

  private lineColAt(offset: number): string {
    this.countLinesTo(offset);
    return `:${this.place.line}:${offset - this.place.lineStart + 1}`;
  }

  /** Keeps what the chunk's end leaves open (an item, a key, the skeleton's stretch) for the next. */
  private endChunk(): void {
    const text = this.text;
    if (this.item) {
      const rest = text.slice(this.item.from);
      this.item.parts.push(rest);
      this.item.length += rest.length;
      this.checkSize(this.item.length);
    } else {
      this.appendSkeleton(text.slice(this.segment));
    }
    if (this.key) {
      const rest = text.slice(this.key.from);
      this.key.length += rest.length;
      if (this.key.length <= MAX_ITEMS_KEY) this.key.parts.push(rest);
    }
    this.countLinesTo(this.offset + text.length);
    this.offset += text.length;
  }
}
