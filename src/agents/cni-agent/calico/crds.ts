import * as fs from 'fs';
import * as path from 'path';
import { CalicoVersion } from './version';
import { Problem } from '../../../base/errors';
import { yaml } from '../../../base/yaml-library';
import { isString } from '../../../validation/guards';
import { checkCall } from '../../agent-guards';

/** The release whose CRDs the package carries (vendor/calico). */
const BUNDLED_RELEASE = '3.32.1';
const BUNDLED_FILE = path.join('vendor', 'calico', `crds-v${BUNDLED_RELEASE}.yaml`);
const PACKAGE_NAME = 'cdk8s-daemonsets';

/**
 * This package's root: the nearest folder above this file whose package.json is this package's,
 * wherever the code runs from (src/ under ts-node or jest, lib/ once built and installed, or a
 * bundle of the app beside the repository, as examples/synth.js builds).
 */
function packageRoot(): string | undefined {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      if (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name === PACKAGE_NAME) return dir;
    } catch {
      // No package.json here, or not JSON: look further up.
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

let bundledCrds: CalicoCrds | undefined;

/**
 * Calico's CustomResourceDefinitions: the kinds calico-node, the CNI plugin and
 * kube-controllers keep their state in with the Kubernetes API datastore (IP pools, IPAM blocks,
 * Felix and BGP configuration, Calico's network policies). They must match the Calico release.
 *
 * The package carries Calico 3.32.1's, from manifests/calico.yaml at that tag, unmodified
 * (Apache-2.0, its notice kept at the top of the file): installing them needs no download, and
 * synthesizing gives the same objects offline, every time. Another release's come from a file
 * you keep beside your app (that release's manifests/calico.yaml, or just its CRDs).
 *
 * @example
 * CalicoCrds.bundled()
 * CalicoCrds.fromFile(path.join(__dirname, 'calico-v3.33.0-crds.yaml'))
 */
export class CalicoCrds {
  /** Calico 3.32.1's 23 CRDs, which this package carries. */
  public static bundled(): CalicoCrds {
    // One instance, so the file is read once however many agents install them.
    bundledCrds ??= new CalicoCrds(undefined, BUNDLED_RELEASE);
    return bundledCrds;
  }

  /**
   * No CRDs: they are installed apart (by a pipeline of the platform's own, or Calico's
   * operator), before calico-node starts.
   */
  public static none(): CalicoCrds {
    return new CalicoCrds(undefined, undefined, true);
  }

  /**
   * The CRDs in a local YAML file, read when the construct is created, as cdk8s's `Include`
   * reads a manifest; unlike `Include`, which stamps the chart's namespace on every object, the
   * CRDs stay cluster-scoped. Only its CustomResourceDefinitions are taken, so a whole calico.yaml will do; a URL is
   * refused, so the output never depends on the network.
   */
  public static fromFile(file: string): CalicoCrds {
    checkCall('CalicoCrds.fromFile', isString(file, 'file'));
    return new CalicoCrds(file);
  }

  private loaded?: { crds: any[]; problems: Problem[] };

  private constructor(
    /** The file given to `fromFile`, or undefined for the bundled CRDs. */
    public readonly file?: string,
    /** The Calico release of the bundled CRDs, or undefined for a file's. */
    public readonly release?: string,
    /** Whether no CRDs are installed (`none()`). */
    public readonly isNone: boolean = false) {}

  /** @internal The bundled CRDs for another release than calico-node's. */
  public _releaseProblems(property: string, version: CalicoVersion): Problem[] {
    if (this.release === undefined || this.release === version.version) return [];
    return [{
      property,
      value: `CalicoCrds.bundled() (Calico ${this.release})`,
      expected: `calico-node runs Calico ${version.version}: give that release's CRDs, CalicoCrds.fromFile('<manifests/calico.yaml at v${version.version}>'), or CalicoCrds.none() if they are installed apart.`,
    }];
  }

  /**
   * @internal The CRDs as objects (a copy for each caller), or the problems that stop reading
   * them, under `property`. The file is read once.
   */
  public _load(property: string): { crds: any[]; problems: Problem[] } {
    this.loaded ??= this.isNone ? { crds: [], problems: [] } : readCrds(this.file);
    return {
      crds: this.loaded.crds.map(crd => JSON.parse(JSON.stringify(crd))),
      problems: this.loaded.problems.map(p => ({ ...p, property: `${property}${p.property}` })),
    };
  }
}

/**
 * The CRDs of the file `given`, or of the bundled file when undefined, or the problems (their properties
 * relative to the option: "" or ".file").
 */
function readCrds(given: string | undefined): { crds: any[]; problems: Problem[] } {
  const bundled = given === undefined;
  const root = bundled ? packageRoot() : undefined;
  if (bundled && root === undefined) {
    return { crds: [], problems: [{ property: '', value: BUNDLED_FILE, expected: `The bundled CRDs are read from the ${PACKAGE_NAME} package folder, which a bundler moved this code away from: give CalicoCrds.fromFile('<a copy of ${BUNDLED_FILE}>').` }] };
  }
  const file = bundled ? path.join(root!, BUNDLED_FILE) : given;
  const fileProblem = (value: string, expected: string) => ({ crds: [], problems: [{ property: '.file', value, expected }] });
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) {
    return fileProblem(file, 'Give a local file: download it once and keep it beside the app, so every synthesis gives the same objects, offline.');
  }
  let documents: any[];
  try {
    // YAML 1.1, as cdk8s's Include reads a manifest (cdk8s Yaml.load), without its child process.
    documents = yaml.parseAllDocuments(fs.readFileSync(file, 'utf8'), { version: '1.1' }).map(d => {
      if (d.errors.length > 0) throw d.errors[0];
      return d.toJS();
    });
  } catch (e) {
    return fileProblem(file, `Give a readable YAML file of Calico's CRDs (${(e as Error).message.split('\n')[0]}).`);
  }
  const crds = documents.filter(d => d?.kind === 'CustomResourceDefinition');
  if (crds.length === 0) return fileProblem(file, 'The file has no CustomResourceDefinition: give Calico\'s manifests/calico.yaml, or its CRDs, of the release calico-node runs.');
  const problems = crds.flatMap((crd, i) => crd.apiVersion === 'apiextensions.k8s.io/v1' && typeof crd.metadata?.name === 'string' ? [] : [{
    property: '.file', value: `${file} (CustomResourceDefinition ${i + 1})`, expected: 'Each CustomResourceDefinition needs apiVersion apiextensions.k8s.io/v1 and a metadata.name, as Calico 3.x ships them.',
  }]);
  return { crds, problems };
}
