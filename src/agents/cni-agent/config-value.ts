import { isInteger } from '../../validation/guards';
import { checkCall } from '../agent-guards';

// The placeholders Calico's install-cni fills (projectcalico/calico cni-plugin/pkg/install/install.go,
// writeCNIConfig, at commit 00de84fc), so a configuration written for Calico's installer reads the
// same with this one.
const NODE_NAME_PLACEHOLDER = '__KUBERNETES_NODE_NAME__';
const KUBECONFIG_PLACEHOLDER = '__KUBECONFIG_FILEPATH__';
const MTU_PLACEHOLDER = '__CNI_MTU__';
const MTU_MINUS = /^__CNI_MTU_MINUS_([0-9]+)__$/;
// Encapsulation headers are at most a few hundred bytes; a larger overhead is a mistake.
const MAX_OVERHEAD = 1000;

/** What an installer fills in for one placeholder. */
export enum CniConfigValueKind {
  /** The node's name. */
  NODE_NAME = 'nodeName',
  /** The path of the kubeconfig the installer writes for the CNI plugin. */
  KUBECONFIG_PATH = 'kubeconfigPath',
  /** The MTU of the node's default-route interface, less an overhead. */
  MTU = 'mtu',
}

/**
 * A value of the CNI configuration list known only on the node, filled in when the configuration
 * is installed there, as Calico's install-cni fills its placeholders. Put it where the value goes,
 * in `CniConfig.fromObject({...})`, or in the text of `CniConfig.fromJson` as `"${value}"`
 * (a placeholder is a JSON string; the MTU's is replaced by a number, quotes included):
 *
 * - `nodeName()`: the node's name (from the downward API), e.g. Calico's `"nodename"`.
 * - `kubeconfigPath()`: /etc/cni/net.d/<cni>-kubeconfig, which the installer writes for the
 *   plugin with the agent's ServiceAccount token and the cluster's CA and API address (so the
 *   agent needs `access`). The token is bound to the pod that wrote it: it stays valid while that
 *   pod exists (the API server extends a projected token's validity to a year unless
 *   --service-account-extend-token-expiration is off), and a replaced pod writes a new one.
 * - `mtu(overhead)`: the MTU of the interface holding the node's default route, less
 *   `overhead` bytes of encapsulation (50 for VXLAN, 20 for IPIP), read on each node, so nodes
 *   with jumbo frames get larger pod MTUs than the others.
 *
 * The agent's installer (CniInitStep.installConfig) fills them with `sh` and `sed` in the agent
 * image, writing the result beside the target and renaming it over it.
 *
 * @example
 * CniConfig.fromObject({ name: 'k8s-pod-network', cniVersion: '0.3.1', plugins: [{ type: 'calico', nodename: CniConfigValue.nodeName(), mtu: CniConfigValue.mtu(50), kubernetes: { kubeconfig: CniConfigValue.kubeconfigPath() } }] })
 */
export class CniConfigValue {
  /** The node's name. */
  public static nodeName(): CniConfigValue {
    return new CniConfigValue(CniConfigValueKind.NODE_NAME, NODE_NAME_PLACEHOLDER);
  }

  /** The path of the kubeconfig the installer writes for the plugin (the agent needs `access`). */
  public static kubeconfigPath(): CniConfigValue {
    return new CniConfigValue(CniConfigValueKind.KUBECONFIG_PATH, KUBECONFIG_PLACEHOLDER);
  }

  /** The node's default-route interface MTU, less `overhead` bytes (0 to 1000). */
  public static mtu(overhead: number = 0): CniConfigValue {
    checkCall('CniConfigValue.mtu', isInteger(overhead, 'overhead'));
    if (overhead < 0 || overhead > MAX_OVERHEAD) {
      checkCall('CniConfigValue.mtu', [{ property: 'overhead', value: overhead, expected: `Give the encapsulation's bytes per packet, from 0 to ${MAX_OVERHEAD}, e.g. 50 for VXLAN or 20 for IPIP.` }]);
    }
    return new CniConfigValue(CniConfigValueKind.MTU, overhead === 0 ? MTU_PLACEHOLDER : `__CNI_MTU_MINUS_${overhead}__`, overhead);
  }

  /** @internal The placeholder a configuration's text holds, or undefined when `text` is none. */
  public static _parse(text: string): CniConfigValue | undefined {
    if (text === NODE_NAME_PLACEHOLDER) return CniConfigValue.nodeName();
    if (text === KUBECONFIG_PLACEHOLDER) return CniConfigValue.kubeconfigPath();
    if (text === MTU_PLACEHOLDER) return CniConfigValue.mtu();
    const minus = MTU_MINUS.exec(text);
    return minus && Number(minus[1]) <= MAX_OVERHEAD ? CniConfigValue.mtu(Number(minus[1])) : undefined;
  }

  /** @internal Every placeholder in a configuration's text, once each. */
  public static _findAll(text: string): CniConfigValue[] {
    const tokens = new Set(text.match(/__(KUBERNETES_NODE_NAME|KUBECONFIG_FILEPATH|CNI_MTU|CNI_MTU_MINUS_[0-9]+)__/g) ?? []);
    return [...tokens].map(t => CniConfigValue._parse(t)).filter((v): v is CniConfigValue => v !== undefined);
  }

  private constructor(
    /** What the installer fills in. */
    public readonly kind: CniConfigValueKind,
    /** The placeholder written into the configuration until the installer replaces it. */
    public readonly placeholder: string,
    /** For an MTU, the bytes subtracted from the interface's. */
    public readonly overhead?: number) {}

  /** The placeholder, so the value can stand in JSON text. */
  public toString(): string {
    return this.placeholder;
  }

  /** The placeholder, so `CniConfig.fromObject` writes it where the value goes. */
  public toJSON(): string {
    return this.placeholder;
  }
}
