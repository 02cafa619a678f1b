/**
 * SHA-256 as lower-case hex, remembered by text. An app of many agents of one kind hashes the
 * same configuration (a checksum annotation) and the same privilege names for every agent; node's
 * hash object costs more to set up than most of these texts cost to hash.
 */
import { createHash } from 'crypto';

/** How many texts are remembered: a few per kind of agent and configuration is the common case. */
const REMEMBERED = 512;
/** Longer texts are hashed every time rather than kept alive for the rest of the process. */
const LONGEST_REMEMBERED = 64 * 1024;

const digests = new Map<string, string>();

/** The SHA-256 of `text` (UTF-8), as 64 hex digits. */
export function sha256(text: string): string {
  const known = digests.get(text);
  if (known !== undefined) return known;
  const digest = createHash('sha256').update(text).digest('hex');
  if (text.length <= LONGEST_REMEMBERED) {
    // Full: forget everything rather than track use; an app refills what it needs in one agent.
    if (digests.size >= REMEMBERED) digests.clear();
    digests.set(text, digest);
  }
  return digest;
}
