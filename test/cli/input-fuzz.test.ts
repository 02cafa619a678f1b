/**
 * Fuzz: the fixture manifests and inventory with values replaced by garbage at random places,
 * and their text with random bytes overwritten. Whatever the input, `plan` and `audit` end with
 * exit 0, 1 or 2; a failure is one line (usage errors add a pointer to --help) and never an
 * "internal error", which is reserved for bugs.
 *
 * FUZZ_RUNS sets the number of inputs of each kind.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { stringify } from 'yaml';
import { cli, type CliResult } from './run-cli';
import { loadObjects } from '../../src/planner/load';

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const FIXTURES = path.join(__dirname, '..', 'planner', 'fixtures');
const MANIFESTS = loadObjects([path.join(FIXTURES, 'daemonsets.yaml'), path.join(FIXTURES, 'folder')], () => true).map(o => o.manifest);
const INVENTORY = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'nodes.json'), 'utf8'));

const garbage = fc.constantFrom<unknown>(
  null, 0, -1, 1.5, 1e300, 70000, '', ' ', 'x y', '9100', '100%', 'Exists', 'exists', 'Gt', 'yes', true,
  [], {}, [null], [[1]], { a: { b: [] } }, 'extensions/v1beta1',
);

/** Every path to a value inside `value`. */
function pathsIn(value: unknown, at: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (at.length > 0) out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => pathsIn(v, [...at, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsIn(v, [...at, k], out);
  return out;
}

/** A copy of `value` with the value at each chosen path replaced (or removed, for undefined). */
function mutated(value: unknown, changes: Array<[number, unknown]>): unknown {
  const copy = JSON.parse(JSON.stringify(value));
  for (const [pick, replacement] of changes) {
    const paths = pathsIn(copy);
    if (paths.length === 0) break;
    const at = paths[pick % paths.length];
    let parent = copy;
    for (const key of at.slice(0, -1)) parent = parent[key];
    if (replacement === undefined) delete parent[at[at.length - 1]];
    // A copy: the garbage constants are shared, and a later change may pick a path inside this
    // one (putting it into itself would make the value cyclic, and alter it for later runs).
    else parent[at[at.length - 1]] = structuredClone(replacement);
  }
  return copy;
}

const changes = fc.array(fc.tuple(fc.nat(), fc.option(garbage, { nil: undefined })), { minLength: 1, maxLength: 3 });

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'input-fuzz-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function expectHandled(r: CliResult): void {
  expect([0, 1, 2]).toContain(r.code);
  expect(r.stderr).not.toContain('internal error');
  if (r.code === 2 && !r.stderr.includes('--help')) expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
}

function runBoth(manifests: string | Buffer, inventory: string | Buffer): void {
  const ds = path.join(dir, 'ds.yaml');
  const nodes = path.join(dir, 'nodes.json');
  fs.writeFileSync(ds, manifests);
  fs.writeFileSync(nodes, inventory);
  expectHandled(cli(['plan', '--nodes', nodes, ds]));
  expectHandled(cli(['plan', '--nodes', ds, ds]));
  expectHandled(cli(['audit', ds]));
}

test('garbage values anywhere in the manifests and the inventory', () => {
  fc.assert(fc.property(changes, changes, fc.boolean(), (inManifests, inInventory, touchInventory) => {
    const docs = MANIFESTS.map((m, i) => (i % 2 === 0 ? mutated(m, inManifests) : m));
    runBoth(docs.map(d => stringify(d)).join('---\n'), JSON.stringify(touchInventory ? mutated(INVENTORY, inInventory) : INVENTORY));
  }), { numRuns: RUNS });
});

test('random bytes overwritten in the texts', () => {
  const manifests = fs.readFileSync(path.join(FIXTURES, 'daemonsets.yaml'));
  const inventory = fs.readFileSync(path.join(FIXTURES, 'nodes.json'));
  const bytes = fc.array(fc.tuple(fc.nat(), fc.constantFrom(...Buffer.from('{}[]:,-?&*!|>\'"#%@` \n\t\\0aZ\u0000\u00ff\u00c3', 'latin1'))), { minLength: 1, maxLength: 5 });
  const overwrite = (text: Buffer, edits: Array<[number, number]>) => {
    const copy = Buffer.from(text);
    for (const [at, byte] of edits) copy[at % copy.length] = byte;
    return copy;
  };
  fc.assert(fc.property(bytes, bytes, (inManifests, inInventory) => {
    runBoth(overwrite(manifests, inManifests), overwrite(inventory, inInventory));
  }), { numRuns: RUNS });
});
