/**
 * Host-port clash warnings at fleet size (reference §6, NodePorts). A warning per pair of clashing
 * DaemonSets per node is quadratic in the DaemonSets that share a port: 100 hostNetwork exporters
 * on 9100 over 10,000 nodes made 99 million warnings and ran out of heap. So:
 *
 * - Clashes are worked out once per *run signature*, the set of port-claiming DaemonSets that run
 *   on a node, not per node: nodes of one pool share a signature, a fleet has few. The signature
 *   is read once per run class (run-classes.ts), whose nodes run the same DaemonSets.
 * - A DaemonSet that clashes on a node with up to NAMED_CLASHES others gets one warning per other
 *   DaemonSet, exactly as before (same messages, same order); with more, one warning naming the
 *   first few and counting the rest. A node then holds at most NAMED_CLASHES + 1 warnings per
 *   DaemonSet, and the plan stays linear in nodes × DaemonSets.
 *
 * Which pod stays Pending is not predicted: the scheduler binds whichever pod comes first.
 */
import { claimsConflict, formatClaim, type HostPortClaim } from './host-ports';
import { PlanWarningKind, type PlanWarning } from './result';

/** Clashes with up to this many other DaemonSets on a node are warned one by one; more are summarized. */
export const NAMED_CLASHES = 5;

/** A port and protocol that two or more DaemonSets claim, and each one's claims on it. */
interface SharedPort {
  readonly owners: readonly number[];
  readonly ownerClaims: readonly (readonly HostPortClaim[])[];
}

/** One DaemonSet's claims on one shared port. */
interface OwnClaims {
  /** Index in `sharedPorts`, which is the order the ports were first claimed in. */
  readonly port: number;
  readonly claims: readonly HostPortClaim[];
}

/** One warning a DaemonSet gets on every node of a signature, and where it sorts among its warnings. */
interface Clash {
  readonly rank: number;
  readonly message: string;
}

/** The clashes on the nodes of one signature: `clashes[k]` are those of DaemonSet `daemonSets[k]`. */
interface SignatureClashes {
  readonly daemonSets: number[];
  readonly clashes: Clash[][];
}

/** A warning every node of a signature gets, its DaemonSet, and the list it goes to (the DaemonSet's, for its rank). */
interface Target {
  readonly d: number;
  readonly bucket: PlanWarning[];
  readonly message: string;
}

/** 2^j for the bits of a signature character. */
const BIT = Array.from({ length: 16 }, (_, j) => 2 ** j);

const portKey = (c: HostPortClaim) => `${c.port}/${c.protocol}`;

function describePorts(ports: readonly HostPortClaim[]): string {
  return `${ports.length === 1 ? 'hostPort' : 'hostPorts'} ${ports.map(formatClaim).join(', ')}`;
}

function clashes(mine: readonly HostPortClaim[], theirs: readonly HostPortClaim[]): boolean {
  return mine.some(a => theirs.some(b => claimsConflict(a, b)));
}

/** Builds the host-port warnings of every DaemonSet. */
export class PortClashes {
  private readonly sharedPorts: SharedPort[] = [];
  /** Per DaemonSet: its claims on shared ports, in port order. */
  private readonly ownClaims: OwnClaims[][];
  /** DaemonSets with a claim on a shared port, ascending: the only ones a signature records. */
  private readonly involved: number[];
  private readonly pairMessages = new Map<number, readonly [string, string]>();
  /** Scratch marks, one per DaemonSet, stamped with a generation number to avoid clearing. */
  private readonly running: Int32Array;
  private readonly seen: Int32Array;
  private generation = 0;

  /**
   * @param claims per DaemonSet, its host-port claims
   * @param ids per DaemonSet, `namespace/name` for messages
   */
  constructor(claims: readonly (readonly HostPortClaim[])[], private readonly ids: readonly string[]) {
    const byKey = new Map<string, { owners: number[]; ownerClaims: HostPortClaim[][] }>();
    claims.forEach((list, d) => {
      for (const c of list) {
        const key = portKey(c);
        let port = byKey.get(key);
        if (port === undefined) byKey.set(key, port = { owners: [], ownerClaims: [] });
        if (port.owners[port.owners.length - 1] === d) {
          port.ownerClaims[port.ownerClaims.length - 1].push(c);
        } else {
          port.owners.push(d);
          port.ownerClaims.push([c]);
        }
      }
    });
    this.ownClaims = claims.map(() => []);
    const involved = new Set<number>();
    for (const port of byKey.values()) {
      if (port.owners.length < 2) continue;
      const index = this.sharedPorts.length;
      this.sharedPorts.push(port);
      port.owners.forEach((d, j) => {
        this.ownClaims[d].push({ port: index, claims: port.ownerClaims[j] });
        involved.add(d);
      });
    }
    this.involved = [...involved].sort((a, b) => a - b);
    this.running = new Int32Array(claims.length);
    this.seen = new Int32Array(claims.length);
  }

  /**
   * Every DaemonSet's host-port warnings, per DaemonSet in the order of its clashes (the port
   * first claimed, then the other DaemonSet's position), each clash node by node.
   *
   * @param runs per DaemonSet, per node: 1 where it runs
   * @param nodeNames per node, its name
   * @param classOf per node, its run class (run-classes.ts): nodes of a class run the same DaemonSets
   * @param warned per DaemonSet, per node: set to 1 where it gets a warning
   */
  public warnings(runs: readonly Uint8Array[], nodeNames: readonly string[], classOf: Int32Array, warned: readonly Uint8Array[]): PlanWarning[][] {
    const byRank: Array<Map<number, PlanWarning[]>> = runs.map(() => new Map());
    if (this.involved.length < 2) return byRank.map(() => []);
    const bucketFor = (d: number, rank: number): PlanWarning[] => {
      let bucket = byRank[d].get(rank);
      if (bucket === undefined) byRank[d].set(rank, bucket = []);
      return bucket;
    };
    const signatures = new Map<string, Target[]>();
    const byClass: Array<Target[] | undefined> = [];
    for (let i = 0; i < nodeNames.length; i++) {
      let targets = byClass[classOf[i]];
      if (targets === undefined) byClass[classOf[i]] = targets = this.targetsAt(i, runs, signatures, bucketFor);
      for (const t of targets) {
        t.bucket.push({ kind: PlanWarningKind.HOST_PORT_CONFLICT, node: nodeNames[i], message: t.message, summary: t.message });
        warned[t.d][i] = 1;
      }
    }
    return byRank.map(buckets => {
      const ranks = [...buckets.keys()].sort((a, b) => a - b);
      if (ranks.length === 1) return buckets.get(ranks[0])!;
      const out: PlanWarning[] = [];
      for (const rank of ranks) for (const w of buckets.get(rank)!) out.push(w);
      return out;
    });
  }

  /** The warnings of node `i`, by its signature: which involved DaemonSets run there. */
  private targetsAt(
    i: number, runs: readonly Uint8Array[], signatures: Map<string, Target[]>, bucketFor: (d: number, rank: number) => PlanWarning[],
  ): Target[] {
    // The signature as bits, 16 to a character.
    const members: number[] = [];
    let key = '';
    let word = 0;
    for (let j = 0; j < this.involved.length; j++) {
      if (runs[this.involved[j]][i]) {
        members.push(this.involved[j]);
        word += BIT[j % 16];
      }
      if (j % 16 === 15 || j === this.involved.length - 1) {
        key += String.fromCharCode(word);
        word = 0;
      }
    }
    if (members.length < 2) return [];
    let targets = signatures.get(key);
    if (targets === undefined) {
      const here = this.clashesAmong(members);
      targets = here.daemonSets.flatMap((d, k) => here.clashes[k].map(c => ({ d, bucket: bucketFor(d, c.rank), message: c.message })));
      signatures.set(key, targets);
    }
    return targets;
  }

  /** For DaemonSets running together (ascending), each one's clashes with the others. */
  private clashesAmong(members: readonly number[]): SignatureClashes {
    const together = ++this.generation;
    for (const d of members) this.running[d] = together;
    const result: SignatureClashes = { daemonSets: [], clashes: [] };
    const total = this.ids.length;
    for (const d of members) {
      const mark = ++this.generation;
      const others: number[] = [];
      const ranks: number[] = [];
      for (const own of this.ownClaims[d]) {
        const port = this.sharedPorts[own.port];
        port.owners.forEach((e, j) => {
          if (e === d || this.running[e] !== together || this.seen[e] === mark) return;
          if (!clashes(own.claims, port.ownerClaims[j])) return;
          this.seen[e] = mark;
          others.push(e);
          ranks.push(own.port * total + e);
        });
      }
      if (others.length === 0) continue;
      result.daemonSets.push(d);
      result.clashes.push(others.length <= NAMED_CLASHES
        ? others.map((e, k) => ({ rank: ranks[k], message: this.pairMessage(d, e) }))
        : [{ rank: ranks[0], message: this.summaryMessage(d, others, together) }]);
    }
    return result;
  }

  /** The warning for one pair, on `d`'s side: the ports of the first of the two that clash with the second. */
  private pairMessage(d: number, e: number): string {
    const [a, b] = d < e ? [d, e] : [e, d];
    const id = a * this.ids.length + b;
    let messages = this.pairMessages.get(id);
    if (messages === undefined) {
      const ports: HostPortClaim[] = [];
      for (const own of this.ownClaims[a]) {
        const port = this.sharedPorts[own.port];
        const j = port.owners.indexOf(b);
        if (j < 0) continue;
        for (const c of own.claims) {
          if (clashes([c], port.ownerClaims[j])) ports.push(c);
        }
      }
      const what = describePorts(ports);
      const text = (other: number) => `${what} also claimed by DaemonSet ${this.ids[other]}, which runs on this node too; one of the two pods stays Pending`;
      messages = [text(b), text(a)];
      this.pairMessages.set(id, messages);
    }
    return messages[d === a ? 0 : 1];
  }

  /** One warning for a DaemonSet that clashes with more than NAMED_CLASHES others on a node. */
  private summaryMessage(d: number, others: readonly number[], together: number): string {
    const ports: HostPortClaim[] = [];
    for (const own of this.ownClaims[d]) {
      const port = this.sharedPorts[own.port];
      for (const c of own.claims) {
        const taken = port.owners.some((e, j) => e !== d && this.running[e] === together && clashes([c], port.ownerClaims[j]));
        if (taken) ports.push(c);
      }
    }
    const named = others.slice(0, NAMED_CLASHES).map(e => this.ids[e]).join(', ');
    return `${describePorts(ports)} also claimed by ${others.length} other DaemonSets, which run on this node too (${named}, `
      + `and ${others.length - NAMED_CLASHES} more); one pod holds the port and the others that clash with it stay Pending`;
  }
}
