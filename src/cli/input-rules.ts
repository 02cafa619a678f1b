/**
 * The help paragraph on how input is read, shared by every subcommand that reads manifests, and
 * built from the reader's own limits so the help cannot drift from them.
 */
import { MAX_INPUT_BYTES } from '../planner/read-input';
import { MAX_YAML_NESTING } from '../planner/yaml-text';

export const INPUT_RULES = `Input is read as kubectl reads it: YAML 1.1 (unquoted yes and no are booleans) or JSON, in
UTF-8 (a byte-order mark is skipped; UTF-16 is refused: convert it). Each file, and standard
input, may hold up to ${MAX_INPUT_BYTES / (1024 * 1024)} MiB, nested up to ${MAX_YAML_NESTING} levels. Only regular files are read: a device,
FIFO or socket is refused (pipe into - instead).`;
