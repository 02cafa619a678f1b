import { isString, oneOf, Schema } from '../../validation/guards';
import { checkCall, optionsProblems, text } from '../agent-guards';

/** How dcgm-exporter exposes a DCGM field to Prometheus (the second column of its counters CSV). */
export enum DcgmMetricType {
  /** A value that goes up and down (temperature, utilization, clocks). */
  GAUGE = 'gauge',
  /** A value that only increases (energy, retries, remapped rows). */
  COUNTER = 'counter',
  /** Not a metric: the field's value becomes a label on every other metric (e.g. the driver version). */
  LABEL = 'label',
}

/** Fields of a DCGM counter. */
export interface DcgmCounterProps {
  /**
   * The DCGM field (`DCGM_FI_*`, e.g. "DCGM_FI_DEV_GPU_TEMP") or a field the exporter computes
   * itself (`DCGM_EXP_*`, e.g. "DCGM_EXP_XID_ERRORS_COUNT"). The metric is named after it.
   */
  readonly field: string;
  /** The Prometheus type. */
  readonly type: DcgmMetricType;
  /** The metric's HELP text: one line, without commas or double quotes (the CSV has no quoting). */
  readonly help: string;
}

/** The runtime shape of DcgmCounterProps. */
export const DCGM_COUNTER_PROPS_SCHEMA: Schema<DcgmCounterProps> = {
  field: isString,
  type: oneOf(DcgmMetricType, 'DcgmMetricType'),
  help: isString,
};

const FIELD_ARGUMENT = text('DCGM_FI_DEV_GPU_TEMP');
const HELP_ARGUMENT = text('GPU temperature (in C).');

/** One line of dcgm-exporter's counters CSV: a DCGM field it watches and exports. */
export class DcgmCounter {
  /** A gauge, e.g. `DcgmCounter.gauge('DCGM_FI_DEV_GPU_TEMP', 'GPU temperature (in C).')`. */
  public static gauge(field: string, help: string): DcgmCounter {
    checkCall('DcgmCounter.gauge', FIELD_ARGUMENT(field, 'field'), HELP_ARGUMENT(help, 'help'));
    return new DcgmCounter({ field, type: DcgmMetricType.GAUGE, help });
  }

  /** A counter, e.g. `DcgmCounter.counter('DCGM_FI_DEV_PCIE_REPLAY_COUNTER', 'Total number of PCIe retries.')`. */
  public static counter(field: string, help: string): DcgmCounter {
    checkCall('DcgmCounter.counter', FIELD_ARGUMENT(field, 'field'), HELP_ARGUMENT(help, 'help'));
    return new DcgmCounter({ field, type: DcgmMetricType.COUNTER, help });
  }

  /** A label on every metric, e.g. `DcgmCounter.label('DCGM_FI_DRIVER_VERSION', 'Driver version.')`. */
  public static label(field: string, help: string): DcgmCounter {
    checkCall('DcgmCounter.label', FIELD_ARGUMENT(field, 'field'), HELP_ARGUMENT(help, 'help'));
    return new DcgmCounter({ field, type: DcgmMetricType.LABEL, help });
  }

  /** A counter from its fields (validated when given to the agent). */
  public static of(props: DcgmCounterProps): DcgmCounter {
    checkCall('DcgmCounter.of', optionsProblems(props, 'props', DCGM_COUNTER_PROPS_SCHEMA, 'DcgmCounterProps', true));
    return new DcgmCounter(props);
  }

  /** The DCGM field name. */
  public readonly field: string;
  /** The Prometheus type. */
  public readonly type: DcgmMetricType;
  /** The HELP text. */
  public readonly help: string;

  private constructor(props: DcgmCounterProps) {
    this.field = props.field;
    this.type = props.type;
    this.help = props.help;
  }

  /**
   * Whether this is a profiling (DCP) field, `DCGM_FI_PROF_*`: DCGM reads these from the GPU's
   * performance counters, which needs CAP_SYS_ADMIN (NVIDIA/dcgm-exporter PR #427, issue #407).
   */
  public get isProfiling(): boolean {
    return this.field.startsWith('DCGM_FI_PROF_');
  }
}

/** The counter sets the dcgm-exporter chart 4.8.2 enables (its `exporter-metrics-config-map`). */
export class DcgmCounters {
  /**
   * The chart's default counters without its profiling ones: clocks, temperatures, power and
   * energy, PCIe replays, utilization, XID errors, framebuffer memory, NVLink bandwidth, vGPU
   * licence and row remapping. None needs a capability.
   */
  public static standard(): DcgmCounter[] {
    return [
      DcgmCounter.gauge('DCGM_FI_DEV_SM_CLOCK', 'SM clock frequency (in MHz).'),
      DcgmCounter.gauge('DCGM_FI_DEV_MEM_CLOCK', 'Memory clock frequency (in MHz).'),
      DcgmCounter.gauge('DCGM_FI_DEV_MEMORY_TEMP', 'Memory temperature (in C).'),
      DcgmCounter.gauge('DCGM_FI_DEV_GPU_TEMP', 'GPU temperature (in C).'),
      DcgmCounter.gauge('DCGM_FI_DEV_POWER_USAGE', 'Power draw (in W).'),
      DcgmCounter.counter('DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION', 'Total energy consumption since boot (in mJ).'),
      DcgmCounter.counter('DCGM_FI_DEV_PCIE_REPLAY_COUNTER', 'Total number of PCIe retries.'),
      DcgmCounter.gauge('DCGM_FI_DEV_GPU_UTIL', 'GPU utilization (in %).'),
      DcgmCounter.gauge('DCGM_FI_DEV_MEM_COPY_UTIL', 'Memory utilization (in %).'),
      DcgmCounter.gauge('DCGM_FI_DEV_ENC_UTIL', 'Encoder utilization (in %).'),
      DcgmCounter.gauge('DCGM_FI_DEV_DEC_UTIL', 'Decoder utilization (in %).'),
      DcgmCounter.gauge('DCGM_FI_DEV_XID_ERRORS', 'Value of the last XID error encountered.'),
      DcgmCounter.gauge('DCGM_FI_DEV_FB_FREE', 'Framebuffer memory free (in MiB).'),
      DcgmCounter.gauge('DCGM_FI_DEV_FB_USED', 'Framebuffer memory used (in MiB).'),
      DcgmCounter.counter('DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL', 'Total number of NVLink bandwidth counters for all lanes.'),
      DcgmCounter.gauge('DCGM_FI_DEV_VGPU_LICENSE_STATUS', 'vGPU License status'),
      DcgmCounter.counter('DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS', 'Number of remapped rows for uncorrectable errors'),
      DcgmCounter.counter('DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS', 'Number of remapped rows for correctable errors'),
      DcgmCounter.gauge('DCGM_FI_DEV_ROW_REMAP_FAILURE', 'Whether remapping of rows has failed'),
    ];
  }

  /**
   * The chart's profiling (DCP) counters: engine, tensor-pipe and DRAM activity, PCIe bytes.
   * They need CAP_SYS_ADMIN, so the agent accepts them only with `profilingMetrics: true`.
   */
  public static profiling(): DcgmCounter[] {
    return [
      DcgmCounter.gauge('DCGM_FI_PROF_GR_ENGINE_ACTIVE', 'Ratio of time the graphics engine is active (in %).'),
      DcgmCounter.gauge('DCGM_FI_PROF_PIPE_TENSOR_ACTIVE', 'Ratio of cycles the tensor (HMMA) pipe is active (in %).'),
      DcgmCounter.gauge('DCGM_FI_PROF_DRAM_ACTIVE', 'Ratio of cycles the device memory interface is active sending or receiving data (in %).'),
      DcgmCounter.counter('DCGM_FI_PROF_PCIE_TX_BYTES', 'The number of bytes of active pcie tx data including both header and payload.'),
      DcgmCounter.counter('DCGM_FI_PROF_PCIE_RX_BYTES', 'The number of bytes of active pcie rx data including both header and payload.'),
    ];
  }

  private constructor() {}
}
