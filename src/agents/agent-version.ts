import { invalid } from '../base/errors';

/** A release number "major.minor.patch" without a "v" or leading zeros (semver's core). */
export const RELEASE = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;

/**
 * A pinned release of an agent's image: the one implementation behind every agent's version
 * class. Each agent's class extends it with its own constants and an `of()` that checks its own
 * release grammar; what a version is (the label value, the repository, the tag, the reference)
 * is the same for all.
 *
 * Internal: not exported from index.ts, so jsii folds its members into each version class.
 * @internal
 */
export abstract class AgentVersion {
  /**
   * The release as given, checked against the version class's own grammar: a moving or mistyped
   * tag would change, or break, every node at once. `api` names the factory in the error.
   * @internal
   */
  protected static _release(api: string, version: unknown, grammar: RegExp, expected: string): string {
    if (typeof version !== 'string' || !grammar.test(version)) throw invalid(api, { property: 'version', value: version, expected });
    return version;
  }

  /** The release, e.g. "1.12.1": the `app.kubernetes.io/version` label, so the YAML says what runs. */
  public readonly version: string;
  /** Where upstream publishes the image, e.g. "quay.io/prometheus/node-exporter". */
  public readonly repository: string;
  /** The image tag, e.g. "v1.12.1" (some upstreams prefix a "v", some add a variant). */
  public readonly tag: string;

  protected constructor(version: string, repository: string, tag: string) {
    this.version = version;
    this.repository = repository;
    this.tag = tag;
  }

  /**
   * The upstream image, `<repository>:<tag>`. An agent's `imageRegistry` replaces its registry
   * host where the agent runs it.
   */
  public get image(): string {
    return `${this.repository}:${this.tag}`;
  }
}
