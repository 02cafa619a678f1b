import { ipv4CidrProblems, prefixLength } from './cidr';
import { Problem } from '../../../base/errors';
import { isNumber, isString, listOf, optional, Schema } from '../../../validation/guards';
import { checkCall, optionsProblems } from '../../agent-guards';

/** Cilium's own pod address pool, which the operator splits into one CIDR per node. */
export interface CiliumClusterPoolOptions {
  /**
   * The pool (`cluster-pool-ipv4-cidr`). It must not overlap the nodes' or the Services' networks.
   * @default ["10.0.0.0/8"]
   */
  readonly ipv4PodCidrs?: string[];
  /**
   * The prefix length of each node's CIDR (`cluster-pool-ipv4-mask-size`): 24 gives each node 254 pods.
   * @default 24
   */
  readonly ipv4MaskSize?: number;
}

/** The runtime shape of CiliumClusterPoolOptions. */
export const CILIUM_CLUSTER_POOL_OPTIONS_SCHEMA: Schema<CiliumClusterPoolOptions> = {
  ipv4PodCidrs: optional(listOf(isString)),
  ipv4MaskSize: optional(isNumber),
};

/**
 * Where pod addresses come from (the chart's `ipam.mode`).
 *
 * @example
 * CiliumIpam.clusterPool({ ipv4PodCidrs: ['10.42.0.0/16'] })
 * CiliumIpam.kubernetes()
 */
export class CiliumIpam {
  /** The operator allocates each node's CIDR from Cilium's own pool (the chart's default). */
  public static clusterPool(options: CiliumClusterPoolOptions = {}): CiliumIpam {
    checkCall('CiliumIpam.clusterPool', optionsProblems(options, 'options', CILIUM_CLUSTER_POOL_OPTIONS_SCHEMA, 'CiliumClusterPoolOptions'));
    // The chart's defaults (values.yaml ipam.operator, 1.20.0).
    return new CiliumIpam('cluster-pool', [...(options.ipv4PodCidrs ?? ['10.0.0.0/8'])], options.ipv4MaskSize ?? 24);
  }

  /**
   * Each node's `spec.podCIDR`, as kube-controller-manager's `--allocate-node-cidrs` assigns it:
   * for clusters whose pod CIDRs the control plane already manages.
   */
  public static kubernetes(): CiliumIpam {
    return new CiliumIpam('kubernetes', [], undefined);
  }

  private constructor(
    /** The ConfigMap's `ipam` value. */
    public readonly mode: string,
    /** The cluster pool's CIDRs (none in other modes). */
    public readonly ipv4PodCidrs: string[],
    /** The per-node prefix length, in cluster-pool mode. */
    public readonly ipv4MaskSize?: number) {}

  /** @internal The ConfigMap keys, as the chart renders them for this mode (templates/cilium-configmap.yaml, 1.20.0). */
  public _config(): Record<string, string> {
    if (this.ipv4MaskSize === undefined) return { ipam: this.mode };
    return {
      'ipam': this.mode,
      'cluster-pool-ipv4-cidr': this.ipv4PodCidrs.join(' '),
      'cluster-pool-ipv4-mask-size': String(this.ipv4MaskSize),
    };
  }

  /** @internal What the operator would refuse, or a pool that cannot give a node its CIDR. */
  public _problems(property: string): Problem[] {
    if (this.ipv4MaskSize === undefined) return [];
    const problems: Problem[] = [];
    if (this.ipv4PodCidrs.length === 0) {
      problems.push({ property: `${property}.ipv4PodCidrs`, value: [], expected: 'Give at least one pool CIDR, e.g. ["10.0.0.0/8"], or use CiliumIpam.kubernetes().' });
    }
    const valid = this.ipv4PodCidrs.filter((cidr, i) => {
      const found = ipv4CidrProblems(`${property}.ipv4PodCidrs[${i}]`, cidr, 'the pod address pool');
      problems.push(...found);
      return found.length === 0;
    });
    const mask = this.ipv4MaskSize;
    const widest = Math.max(0, ...valid.map(prefixLength));
    if (!Number.isInteger(mask) || mask < 1 || mask > 32 || mask < widest) {
      problems.push({
        property: `${property}.ipv4MaskSize`,
        value: mask,
        expected: `Use a whole prefix length from ${widest || 1} to 32, no shorter than the pool's own (each node's CIDR is carved from it), e.g. 24.`,
      });
    }
    return problems;
  }
}
