import { ipv4NetworkProblems } from './ip-pool';
import { Problem } from '../../../base/errors';
import { isString, listOf } from '../../../validation/guards';
import { checkCall } from '../../agent-guards';

// A host name or an IPv4 or IPv6 address, as calico-node resolves a can-reach destination.
const DESTINATION = /^[A-Za-z0-9.:-]+$/;

/**
 * How calico-node picks the node's own address, which BGP peers and tunnels use
 * (`IP_AUTODETECTION_METHOD`; the methods of calico-node's autodetection at v3.32.1,
 * node/pkg/lifecycle/startup/autodetection). The default, the first address of the first
 * interface that is up, picks the wrong one on nodes with several networks.
 *
 * @example
 * CalicoIpAutodetection.interfaces(['eth0', 'ens.*'])
 * CalicoIpAutodetection.kubernetesInternalIp()
 */
export class CalicoIpAutodetection {
  /** The first valid address of the first interface that is up (calico-node's default). */
  public static firstFound(): CalicoIpAutodetection {
    return new CalicoIpAutodetection('first-found');
  }

  /** The Node's first InternalIP, as the kubelet reports it: the address Kubernetes uses for the node. */
  public static kubernetesInternalIp(): CalicoIpAutodetection {
    return new CalicoIpAutodetection('kubernetes-internal-ip');
  }

  /** The address of the interface the node uses to reach `destination` (an address or host name). */
  public static canReach(destination: string): CalicoIpAutodetection {
    checkCall('CalicoIpAutodetection.canReach', isString(destination, 'destination'));
    return new CalicoIpAutodetection(`can-reach=${destination}`, [
      ...(DESTINATION.test(destination) ? [] : [{ property: 'destination', value: destination, expected: 'Give an IP address or a host name, e.g. "8.8.8.8" or "www.example.com".' }]),
    ]);
  }

  /** The first address of the first interface whose name matches one of these regular expressions. */
  public static interfaces(patterns: string[]): CalicoIpAutodetection {
    checkCall('CalicoIpAutodetection.interfaces', listOf(isString)(patterns, 'patterns'));
    return new CalicoIpAutodetection(`interface=${patterns.join(',')}`, patternProblems('patterns', patterns));
  }

  /** The first address of the first interface whose name matches none of these regular expressions. */
  public static skipInterfaces(patterns: string[]): CalicoIpAutodetection {
    checkCall('CalicoIpAutodetection.skipInterfaces', listOf(isString)(patterns, 'patterns'));
    return new CalicoIpAutodetection(`skip-interface=${patterns.join(',')}`, patternProblems('patterns', patterns));
  }

  /** The first address within one of these IPv4 networks, e.g. the nodes' subnet. */
  public static cidrs(cidrs: string[]): CalicoIpAutodetection {
    checkCall('CalicoIpAutodetection.cidrs', listOf(isString)(cidrs, 'cidrs'));
    return new CalicoIpAutodetection(`cidr=${cidrs.join(',')}`, [
      ...(cidrs.length === 0 ? [{ property: 'cidrs', value: cidrs, expected: 'Give at least one network, e.g. ["10.0.0.0/16"].' }] : []),
      ...cidrs.flatMap((c, i) => ipv4NetworkProblems(`cidrs[${i}]`, c)),
    ]);
  }

  private constructor(
    /** The value of IP_AUTODETECTION_METHOD, e.g. "interface=eth0". */
    public readonly method: string,
    private readonly problems: Problem[] = []) {}

  /** @internal What calico-node would refuse in the method, under the option's `property`. */
  public _problems(property: string): Problem[] {
    return this.problems.map(p => ({ ...p, property: `${property}.${p.property}` }));
  }
}

/** Each pattern a regular expression, none empty and none with a comma (the list's separator). */
function patternProblems(property: string, patterns: readonly string[]): Problem[] {
  if (patterns.length === 0) return [{ property, value: patterns, expected: 'Give at least one interface name pattern, e.g. ["eth0", "ens.*"].' }];
  return patterns.flatMap((pattern, i) => {
    const at = `${property}[${i}]`;
    if (pattern === '' || pattern.includes(',')) {
      return [{ property: at, value: pattern, expected: 'Give one regular expression per item, without ",", which separates the list calico-node reads.' }];
    }
    try {
      new RegExp(pattern);
      return [];
    } catch (e) {
      return [{ property: at, value: pattern, expected: `Give a valid regular expression (${(e as Error).message}), e.g. "ens.*".` }];
    }
  });
}
