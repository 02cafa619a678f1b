/**
 * The help paragraph on how input is read, shared by every subcommand that reads manifests, and
 * built from the reader's own limits so the help cannot drift from them.
 */
import { MAX_INPUT_BYTES, MAX_NODE_LIST_BYTES } from '../planner/read-input';
import { MAX_YAML_NESTING } from '../planner/yaml-text';

const mib = (bytes: number) => `${bytes / (1024 * 1024)} MiB`;

export const INPUT_RULES = `Input is read as kubectl reads it: YAML 1.1 (unquoted yes and no are booleans) or JSON, in
UTF-8 (a byte-order mark is skipped; UTF-16 is refused: convert it). Each file, and standard
input, may hold up to ${mib(MAX_INPUT_BYTES)}, nested up to ${MAX_YAML_NESTING} levels; a node inventory in JSON (plan
--nodes) is parsed one node at a time and may hold up to ${mib(MAX_NODE_LIST_BYTES)} (in YAML it is read
whole: ${mib(MAX_INPUT_BYTES)}). Only regular files are read: a device, FIFO or socket is refused (pipe
into - instead).`;
