/**
 * SHA-256 as lower-case hex, remembered by text. An app of many agents of one kind hashes the
 * same configuration (a checksum annotation) and the same privilege names for every agent; node's
 * hash object costs more to set up than most of these texts cost to hash.
 */
import { createHash } from 'crypto';
import { Remembered } from './remembered';

/** A few texts per kind of agent and configuration is the common case. */
const digests = new Remembered<string, string>(512);
/** Longer texts are hashed every time rather than kept alive for the rest of the process. */
const LONGEST_REMEMBERED = 64 * 1024;

/** The SHA-256 of `text` (UTF-8), as 64 hex digits. */
export function sha256(text: string): string {
  return text.length <= LONGEST_REMEMBERED ? digests.get(text, digest) : digest(text);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
