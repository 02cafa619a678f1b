/**
 * The YAML library: cdk8s's own copy where it has what the library uses, else this package's
 * dependency. The fallback runs in a child process over the compiled lib/ (`npm test` compiles
 * first), with Node's resolution of cdk8s's copy changed by a preload script.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { yaml } from '../../src/base/yaml-library';

const ROOT = path.join(__dirname, '..', '..');
const COMPILED = path.join(ROOT, 'lib', 'base', 'yaml-library.js');
const CDK8S_DIR = path.dirname(require.resolve('cdk8s/package.json'));

test('the library parses and writes YAML with the copy cdk8s loads, so an app loads one', () => {
  const cdk8sCopy = require.resolve('yaml', { paths: [CDK8S_DIR] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  expect(yaml).toBe(require(cdk8sCopy));
  expect(new yaml.Document({ a: 'on' }).toString()).toBe('a: on\n');
});

/**
 * Loads the compiled library in a child process where resolving `yaml` from cdk8s's folder gives
 * `cdk8sCopy` (a file) or fails (undefined), and tells whether the library asked for cdk8s's copy,
 * which copy it chose (its own dependency or another) and what that copy writes.
 */
function chosenWhenCdk8sHas(cdk8sCopy: string | undefined): { asked: boolean; copy: string; written: string } {
  if (!fs.existsSync(COMPILED)) throw new Error(`${COMPILED} does not exist: run 'npx projen compile' before these tests`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yaml-library-'));
  try {
    const preload = path.join(dir, 'preload.js');
    fs.writeFileSync(preload, `
      const Module = require('module');
      const resolve = Module._resolveFilename;
      Module._resolveFilename = function (request, parent, isMain, options) {
        const fromCdk8s = options && options.paths && options.paths.includes(${JSON.stringify(CDK8S_DIR)});
        if (request === 'yaml' && fromCdk8s) {
          globalThis.asked = true;
          if (${JSON.stringify(cdk8sCopy ?? null)} === null) throw new Error("Cannot find module 'yaml'");
          return ${JSON.stringify(cdk8sCopy ?? null)};
        }
        return resolve.apply(this, arguments);
      };`);
    const script = `
      const { yaml } = require(${JSON.stringify(COMPILED)});
      const own = require(require.resolve('yaml', { paths: [${JSON.stringify(ROOT)}] }));
      const copy = yaml === own ? 'own' : 'other';
      console.log(JSON.stringify({ asked: globalThis.asked === true, copy, written: new yaml.Document({ a: [1, 'on'] }).toString() }));`;
    const r = spawnSync(process.execPath, ['-r', preload, '-e', script], { encoding: 'utf8', cwd: ROOT });
    if (r.status !== 0) throw new Error(`the child process failed: ${r.stderr}`);
    return JSON.parse(r.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test("without cdk8s's copy, the package's own yaml dependency parses and writes", () => {
  expect(chosenWhenCdk8sHas(undefined)).toEqual({ asked: true, copy: 'own', written: 'a:\n  - 1\n  - on\n' });
});

test("a copy of cdk8s's that lacks a function the library uses is passed over for the package's own", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yaml-partial-'));
  try {
    const partial = path.join(dir, 'yaml-partial.js');
    // Everything but `visit`, which the library uses.
    fs.writeFileSync(partial, `const { visit, ...rest } = require(${JSON.stringify(require.resolve('yaml', { paths: [ROOT] }))}); module.exports = rest;`);
    expect(chosenWhenCdk8sHas(partial)).toEqual({ asked: true, copy: 'own', written: 'a:\n  - 1\n  - on\n' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a complete copy of cdk8s's is the one used", () => {
  const cdk8sCopy = require.resolve('yaml', { paths: [CDK8S_DIR] });
  const chosen = chosenWhenCdk8sHas(cdk8sCopy);
  expect(chosen.asked).toBe(true);
  expect(chosen.copy).toBe(require.resolve('yaml', { paths: [ROOT] }) === cdk8sCopy ? 'own' : 'other');
});
