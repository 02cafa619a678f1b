import { Problem } from '../../base/errors';
import { checkCall, text } from '../agent-guards';

// Collector names are Go identifiers in snake case (thermal_zone, udp_queues, meminfo_numa).
const NAME = /^[a-z][a-z0-9_]*$/;

/**
 * A node-exporter collector, switched on with `--collector.<name>` or off with
 * `--no-collector.<name>`.
 *
 * The constants are the Linux collectors of node_exporter's README (enabled and disabled by
 * default). A misspelt collector is an unknown flag, and node-exporter then refuses to start on
 * every node, so `of()` accepts only these names; `custom()` takes a collector this library does
 * not know yet (a newer release).
 *
 * @example
 * enableCollectors: [NodeExporterCollector.SYSTEMD, NodeExporterCollector.PROCESSES]
 */
export class NodeExporterCollector {
  // Enabled by default upstream.
  /** ARP statistics (`/proc/net/arp`). */
  public static readonly ARP = new NodeExporterCollector('arp');
  /** bcache statistics. */
  public static readonly BCACHE = new NodeExporterCollector('bcache');
  /** Bonding interfaces' slaves. */
  public static readonly BONDING = new NodeExporterCollector('bonding');
  /** btrfs statistics. */
  public static readonly BTRFS = new NodeExporterCollector('btrfs');
  /** conntrack statistics. */
  public static readonly CONNTRACK = new NodeExporterCollector('conntrack');
  /** CPU time. */
  public static readonly CPU = new NodeExporterCollector('cpu');
  /** CPU frequency. */
  public static readonly CPUFREQ = new NodeExporterCollector('cpufreq');
  /** Disk I/O. */
  public static readonly DISKSTATS = new NodeExporterCollector('diskstats');
  /** DMI (hardware identity) information. */
  public static readonly DMI = new NodeExporterCollector('dmi');
  /** Error detection and correction (EDAC) counters. */
  public static readonly EDAC = new NodeExporterCollector('edac');
  /** Available entropy. */
  public static readonly ENTROPY = new NodeExporterCollector('entropy');
  /** Fibre channel hosts. */
  public static readonly FIBRECHANNEL = new NodeExporterCollector('fibrechannel');
  /** File descriptor usage. */
  public static readonly FILEFD = new NodeExporterCollector('filefd');
  /** Filesystem space and inodes. */
  public static readonly FILESYSTEM = new NodeExporterCollector('filesystem');
  /** Hardware sensors (`/sys/class/hwmon`). */
  public static readonly HWMON = new NodeExporterCollector('hwmon');
  /** InfiniBand and OmniPath statistics. */
  public static readonly INFINIBAND = new NodeExporterCollector('infiniband');
  /** IPVS (kube-proxy's ipvs mode) statistics. */
  public static readonly IPVS = new NodeExporterCollector('ipvs');
  /** Load average. */
  public static readonly LOADAVG = new NodeExporterCollector('loadavg');
  /** Software RAID (`/proc/mdstat`). */
  public static readonly MDADM = new NodeExporterCollector('mdadm');
  /** Memory statistics. */
  public static readonly MEMINFO = new NodeExporterCollector('meminfo');
  /** Network interface information (`/sys/class/net`). */
  public static readonly NETCLASS = new NodeExporterCollector('netclass');
  /** Network interface traffic. */
  public static readonly NETDEV = new NodeExporterCollector('netdev');
  /** Network protocol statistics (`netstat -s`). */
  public static readonly NETSTAT = new NodeExporterCollector('netstat');
  /** NFS client statistics. */
  public static readonly NFS = new NodeExporterCollector('nfs');
  /** NFS server statistics. */
  public static readonly NFSD = new NodeExporterCollector('nfsd');
  /** NVMe devices. */
  public static readonly NVME = new NodeExporterCollector('nvme');
  /** OS release information. */
  public static readonly OS = new NodeExporterCollector('os');
  /** Power supplies. */
  public static readonly POWERSUPPLYCLASS = new NodeExporterCollector('powersupplyclass');
  /** Pressure stall information. */
  public static readonly PRESSURE = new NodeExporterCollector('pressure');
  /** RAPL power usage (`/sys/class/powercap`). */
  public static readonly RAPL = new NodeExporterCollector('rapl');
  /** Scheduler statistics. */
  public static readonly SCHEDSTAT = new NodeExporterCollector('schedstat');
  /** SELinux status. */
  public static readonly SELINUX = new NodeExporterCollector('selinux');
  /** Socket statistics. */
  public static readonly SOCKSTAT = new NodeExporterCollector('sockstat');
  /** softnet statistics. */
  public static readonly SOFTNET = new NodeExporterCollector('softnet');
  /** Kernel statistics (`/proc/stat`): boot time, forks, interrupts. */
  public static readonly STAT = new NodeExporterCollector('stat');
  /** SCSI tape statistics. */
  public static readonly TAPESTATS = new NodeExporterCollector('tapestats');
  /** Metrics from `*.prom` files in a directory (see `textfileDirectory`). */
  public static readonly TEXTFILE = new NodeExporterCollector('textfile');
  /** Thermal zones and cooling devices. */
  public static readonly THERMAL_ZONE = new NodeExporterCollector('thermal_zone');
  /** The system time. */
  public static readonly TIME = new NodeExporterCollector('time');
  /** Clock synchronisation (adjtimex). */
  public static readonly TIMEX = new NodeExporterCollector('timex');
  /** UDP queue lengths. */
  public static readonly UDP_QUEUES = new NodeExporterCollector('udp_queues');
  /** uname information. */
  public static readonly UNAME = new NodeExporterCollector('uname');
  /** Virtual memory statistics. */
  public static readonly VMSTAT = new NodeExporterCollector('vmstat');
  /** Watchdog devices. */
  public static readonly WATCHDOG = new NodeExporterCollector('watchdog');
  /** XFS statistics. */
  public static readonly XFS = new NodeExporterCollector('xfs');
  /** ZFS statistics. */
  public static readonly ZFS = new NodeExporterCollector('zfs');

  // Disabled by default upstream (cardinality, scrape time or host load: enable one at a time).
  /** Memory fragmentation (`/proc/buddyinfo`). */
  public static readonly BUDDYINFO = new NodeExporterCollector('buddyinfo');
  /** Active and enabled cgroups. */
  public static readonly CGROUPS = new NodeExporterCollector('cgroups');
  /** CPU vulnerability mitigations. */
  public static readonly CPU_VULNERABILITIES = new NodeExporterCollector('cpu_vulnerabilities');
  /** GPU metrics through DRM (amdgpu). */
  public static readonly DRM = new NodeExporterCollector('drm');
  /** DRBD statistics. */
  public static readonly DRBD = new NodeExporterCollector('drbd');
  /** Network driver statistics (`ethtool -S`). */
  public static readonly ETHTOOL = new NodeExporterCollector('ethtool');
  /** Interrupts per CPU. */
  public static readonly INTERRUPTS = new NodeExporterCollector('interrupts');
  /** Kernel samepage merging. */
  public static readonly KSMD = new NodeExporterCollector('ksmd');
  /** `/proc/net/stat` statistics. */
  public static readonly LNSTAT = new NodeExporterCollector('lnstat');
  /** logind sessions (needs the host's D-Bus socket). */
  public static readonly LOGIND = new NodeExporterCollector('logind');
  /** Memory per NUMA node. */
  public static readonly MEMINFO_NUMA = new NodeExporterCollector('meminfo_numa');
  /** NFS client mount statistics. */
  public static readonly MOUNTSTATS = new NodeExporterCollector('mountstats');
  /** The routing table. */
  public static readonly NETWORK_ROUTE = new NodeExporterCollector('network_route');
  /** PCI devices and their links. */
  public static readonly PCIDEVICE = new NodeExporterCollector('pcidevice');
  /** perf counters (depends on `kernel.perf_event_paranoid`). */
  public static readonly PERF = new NodeExporterCollector('perf');
  /** Process and thread counts and states. */
  public static readonly PROCESSES = new NodeExporterCollector('processes');
  /** Queuing disciplines. */
  public static readonly QDISC = new NodeExporterCollector('qdisc');
  /** Slab allocator statistics (`/proc/slabinfo`, usually root-only). */
  public static readonly SLABINFO = new NodeExporterCollector('slabinfo');
  /** Softirqs per CPU. */
  public static readonly SOFTIRQS = new NodeExporterCollector('softirqs');
  /** Selected sysctl values. */
  public static readonly SYSCTL = new NodeExporterCollector('sysctl');
  /** Swap devices. */
  public static readonly SWAP = new NodeExporterCollector('swap');
  /** systemd units (needs the host's D-Bus socket). */
  public static readonly SYSTEMD = new NodeExporterCollector('systemd');
  /** TCP connection states. */
  public static readonly TCPSTAT = new NodeExporterCollector('tcpstat');
  /** WiFi devices and stations. */
  public static readonly WIFI = new NodeExporterCollector('wifi');
  /** IPsec (xfrm) statistics. */
  public static readonly XFRM = new NodeExporterCollector('xfrm');
  /** NUMA memory zones. */
  public static readonly ZONEINFO = new NodeExporterCollector('zoneinfo');

  /** A known collector by name, e.g. "systemd"; checked against the known names when used. */
  public static of(name: string): NodeExporterCollector {
    checkCall('NodeExporterCollector.of', text('systemd')(name, 'name'));
    return new NodeExporterCollector(name, false);
  }

  /**
   * A collector this library does not list (one a newer node-exporter adds). Only its form is
   * checked; node-exporter refuses to start if it does not have it.
   */
  public static custom(name: string): NodeExporterCollector {
    checkCall('NodeExporterCollector.custom', text('systemd')(name, 'name'));
    return new NodeExporterCollector(name, true);
  }

  private constructor(
    /** The collector's name, as in `--collector.<name>`. */
    public readonly name: string,
    private readonly unlisted = false) {}

  /** The flag that switches the collector on. */
  public get enableFlag(): string {
    return `--collector.${this.name}`;
  }

  /** The flag that switches the collector off. */
  public get disableFlag(): string {
    return `--no-collector.${this.name}`;
  }

  /** @internal What node-exporter would refuse in this collector. */
  public _problems(property: string): Problem[] {
    if (!NAME.test(this.name)) {
      return [{ property, value: this.name, expected: 'Use a collector name of lowercase letters, digits and "_", without "--collector." (e.g. NodeExporterCollector.SYSTEMD, or NodeExporterCollector.of("systemd")).' }];
    }
    if (!this.unlisted && !KNOWN.has(this.name)) {
      return [{ property, value: this.name, expected: `node-exporter has no collector of that name and would refuse to start: use one of ${[...KNOWN].sort().join(', ')}; for a collector a newer release adds, use NodeExporterCollector.custom(${JSON.stringify(this.name)}).` }];
    }
    return [];
  }
}

const KNOWN = new Set(Object.values(NodeExporterCollector)
  .filter((v): v is NodeExporterCollector => v instanceof NodeExporterCollector)
  .map(c => c.name));
