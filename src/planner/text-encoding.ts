/**
 * Input bytes to text. Manifests and inventories are UTF-8, as the API server and kubectl read
 * them; anything else would be parsed as garbled text and reported with invisible or mangled
 * characters, so it is refused here with a message that says what the file is and what to do.
 * The usual culprit is Windows PowerShell 5, whose `>` writes UTF-16 with a byte-order mark.
 */
import { PlannerInputError } from './errors';

const CONVERT = 'convert it to UTF-8 (e.g. iconv -f UTF-16 -t UTF-8, or Out-File -Encoding utf8 in PowerShell)';

/**
 * UTF-16 without a byte-order mark: text that starts with an ASCII character has a NUL byte next
 * to it (after it for little-endian, before it for big-endian). UTF-8 text never starts with NUL.
 */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && (bytes[0] === 0) !== (bytes[1] === 0);
}

/**
 * A lead byte's sequence length and the range its second byte must fall in (the Unicode standard's
 * table 3-7, well-formed UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF); every
 * later byte of a sequence is 0x80-0xBF. Undefined for a byte that cannot start a sequence.
 */
function sequence(lead: number): [length: number, low: number, high: number] | undefined {
  if (lead < 0x80) return [1, 0, 0];
  if (lead >= 0xc2 && lead <= 0xdf) return [2, 0x80, 0xbf];
  if (lead === 0xe0) return [3, 0xa0, 0xbf];
  if (lead === 0xed) return [3, 0x80, 0x9f];
  if (lead >= 0xe1 && lead <= 0xef) return [3, 0x80, 0xbf];
  if (lead === 0xf0) return [4, 0x90, 0xbf];
  if (lead === 0xf4) return [4, 0x80, 0x8f];
  if (lead >= 0xf1 && lead <= 0xf3) return [4, 0x80, 0xbf];
  return undefined;
}

/** The byte offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const seq = sequence(bytes[i]);
    if (!seq) return i;
    const [length, low, high] = seq;
    for (let k = 1; k < length; k++) {
      const b = bytes[i + k];
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (b === undefined || b < min || b > max) return i;
    }
    i += length;
  }
  return -1;
}

/** The length of an incomplete sequence at the end of `bytes` (0 to 3): bytes a streaming decoder holds back. */
function incompleteTail(bytes: Uint8Array): number {
  for (let k = 1; k <= Math.min(3, bytes.length); k++) {
    const b = bytes[bytes.length - k];
    if (b >= 0x80 && b <= 0xbf) continue; // a continuation byte: its lead is further back
    const seq = sequence(b);
    return seq && seq[0] > k ? k : 0;
  }
  return 0;
}

function countNewlines(bytes: Uint8Array, end: number): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < end; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}

/**
 * Input bytes to text, chunk by chunk, so that a large input never exists as bytes and text at
 * once: read as UTF-8 with an optional byte-order mark (Notepad writes one; kubectl skips it).
 * `name` is how messages name the input. Chunks after the first may split a character anywhere.
 */
export class Utf8Decoder {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  /** Bytes given before the current chunk, and the newlines among them (for the line in messages). */
  private offset = 0;
  private newlines = 0;
  /** The end of the last chunk, when it ends inside a character: the decoder holds it back. */
  private pending: Uint8Array = new Uint8Array(0);

  constructor(private readonly name: string) {}

  /** The text of the next chunk of bytes; the first must hold the input's first 2 bytes (or all of it). */
  public decode(bytes: Uint8Array): string {
    if (this.offset === 0) this.checkNotUtf16(bytes);
    const text = this.run(bytes, () => this.decoder.decode(bytes, { stream: true }));
    this.offset += bytes.length;
    this.newlines += countNewlines(bytes, bytes.length);
    this.pending = bytes.slice(bytes.length - incompleteTail(bytes));
    return text;
  }

  /** The text held back at the end of the input (an incomplete character is refused). */
  public end(): string {
    return this.run(new Uint8Array(0), () => this.decoder.decode());
  }

  private checkNotUtf16(bytes: Uint8Array): void {
    if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
      const order = bytes[0] === 0xff ? 'little-endian' : 'big-endian';
      throw new PlannerInputError(`${this.name}: the file is UTF-16 (${order}, with a byte-order mark), not UTF-8; ${CONVERT}`);
    }
    if (looksLikeUtf16(bytes)) throw new PlannerInputError(`${this.name}: the file looks like UTF-16 (NUL bytes between the characters), not UTF-8; ${CONVERT}`);
  }

  /**
   * Runs the decoder on `bytes`; when it refuses them, finds where (the decoder does not say): the
   * first bad byte of the held-back end of the last chunk and this one, by the table above.
   */
  private run(bytes: Uint8Array, decode: () => string): string {
    try {
      return decode();
    } catch {
      const held = this.pending.length;
      const scan = new Uint8Array(held + bytes.length);
      scan.set(this.pending);
      scan.set(bytes, held);
      const at = Math.max(0, firstInvalidUtf8(scan));
      const line = this.newlines + countNewlines(scan, at) + 1;
      const byte = scan[at].toString(16).toUpperCase().padStart(2, '0');
      throw new PlannerInputError(`${this.name}:${line}: not valid UTF-8 (byte 0x${byte} at offset ${this.offset - held + at}); save the file as UTF-8`);
    }
  }
}
