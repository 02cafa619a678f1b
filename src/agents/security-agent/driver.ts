import { Size, SizeRoundingBehavior } from 'cdk8s';
import { Capability } from 'cdk8s-plus-28';
import { Problem } from '../../base/errors';
import { isBoolean, optional, Schema } from '../../validation/guards';
import { isSize } from '../../validation/plus-schemas';
import { checkCall, count, optionsProblems } from '../agent-guards';

/** Options of the modern eBPF driver. */
export interface FalcoModernEbpfOptions {
  /**
   * Take CAP_SYS_ADMIN instead of CAP_BPF and CAP_PERFMON. Linux 5.8 split those two out of
   * CAP_SYS_ADMIN; older kernels that have the modern probe's features backported (BTF and the
   * BPF ring buffer, e.g. RHEL 8's 4.18) still ask for CAP_SYS_ADMIN to load BPF programs.
   * CAP_SYS_ADMIN is far broader: set this only for such kernels.
   * @default false
   */
  readonly sysAdmin?: boolean;
  /**
   * The size of each ring buffer between the kernel and Falco: a power of two from 1 MiB to
   * 512 MiB (Falco's `buf_size_preset` 1 to 10). Raise it when Falco reports dropped events on
   * busy nodes; the memory counts against the container's limit.
   * @default Size.mebibytes(8) (preset 4, Falco's default)
   */
  readonly bufferSize?: Size;
  /**
   * How many CPUs share one ring buffer; 0 means one buffer for all CPUs.
   * @default 2 (Falco's default)
   */
  readonly cpusForEachBuffer?: number;
}

/** Options of the kernel-module driver. */
export interface FalcoKernelModuleOptions {
  /**
   * The size of each per-CPU ring buffer: a power of two from 1 MiB to 512 MiB (Falco's
   * `buf_size_preset` 1 to 10).
   * @default Size.mebibytes(8) (preset 4, Falco's default)
   */
  readonly bufferSize?: Size;
}

/** The runtime shape of FalcoModernEbpfOptions. */
export const MODERN_EBPF_OPTIONS_SCHEMA: Schema<FalcoModernEbpfOptions> = {
  sysAdmin: optional(isBoolean),
  bufferSize: optional(isSize),
  cpusForEachBuffer: optional(count('a whole number of CPUs of 0 or more, e.g. 2')),
};

/** The runtime shape of FalcoKernelModuleOptions. */
export const KERNEL_MODULE_OPTIONS_SCHEMA: Schema<FalcoKernelModuleOptions> = {
  bufferSize: optional(isSize),
};

/** Falco's engine kinds (the `engine.kind` of falco.yaml). */
enum Kind {
  MODERN_EBPF = 'modern_ebpf',
  KMOD = 'kmod',
}

// Falco's buf_size_preset table: index 1 is 1 MiB and each index doubles it, up to 10 (512 MiB)
// (falco.yaml at 0.44.1, `engine`).
const DEFAULT_BUFFER = Size.mebibytes(8);
const MAX_PRESET = 10;
const DEFAULT_CPUS_FOR_EACH_BUFFER = 2;

/**
 * How Falco receives the kernel's events.
 *
 * The modern eBPF probe is built into the Falco binary and runs with four capabilities instead
 * of a privileged container (Falco's "least privileged mode"): the default. The kernel module is
 * the legacy driver, for kernels the probe does not support: it must be downloaded or built and
 * loaded into the node's kernel, which takes a privileged init container and a privileged Falco.
 *
 * @example
 * FalcoDriver.modernEbpf()
 * FalcoDriver.modernEbpf({ sysAdmin: true }) // kernels before 5.8 with the probe's features backported
 * FalcoDriver.kernelModule()
 */
export class FalcoDriver {
  /** The modern eBPF probe (kernel 5.8 or later, or older kernels with BTF and the BPF ring buffer backported). */
  public static modernEbpf(options: FalcoModernEbpfOptions = {}): FalcoDriver {
    checkCall('FalcoDriver.modernEbpf', optionsProblems(options, 'options', MODERN_EBPF_OPTIONS_SCHEMA, 'FalcoModernEbpfOptions'));
    return new FalcoDriver(Kind.MODERN_EBPF, options.bufferSize ?? DEFAULT_BUFFER, options.sysAdmin ?? false,
      options.cpusForEachBuffer ?? DEFAULT_CPUS_FOR_EACH_BUFFER);
  }

  /**
   * The legacy kernel module: a privileged init container (the falco-driver-loader image of the
   * same release) downloads a prebuilt module for the node's kernel, or builds it from the node's
   * headers, and loads it; Falco then runs privileged to read it through /dev/falco*. Use it only
   * where the modern eBPF probe cannot run.
   */
  public static kernelModule(options: FalcoKernelModuleOptions = {}): FalcoDriver {
    checkCall('FalcoDriver.kernelModule', optionsProblems(options, 'options', KERNEL_MODULE_OPTIONS_SCHEMA, 'FalcoKernelModuleOptions'));
    return new FalcoDriver(Kind.KMOD, options.bufferSize ?? DEFAULT_BUFFER, false, undefined);
  }

  private constructor(
    private readonly kind: Kind,
    private readonly bufferSize: Size,
    private readonly sysAdmin: boolean,
    private readonly cpusForEachBuffer: number | undefined) {}

  /** Falco's name for the driver (`engine.kind`): "modern_ebpf" or "kmod". */
  public get engineKind(): string {
    return this.kind;
  }

  /** Whether the driver needs privileged containers (only the kernel module does). */
  public get privileged(): boolean {
    return this.kind === Kind.KMOD;
  }

  /**
   * The capabilities Falco adds with the modern eBPF probe (none with the kernel module, whose
   * containers are privileged): Falco's documented least-privileged set.
   * @internal
   */
  public get _capabilities(): Capability[] {
    if (this.kind === Kind.KMOD) return [];
    const load = this.sysAdmin ? [Capability.SYS_ADMIN] : [Capability.BPF, Capability.PERFMON];
    return [...load, Capability.SYS_RESOURCE, Capability.SYS_PTRACE];
  }

  /** The `engine` block of falco.yaml. @internal */
  public get _engine(): Record<string, unknown> {
    const preset = bufferPreset(this.bufferSize);
    const own = this.kind === Kind.MODERN_EBPF
      ? { cpus_for_each_buffer: this.cpusForEachBuffer, buf_size_preset: preset, drop_failed_exit: false }
      : { buf_size_preset: preset, drop_failed_exit: false };
    return { kind: this.kind, [this.kind]: own };
  }

  /** @internal What Falco would refuse; `property` locates the driver, e.g. "driver". */
  public _problems(property: string): Problem[] {
    const problems: Problem[] = [];
    if (bufferPreset(this.bufferSize) === undefined) {
      problems.push({
        property: `${property}.bufferSize`,
        value: `${this.bufferSize.toKibibytes({ rounding: SizeRoundingBehavior.NONE })}Ki`,
        expected: 'Falco sizes its ring buffers in powers of two from 1 MiB to 512 MiB: use e.g. Size.mebibytes(16).',
      });
    }
    const cpus = this.cpusForEachBuffer;
    if (cpus !== undefined && (!Number.isInteger(cpus) || cpus < 0)) {
      problems.push({ property: `${property}.cpusForEachBuffer`, value: cpus, expected: 'Use a whole number of CPUs per ring buffer, 0 or more (0: one buffer for all CPUs), e.g. 2.' });
    }
    return problems;
  }
}

/** Falco's `buf_size_preset` for a size, or undefined if no preset has that size. */
function bufferPreset(size: Size): number | undefined {
  const mebibytes = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) / 1024;
  const preset = Math.log2(mebibytes) + 1;
  return Number.isInteger(preset) && preset >= 1 && preset <= MAX_PRESET ? preset : undefined;
}
