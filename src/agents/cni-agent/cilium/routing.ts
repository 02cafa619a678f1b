import { ipv4CidrProblems } from './cidr';
import { Problem } from '../../../base/errors';
import { isBoolean, isString, oneOf, optional, Schema } from '../../../validation/guards';
import { checkCall, optionsProblems } from '../../agent-guards';

/** The encapsulation between nodes in tunnel routing (the chart's `tunnelProtocol`). */
export enum CiliumTunnelProtocol {
  /** VXLAN on UDP 8472: the chart's default. */
  VXLAN = 'vxlan',
  /** Geneve on UDP 6081. */
  GENEVE = 'geneve',
}

/** Native routing: the network between nodes routes pod addresses itself. */
export interface CiliumNativeRoutingOptions {
  /**
   * The pod network the underlying network routes (`ipv4-native-routing-cidr`): traffic to it
   * leaves the node unmasqueraded. Cilium refuses to start in native routing without it while
   * it masquerades, as it does by default.
   */
  readonly ipv4NativeRoutingCidr: string;
  /**
   * Install a route to every other node's pod CIDR (`auto-direct-node-routes`), for nodes that
   * share one L2 network and no router knows the pod CIDRs.
   * @default false
   */
  readonly autoDirectNodeRoutes?: boolean;
}

/** The runtime shape of CiliumNativeRoutingOptions. */
export const CILIUM_NATIVE_ROUTING_OPTIONS_SCHEMA: Schema<CiliumNativeRoutingOptions> = {
  ipv4NativeRoutingCidr: isString,
  autoDirectNodeRoutes: optional(isBoolean),
};

/**
 * How pod traffic crosses between nodes (the chart's `routingMode`).
 *
 * @example
 * CiliumRouting.tunnel(CiliumTunnelProtocol.GENEVE)
 * CiliumRouting.native({ ipv4NativeRoutingCidr: '10.0.0.0/8', autoDirectNodeRoutes: true })
 */
export class CiliumRouting {
  /** Encapsulated between nodes (the chart's default, with VXLAN): works on any network that carries UDP between nodes. */
  public static tunnel(protocol: CiliumTunnelProtocol = CiliumTunnelProtocol.VXLAN): CiliumRouting {
    checkCall('CiliumRouting.tunnel', oneOf(CiliumTunnelProtocol, 'CiliumTunnelProtocol')(protocol, 'protocol'));
    return new CiliumRouting('tunnel', protocol);
  }

  /** Unencapsulated: the network (or `autoDirectNodeRoutes`) routes pod addresses; no encapsulation overhead. */
  public static native(options: CiliumNativeRoutingOptions): CiliumRouting {
    checkCall('CiliumRouting.native', optionsProblems(options, 'options', CILIUM_NATIVE_ROUTING_OPTIONS_SCHEMA, 'CiliumNativeRoutingOptions', true));
    return new CiliumRouting('native', CiliumTunnelProtocol.VXLAN, options.ipv4NativeRoutingCidr, options.autoDirectNodeRoutes ?? false);
  }

  private constructor(
    /** "tunnel" or "native", as the ConfigMap's `routing-mode` says. */
    public readonly mode: string,
    /** The tunnel protocol (in native routing, the chart still writes its default, which the agent then ignores). */
    public readonly tunnelProtocol: CiliumTunnelProtocol,
    /** The natively routed pod network, in native routing. */
    public readonly ipv4NativeRoutingCidr?: string,
    /** Whether direct routes to other nodes are installed. */
    public readonly autoDirectNodeRoutes: boolean = false) {}

  /** @internal The ConfigMap keys, as the chart renders them for this mode (templates/cilium-configmap.yaml, 1.20.0). */
  public _config(): Record<string, string> {
    return {
      'routing-mode': this.mode,
      'tunnel-protocol': this.tunnelProtocol,
      'auto-direct-node-routes': String(this.autoDirectNodeRoutes),
      ...(this.ipv4NativeRoutingCidr === undefined ? {} : { 'ipv4-native-routing-cidr': this.ipv4NativeRoutingCidr }),
    };
  }

  /** @internal What the agent would refuse at start. */
  public _problems(property: string): Problem[] {
    if (this.ipv4NativeRoutingCidr === undefined) return [];
    return ipv4CidrProblems(`${property}.ipv4NativeRoutingCidr`, this.ipv4NativeRoutingCidr, 'the natively routed pod network');
  }
}
