import { CniConfig } from './cni-config';
import { DEFAULTS } from './defaults';
import { FlannelBackend, ipv4CidrProblems, renderFlannelNetConf } from './net-conf';
import { FlannelCniPluginVersion, FlannelVersion } from './version';
import { Problem } from '../../base/errors';
import { dnsLabelProblems, labelValueProblems, portNumberProblems } from '../../base/names';
import { instanceOf, isBoolean, isString, listOf, mapOf, oneOf, optional, Schema, struct } from '../../validation/guards';
import { ManagedSetting } from '../agent-base';
import { checkCall, optionsProblems, port } from '../agent-guards';

// A file name the container runtime loads from /etc/cni/net.d (it reads *.conf, *.conflist, *.json).
const CONFLIST_FILE = /^[A-Za-z0-9][A-Za-z0-9_.-]*\.conflist$/;
// A ConfigMap key (k8s.io/apimachinery IsConfigMapKey).
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
// A CNI plugin binary name, as a conflist's "type" names it.
const PLUGIN_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** A CNI plugin binary to copy from an image into the node's /opt/cni/bin. */
export interface CniPluginBinary {
  /** The image holding the binary (pinned); it needs `cp`. */
  readonly image: string;
  /** The binary's absolute path inside the image, e.g. "/flannel". */
  readonly path: string;
  /**
   * The file name under /opt/cni/bin: what the conflist's plugin `type` names.
   * @default - the last part of `path`
   */
  readonly name?: string;
}

/** The runtime shape of CniPluginBinary. */
export const CNI_PLUGIN_BINARY_SCHEMA: Schema<CniPluginBinary> = {
  image: isString,
  path: isString,
  name: optional(isString),
};

/** The agent's HTTP health endpoint, probed by the kubelet. */
export interface CniHealthCheck {
  /** The port the agent serves health on; with hostNetwork it is a port of the node. */
  readonly port: number;
  /**
   * The liveness path: failing it restarts the agent.
   * @default "/healthz"
   */
  readonly livenessPath?: string;
  /**
   * The readiness path: until it passes, the rollout does not move to the next node.
   * @default "/readyz"
   */
  readonly readinessPath?: string;
}

/** The runtime shape of CniHealthCheck. */
export const CNI_HEALTH_CHECK_SCHEMA: Schema<CniHealthCheck> = {
  port: port(9099),
  livenessPath: optional(isString),
  readinessPath: optional(isString),
};

/** Options for flannel. */
export interface FlannelOptions {
  /**
   * The flannel release (flanneld image and version label).
   * @default FlannelVersion.V0_28_9
   */
  readonly version?: FlannelVersion;
  /**
   * The flannel CNI plugin release.
   * @default FlannelCniPluginVersion.V1_9_1_FLANNEL3
   */
  readonly cniPluginVersion?: FlannelCniPluginVersion;
  /**
   * The cluster's pod network (net-conf.json `Network`). It must contain every node's
   * `spec.podCIDR`, i.e. match kube-controller-manager's `--cluster-cidr`, or flanneld refuses
   * to start on that node.
   * @default "10.244.0.0/16"
   */
  readonly podCidr?: string;
  /**
   * How traffic crosses between nodes.
   * @default FlannelBackend.VXLAN
   */
  readonly backend?: FlannelBackend;
  /**
   * Masquerade traffic leaving the pod network (`--ip-masq`).
   * @default true
   */
  readonly ipMasq?: boolean;
  /**
   * The CNI configuration list installed on each node.
   * @default CniConfig.flannel()
   */
  readonly cniConfig?: CniConfig;
  /**
   * The port of flanneld's /healthz and /readyz (`--healthz-port`).
   * @default 8081
   */
  readonly healthPort?: number;
}

/** The runtime shape of FlannelOptions. */
export const FLANNEL_OPTIONS_SCHEMA: Schema<FlannelOptions> = {
  version: optional(instanceOf(FlannelVersion, 'FlannelVersion.V0_28_9')),
  cniPluginVersion: optional(instanceOf(FlannelCniPluginVersion, 'FlannelCniPluginVersion.V1_9_1_FLANNEL3')),
  podCidr: optional(isString),
  backend: optional(oneOf(FlannelBackend, 'FlannelBackend')),
  ipMasq: optional(isBoolean),
  cniConfig: optional(instanceOf(CniConfig, 'CniConfig.flannel()')),
  healthPort: optional(port(8081)),
};

/** A network agent other than flannel, described by what the CNI agent needs to run it. */
export interface CustomCniProps {
  /** The application name (`app.kubernetes.io/name`) and the main container's name, e.g. "kube-router". */
  readonly name: string;
  /**
   * The agent image, pinned. It installs the CNI configuration, so it needs `sh`, `cp` and `mv`
   * (the file is written beside its target and renamed over it, never half-written).
   */
  readonly image: string;
  /** The version the image runs (`app.kubernetes.io/version`). */
  readonly version: string;
  /**
   * The command.
   * @default - the image's entrypoint
   */
  readonly command?: string[];
  /**
   * The arguments.
   * @default - none
   */
  readonly args?: string[];
  /** The CNI configuration list installed on each node. */
  readonly cniConfig: CniConfig;
  /**
   * The file name in /etc/cni/net.d. The runtime uses the first file in lexical order, hence
   * the number in front.
   * @default - "10-<name>.conflist"
   */
  readonly cniConfigFileName?: string;
  /**
   * A CNI plugin binary to install into /opt/cni/bin.
   * @default - none (the node or the image provides the plugins)
   */
  readonly plugin?: CniPluginBinary;
  /**
   * More files for the agent, kept in the ConfigMap and mounted read-only at `configDirectory`.
   * @default - none
   */
  readonly configFiles?: { [fileName: string]: string };
  /**
   * Where the ConfigMap's files are mounted in the agent (and in the installer).
   * @default - "/etc/<name>"
   */
  readonly configDirectory?: string;
  /**
   * A node directory the agent shares with its CNI plugin (mounted writable at the same path).
   * @default - none
   */
  readonly stateDirectory?: string;
  /**
   * The health endpoint the kubelet probes.
   * @default - no probes
   */
  readonly health?: CniHealthCheck;
  /**
   * The agent patches its own Node's status (`nodes/status`), e.g. to publish its subnet.
   * @default false
   */
  readonly patchesNodeStatus?: boolean;
}

/** The runtime shape of CustomCniProps. */
export const CUSTOM_CNI_PROPS_SCHEMA: Schema<CustomCniProps> = {
  name: isString,
  image: isString,
  version: isString,
  command: optional(listOf(isString)),
  args: optional(listOf(isString)),
  cniConfig: instanceOf(CniConfig, 'CniConfig.fromObject({ name, cniVersion, plugins: [...] })'),
  cniConfigFileName: optional(isString),
  plugin: optional(struct(CNI_PLUGIN_BINARY_SCHEMA, 'CniPluginBinary')),
  configFiles: optional(mapOf(isString)),
  configDirectory: optional(isString),
  stateDirectory: optional(isString),
  health: optional(struct(CNI_HEALTH_CHECK_SCHEMA, 'CniHealthCheck')),
  patchesNodeStatus: optional(isBoolean),
};

/** How the install-cni init container puts the configuration list on the node. */
export interface ConfigInstall {
  readonly command: string[];
  readonly args: string[];
}

interface ImplementationSpec {
  readonly name: string;
  readonly version: string;
  readonly image: string;
  readonly command?: string[];
  readonly args: string[];
  readonly cniConfig: CniConfig;
  readonly cniConfigFileName: string;
  readonly plugin?: CniPluginBinary;
  readonly configFiles: { [fileName: string]: string };
  readonly configDirectory: string;
  readonly stateDirectory?: string;
  readonly health?: CniHealthCheck;
  readonly patchesNodeStatus: boolean;
  readonly managedFlags: Record<string, ManagedSetting>;
  readonly problems: (property: string) => Problem[];
  readonly install: (source: string, target: string) => ConfigInstall;
}

// The first flannel release whose image has /opt/bin/install-conf (flannel-io/flannel PR #2466).
const INSTALL_CONF_SINCE = [0, 28, 6];

/**
 * The configuration list written atomically, as flannel's install-conf does since PR #2466: into
 * a temporary file in the same directory, then renamed over the target. The container runtime
 * reads /etc/cni/net.d whenever it sets up a pod, and a `cp` straight onto the target lets it
 * read a half-written file; rename(2) within one directory swaps the whole file at once. The
 * temporary name ends in ".tmp", which the runtime does not load (libcni reads only .conf,
 * .conflist and .json files).
 */
function atomicShellInstall(source: string, target: string): ConfigInstall {
  const temporary = target.replace(/[^/]+$/, name => `.${name}.tmp`);
  // The paths are positional parameters ($1..$3), never spliced into the script.
  return { command: ['sh', '-c', 'cp -f "$1" "$2" && mv -f "$2" "$3"', 'install-cni'], args: [source, temporary, target] };
}

/** flannel's own installer from 0.28.6 (the same temporary file and rename), the shell before. */
function flannelInstall(version: string): (source: string, target: string) => ConfigInstall {
  const [major, minor, patch] = version.split('.').map(Number);
  const since = INSTALL_CONF_SINCE;
  const hasInstallConf = major !== since[0] ? major > since[0] : minor !== since[1] ? minor > since[1] : patch >= since[2];
  return hasInstallConf ? (source, target) => ({ command: ['/opt/bin/install-conf'], args: [source, target] }) : atomicShellInstall;
}

// flanneld reads its flags with Go's flag package (flannel-io/flannel v0.28.9, main.go), where
// a repeated flag silently replaces the first: the agent's value would be lost without a word.
function flannelFlags(): Record<string, ManagedSetting> {
  const option = (name: string) => `implementation: CniImplementation.flannel({ ${name} })`;
  return {
    '--ip-masq': { reason: 'it is the ipMasq option', prop: option('ipMasq') },
    '--kube-subnet-mgr': { reason: 'the agent\'s RBAC, ConfigMap and CNI configuration are for flannel taking each node\'s subnet from its Node' },
    '--healthz-port': { reason: 'the probes and the host port use the health port', prop: option('healthPort') },
    '--net-config-path': { reason: 'the agent mounts net-conf.json, written from podCidr and backend, where flanneld reads it', prop: option('podCidr, backend') },
    '--subnet-file': { reason: 'the flannel CNI plugin reads the node\'s lease from /run/flannel/subnet.env' },
  };
}

/**
 * The network agent a CniAgentDaemonSet runs: flannel (the default), or any agent that installs
 * a CNI configuration list and optionally a plugin binary the same way.
 *
 * @example
 * CniImplementation.flannel({ podCidr: '10.42.0.0/16', backend: FlannelBackend.HOST_GW })
 */
export class CniImplementation {
  /**
   * flannel with the Kubernetes subnet manager (`--kube-subnet-mgr`): it takes each node's
   * pod subnet from `spec.podCIDR` and keeps its lease in Node annotations, so it needs no etcd.
   */
  public static flannel(options: FlannelOptions = {}): CniImplementation {
    checkCall('CniImplementation.flannel', optionsProblems(options, 'options', FLANNEL_OPTIONS_SCHEMA, 'FlannelOptions'));
    const d = DEFAULTS.flannel;
    const version = options.version ?? d.version;
    const pluginVersion = options.cniPluginVersion ?? d.cniPluginVersion;
    const podCidr = options.podCidr ?? d.podCidr;
    const backend = options.backend ?? d.backend;
    const healthPort = options.healthPort ?? d.healthPort;
    const ipMasq = options.ipMasq ?? d.ipMasq;
    return new CniImplementation({
      name: 'flannel',
      version: version.version,
      image: version.image,
      command: ['/opt/bin/flanneld'],
      args: [...(ipMasq ? ['--ip-masq'] : []), '--kube-subnet-mgr', `--healthz-port=${healthPort}`],
      cniConfig: options.cniConfig ?? CniConfig.flannel(),
      cniConfigFileName: d.cniConfigFileName,
      plugin: {
        image: pluginVersion.image,
        path: '/flannel',
      },
      configFiles: { 'net-conf.json': renderFlannelNetConf(podCidr, backend) },
      configDirectory: d.configDirectory,
      stateDirectory: d.stateDirectory,
      health: { port: healthPort },
      // --kube-subnet-mgr records the node's lease (public IP, backend data) as annotations
      // through the status subresource and clears the NetworkUnavailable condition.
      patchesNodeStatus: true,
      managedFlags: flannelFlags(),
      install: flannelInstall(version.version),
      problems: property => [
        ...ipv4CidrProblems(`${property}.podCidr`, podCidr),
        ...(Object.values(FlannelBackend).includes(backend) ? [] : [{ property: `${property}.backend`, value: backend, expected: `Use one of ${Object.values(FlannelBackend).join(', ')} (FlannelBackend).` }]),
      ],
    });
  }

  /** Any other network agent. */
  public static custom(props: CustomCniProps): CniImplementation {
    checkCall('CniImplementation.custom', optionsProblems(props, 'props', CUSTOM_CNI_PROPS_SCHEMA, 'CustomCniProps', true));
    return new CniImplementation({
      name: props.name,
      version: props.version,
      image: props.image,
      command: props.command,
      args: [...(props.args ?? [])],
      cniConfig: props.cniConfig,
      cniConfigFileName: props.cniConfigFileName ?? `10-${props.name}.conflist`,
      plugin: props.plugin,
      configFiles: { ...props.configFiles },
      configDirectory: props.configDirectory ?? `/etc/${props.name}`,
      stateDirectory: props.stateDirectory,
      health: props.health,
      patchesNodeStatus: props.patchesNodeStatus ?? false,
      managedFlags: Object.fromEntries((props.args ?? []).filter(a => a.startsWith('-')).map(a => [a.split('=')[0], {
        reason: 'the implementation\'s args set it', prop: 'the args of CniImplementation.custom()',
      }])),
      problems: property => labelValueProblems(`${property}.version`, props.version),
      install: atomicShellInstall,
    });
  }

  /** The application name and main container name. */
  public readonly name: string;
  /** The version label. */
  public readonly version: string;
  /** The agent image. */
  public readonly image: string;
  /** The command, or undefined for the image's entrypoint. */
  public readonly command?: string[];
  /** The arguments, before the user's `extraArgs`. */
  public readonly args: string[];
  /** The CNI configuration list. */
  public readonly cniConfig: CniConfig;
  /** Its file name in /etc/cni/net.d. */
  public readonly cniConfigFileName: string;
  /** The plugin binary installed into /opt/cni/bin, if any. */
  public readonly plugin?: CniPluginBinary;
  /** The agent's own configuration files (flannel: net-conf.json). */
  public readonly configFiles: { [fileName: string]: string };
  /** Where the configuration files are mounted. */
  public readonly configDirectory: string;
  /** The node directory shared with the CNI plugin, if any. */
  public readonly stateDirectory?: string;
  /** The health endpoint, if any. */
  public readonly health?: CniHealthCheck;
  /** Whether the agent patches its Node's status. */
  public readonly patchesNodeStatus: boolean;
  /** @internal The flags of the agent's command line that extraArgs may not set again. */
  public readonly _managedFlags: Record<string, ManagedSetting>;
  private readonly ownProblems: (property: string) => Problem[];
  private readonly install: (source: string, target: string) => ConfigInstall;

  private constructor(spec: ImplementationSpec) {
    this.name = spec.name;
    this.version = spec.version;
    this.image = spec.image;
    this.command = spec.command;
    this.args = spec.args;
    this.cniConfig = spec.cniConfig;
    this.cniConfigFileName = spec.cniConfigFileName;
    this.plugin = spec.plugin;
    this.configFiles = spec.configFiles;
    this.configDirectory = spec.configDirectory;
    this.stateDirectory = spec.stateDirectory;
    this.health = spec.health;
    this.patchesNodeStatus = spec.patchesNodeStatus;
    this._managedFlags = spec.managedFlags;
    this.ownProblems = spec.problems;
    this.install = spec.install;
  }

  /** @internal The install-cni command that puts the configuration list at `target` atomically. */
  public _configInstall(source: string, target: string): ConfigInstall {
    return this.install(source, target);
  }

  /** The name of the plugin binary under /opt/cni/bin, if a plugin is installed. */
  public get pluginName(): string | undefined {
    if (!this.plugin) return undefined;
    return this.plugin.name ?? this.plugin.path.split('/').pop();
  }

  /** @internal What would make the agent fail to install or start. */
  public _problems(property: string): Problem[] {
    const problems: Problem[] = [
      ...dnsLabelProblems(`${property}.name`, this.name),
      ...this.ownProblems(property),
      ...this.cniConfig._problems(`${property}.cniConfig`),
    ];
    if (!CONFLIST_FILE.test(this.cniConfigFileName) || this.cniConfigFileName.length > 253) {
      problems.push({ property: `${property}.cniConfigFileName`, value: this.cniConfigFileName, expected: 'Use a file name ending in ".conflist", without "/", e.g. "10-flannel.conflist".' });
    }
    for (const key of Object.keys(this.configFiles)) {
      if (key === DEFAULTS.cniConfigKey) {
        problems.push({ property: `${property}.configFiles`, value: key, expected: `The ConfigMap key "${DEFAULTS.cniConfigKey}" holds the CNI configuration: give the file another name, or pass it as cniConfig.` });
      } else if (!CONFIG_MAP_KEY.test(key) || key.length > 253) {
        problems.push({ property: `${property}.configFiles`, value: key, expected: 'Name each file with letters, digits, "-", "_" and "." only (a ConfigMap key), e.g. "config.yaml".' });
      }
    }
    problems.push(...absolutePathProblems(`${property}.configDirectory`, this.configDirectory));
    if (this.stateDirectory !== undefined) problems.push(...absolutePathProblems(`${property}.stateDirectory`, this.stateDirectory));
    if (this.plugin) {
      problems.push(...absolutePathProblems(`${property}.plugin.path`, this.plugin.path));
      const name = this.pluginName;
      if (name === undefined || !PLUGIN_NAME.test(name)) {
        problems.push({ property: `${property}.plugin.name`, value: name, expected: 'Name the binary as the conflist\'s plugin "type" names it: letters, digits, "_", "." and "-", e.g. "flannel".' });
      }
    }
    if (this.health) {
      problems.push(...portNumberProblems(`${property}.health.port`, this.health.port));
      for (const [field, path] of [['livenessPath', this.health.livenessPath], ['readinessPath', this.health.readinessPath]] as const) {
        if (path !== undefined && !path.startsWith('/')) {
          problems.push({ property: `${property}.health.${field}`, value: path, expected: 'Use an absolute URL path, e.g. "/healthz".' });
        }
      }
    }
    return problems;
  }
}

function absolutePathProblems(property: string, path: string): Problem[] {
  if (path.startsWith('/') && path.length > 1 && !path.split('/').includes('..')) return [];
  return [{ property, value: path, expected: 'Use an absolute path below "/", without "..", e.g. "/etc/kube-flannel".' }];
}
