/**
 * Synthesizes the example app (main.ts) into dist/: `npm run synth`, and the `app` that
 * `cdk8s synth` runs here (cdk8s.yaml).
 *
 * main.ts is bundled with esbuild into .build/app.js (this library's sources inlined, packages
 * left to `require` from node_modules, so TypeScript is never compiled at run time), and the bundle
 * runs in this process. Bundling takes longer than the app itself, so it is done only when the
 * bundle is missing or any file it was built from has changed since: .build/app.inputs.json records
 * the size and modification time of each input esbuild reported, of the tsconfig.json and
 * package.json it reads, of this script (which holds the options) and of the bundle.
 *
 * Plain JavaScript, so that node runs it without a compiler; not part of the published package.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
// The bundle must sit one folder below examples/: main.ts finds dist/ from its own __dirname.
const BUNDLE = path.join(__dirname, '.build', 'app.js');
const STAMP = path.join(__dirname, '.build', 'app.inputs.json');
const ALWAYS_TRACKED = [__filename, path.join(ROOT, 'tsconfig.json'), path.join(ROOT, 'package.json')];
/** Timestamps are coarse: a file written this close to the build may have changed while esbuild read it. */
const RACY_MS = 2000;

function fingerprint(file) {
  const s = fs.statSync(file, { throwIfNoEntry: false });
  return s ? `${s.size} ${s.mtimeMs}` : 'missing';
}

function upToDate() {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(STAMP, 'utf8'));
  } catch {
    return false;
  }
  return Object.entries(stamp).every(([file, recorded]) => fingerprint(path.join(ROOT, file)) === recorded);
}

/** Writes beside the target and renames, so a concurrent run never reads half a file. */
function replace(file, contents) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, contents);
  fs.renameSync(tmp, file);
}

function bundle() {
  const started = Date.now();
  // bench/build.ts bundles the benchmark apps with the same options.
  const result = require('esbuild').buildSync({
    entryPoints: [path.join(__dirname, 'main.ts')],
    outfile: BUNDLE,
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    metafile: true,
    write: false,
  });
  fs.mkdirSync(path.dirname(BUNDLE), { recursive: true });
  for (const out of result.outputFiles) replace(out.path, out.contents);
  const inputs = [...Object.keys(result.metafile.inputs).map(f => path.join(ROOT, f)), ...ALWAYS_TRACKED];
  const racy = inputs.some(f => {
    const s = fs.statSync(f, { throwIfNoEntry: false });
    // An input esbuild read that is gone now was deleted during the build; tsconfig.json may be absent.
    return s ? s.mtimeMs > started - RACY_MS : !ALWAYS_TRACKED.includes(f);
  });
  if (racy) {
    fs.rmSync(STAMP, { force: true });
  } else {
    const stamp = {};
    for (const f of [...inputs, BUNDLE]) stamp[path.relative(ROOT, f)] = fingerprint(f);
    replace(STAMP, JSON.stringify(stamp, null, 1));
  }
  console.log(`bundled examples/main.ts (${inputs.length - ALWAYS_TRACKED.length} files) into ${path.relative(ROOT, BUNDLE)} in ${Date.now() - started} ms`);
}

if (!upToDate()) bundle();
require(BUNDLE);
