import { Size, SizeRoundingBehavior } from 'cdk8s';
import { showSize } from './checks';
import { ConfigSection, STATE_DIR } from './config';
import { Problem } from '../../base/errors';
import { isNumber, optional, Schema } from '../../validation/guards';
import { isSize } from '../../validation/plus-schemas';
import { checkCall, optionsProblems } from '../agent-guards';

/** How the filesystem buffer uses the node's disk and the collector's memory. */
export interface FilesystemBufferingOptions {
  /**
   * How many chunks (up to about 2 MB each) are held in memory at once across all inputs; the
   * others wait on disk. Together with `backlogMemLimit` this bounds the buffer's memory, and
   * must stay below the container's memory limit.
   * @default 32 (about 64 MB; Fluent Bit's 128 would not fit the default 256Mi limit)
   */
  readonly maxChunksUp?: number;
  /**
   * The memory for the chunks a previous pod left on disk, loaded at start (the backlog).
   * @default Size.mebibytes(32) (Fluent Bit's 100M would not fit the default 256Mi limit)
   */
  readonly backlogMemLimit?: Size;
  /**
   * The most data each output keeps on the node's disk while it cannot deliver
   * (`storage.total_limit_size`); past it the output's oldest chunks are dropped. An output's
   * own `bufferLimit` replaces it.
   * @default Size.gibibytes(1): the buffer is on a hostPath, which the kubelet's ephemeral-storage
   * accounting does not see, so an unbounded one can fill the node's disk during a long outage
   * and have the kubelet evict other pods (Fluent Bit's own default is unlimited)
   */
  readonly outputLimit?: Size;
}

/** The runtime shape of FilesystemBufferingOptions. */
export const FILESYSTEM_BUFFERING_OPTIONS_SCHEMA: Schema<FilesystemBufferingOptions> = {
  maxChunksUp: optional(isNumber),
  backlogMemLimit: optional(isSize),
  outputLimit: optional(isSize),
};

/** Where the filesystem buffer lives: in the collector's own host directory, beside its position DBs. */
export const BUFFER_DIR = `${STATE_DIR}/buffer`;
// A chunk is at most this large (FLB_INPUT_CHUNK_FS_MAX_SIZE, include/fluent-bit/flb_input_chunk.h at v5.1.1).
const CHUNK_BYTES = 2048000;
const DEFAULTS = { maxChunksUp: 32, backlogMemLimit: Size.mebibytes(32), outputLimit: Size.gibibytes(1) };

/**
 * Where records wait between the inputs and the outputs.
 *
 * In memory (the default), the container logs' own files are the buffer: when an output falls
 * behind, the tail input pauses at `memBufLimit` and resumes from its position DB, so nothing
 * is lost unless the kubelet rotates a file away meanwhile. On the filesystem, the collector
 * keeps reading and writes what it cannot deliver yet into its state directory on the node,
 * where it survives a restart; each output keeps at most its limit.
 *
 * @example
 * LogBuffering.filesystem({ outputLimit: Size.gibibytes(5) })
 */
export class LogBuffering {
  /** In memory: inputs pause at their memory-buffer limit (`memBufLimit`) until the outputs catch up. */
  public static memory(): LogBuffering {
    return new LogBuffering();
  }

  /** On the node's disk, in the collector's state directory (`storage.type filesystem`). */
  public static filesystem(options: FilesystemBufferingOptions = {}): LogBuffering {
    checkCall('LogBuffering.filesystem', optionsProblems(options, 'options', FILESYSTEM_BUFFERING_OPTIONS_SCHEMA, 'FilesystemBufferingOptions'));
    return new LogBuffering(options);
  }

  private constructor(private readonly options?: FilesystemBufferingOptions) {}

  /** Whether records are buffered on the filesystem. @internal */
  public get _filesystem(): boolean {
    return this.options !== undefined;
  }

  /** The disk limit of an output that sets none itself. @internal */
  public get _outputLimit(): Size {
    return this.options?.outputLimit ?? DEFAULTS.outputLimit;
  }

  /** @internal What would not work; `memoryLimit` is the container's memory limit, if any. */
  public _problems(property: string, memoryLimit: Size | undefined): Problem[] {
    if (this.options === undefined) return [];
    const problems: Problem[] = [];
    const chunks = this.options.maxChunksUp ?? DEFAULTS.maxChunksUp;
    if (!Number.isInteger(chunks) || chunks < 1) {
      problems.push({ property: `${property}.maxChunksUp`, value: chunks, expected: 'Use a whole number of chunks of at least 1, e.g. 32.' });
    }
    const backlog = bytes(this.options.backlogMemLimit ?? DEFAULTS.backlogMemLimit);
    if (backlog === undefined || backlog < 1024 * 1024) {
      problems.push({ property: `${property}.backlogMemLimit`, value: showSize(this.options.backlogMemLimit ?? DEFAULTS.backlogMemLimit), expected: 'Use at least Size.mebibytes(1) in whole KiB, e.g. Size.mebibytes(32).' });
    }
    const limit = bytes(this.options.outputLimit ?? DEFAULTS.outputLimit);
    if (limit === undefined || limit < 1024 * 1024) {
      problems.push({ property: `${property}.outputLimit`, value: showSize(this.options.outputLimit ?? DEFAULTS.outputLimit), expected: 'Use at least Size.mebibytes(1) in whole KiB, e.g. Size.gibibytes(1).' });
    }
    const memory = memoryLimit === undefined ? undefined : bytes(memoryLimit);
    if (problems.length === 0 && memory !== undefined && chunks * CHUNK_BYTES + backlog! >= memory) {
      problems.push({
        property: `${property}.maxChunksUp`,
        value: chunks,
        expected: `${chunks} chunks of up to 2 MB plus the ${backlog! / 1024 / 1024}Mi backlog would fill the whole memory limit (${memory / 1024 / 1024}Mi), so the pod is OOM-killed before the buffer moves chunks to disk: lower maxChunksUp or backlogMemLimit, or raise resources.memory.limit.`,
      });
    }
    return problems;
  }

  /** The service section's storage settings. @internal */
  public _service(): ConfigSection {
    if (this.options === undefined) return {};
    return {
      'storage.path': BUFFER_DIR,
      // Fluent Bit's default sync (normal) and no checksums: a chunk torn by a node crash is
      // dropped at start (storage.delete_irrecoverable_chunks) instead of stopping the collector.
      'storage.delete_irrecoverable_chunks': 'on',
      'storage.max_chunks_up': this.options.maxChunksUp ?? DEFAULTS.maxChunksUp,
      'storage.backlog.mem_limit': bytes(this.options.backlogMemLimit ?? DEFAULTS.backlogMemLimit)!,
    };
  }
}

/** A size in bytes, as Fluent Bit reads sizes; undefined for a fraction of a KiB. */
export function bytes(size: Size): number | undefined {
  const kib = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  return Number.isInteger(kib) ? kib * 1024 : undefined;
}
