/**
 * Input bytes to text. Manifests and inventories are UTF-8, as the API server and kubectl read
 * them; anything else would be parsed as garbled text and reported with invisible or mangled
 * characters, so it is refused here with a message that says what the file is and what to do.
 * The usual culprit is Windows PowerShell 5, whose `>` writes UTF-16 with a byte-order mark.
 */
import { isUtf8 } from 'buffer';
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

/**
 * The text of `bytes`, read as UTF-8 with an optional byte-order mark (Notepad writes one; kubectl
 * skips it). `name` is how messages name the input.
 */
export function decodeUtf8(bytes: Buffer, name: string): string {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const order = bytes[0] === 0xff ? 'little-endian' : 'big-endian';
    throw new PlannerInputError(`${name}: the file is UTF-16 (${order}, with a byte-order mark), not UTF-8; ${CONVERT}`);
  }
  if (looksLikeUtf16(bytes)) throw new PlannerInputError(`${name}: the file looks like UTF-16 (NUL bytes between the characters), not UTF-8; ${CONVERT}`);
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  // isUtf8 is the fast check (SIMD); the scan that finds where runs only on failure.
  const offset = isUtf8(bytes) ? -1 : firstInvalidUtf8(bytes);
  if (offset >= 0) {
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
    const byte = bytes[offset].toString(16).toUpperCase().padStart(2, '0');
    throw new PlannerInputError(`${name}:${line}: not valid UTF-8 (byte 0x${byte} at offset ${offset}); save the file as UTF-8`);
  }
  return bytes.toString('utf8', start);
}
