import { cdk8s, javascript } from 'projen';

// cdk8s-plus-28's 2.5.x line is frozen upstream; the base construct overrides its internal
// `_toKube()`, so the exact version is part of our contract.
const CDK8S_PLUS = 'cdk8s-plus-28@2.5.6';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-daemonsets',
  description: 'Typed cdk8s constructs for Kubernetes node agents: log collectors, node exporters, CNI agents and GPU monitors, with production defaults, a coverage planner and a privilege report.',
  author: 'cdk8s-daemonsets contributors',
  authorAddress: 'maintainers@cdk8s-daemonsets.invalid',
  repositoryUrl: 'https://github.com/cdk8s-daemonsets/cdk8s-daemonsets.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  // The lowest Node.js CI runs on (.ci/run checks it is this major): 20, past its upstream end of
  // life in April 2026 but what the build machines have; 22 and 24 are expected to work, untested.
  minNodeVersion: '20.0.0',

  // TypeScript must stay below 7 (7 breaks ts-jest and jsii); jsii 5.9 pairs with TypeScript 5.9.
  jsiiVersion: '~5.9.0',
  cdk8sVersion: '2.70.0',
  constructsVersion: '10.4.2',
  peerDeps: [CDK8S_PLUS],
  devDeps: [
    CDK8S_PLUS,
    'kubernetes-models@~4.5.1',
    '@kubernetes-models/argo-cd@~2.7.2',
    '@kubernetes-models/prometheus-operator@~4.4.4',
    // Validates generated agent configuration files against their upstream JSON schemas (Falco's).
    'ajv@^8',
    // Parses every alert expression the agents emit with Prometheus's own PromQL grammar (the one
    // its web UI uses), so a typo fails a test instead of the rule group in Prometheus.
    '@prometheus-io/lezer-promql@~0.315.0',
    '@lezer/lr@^1.4.12',
    'fast-check@^3',
    'cdk8s-cli@^2.200.0',
    'esbuild@^0.25.0',
    'typescript@~5.9.0',
    '@types/node@^20',
  ],
  // The planner CLI parses YAML; jsii libraries must bundle their runtime dependencies.
  bundledDeps: ['yaml@^2.4.0'],
  bin: { 'cdk8s-daemonsets': 'lib/cli/main.js' },

  // CI is .ci/run on a clean clone; there is no GitHub in reach and no registry to publish to.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  docgen: true,
  eslintOptions: {
    dirs: ['src'],
    // The benchmarks are linted like the tests (bench/tsconfig.json puts them in a project);
    // bench/tmp holds unversioned scratch measurements.
    devdirs: ['test', 'build-tools', 'bench'],
    ignorePatterns: ['*.js', '*.d.ts', 'node_modules/', '*.generated.ts', 'coverage', 'bench/tmp/'],
    commandOptions: { fix: false },
  },
  // dist/ holds the synthesized example manifests (committed); jsii packages go elsewhere.
  artifactsDirectory: 'package-out',
  // Snapshots are read and accepted by a person (`npx projen test:update`), never silently.
  jestOptions: {
    // Jest 30 and eslint-import-resolver-typescript 4 depend on unrs-resolver, whose native
    // bindings for other platforms the registry we can reach does not serve; `npm ci` then
    // refuses the lock file. Jest 29 and resolver 3.6 have no native dependency.
    jestVersion: '^29',
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/lib/', '/dist/', '/examples/'],
      // `npm test` must stay under two minutes on a 2-core machine: Jest's default there is one
      // worker, and coverage instrumentation costs about a third more. Coverage on demand:
      // `npx jest --coverage`.
      maxWorkers: 2,
      collectCoverage: false,
      // fast-check's seed (fixed in `npm test`, random in test:long) and default runs.
      setupFilesAfterEnv: ['<rootDir>/test/support/fast-check-setup.ts'],
    },
  },
  tsconfigDev: {
    // test/tsconfig.json type-checks the tests; the examples and benchmarks are checked with them.
    include: ['../examples/**/*.ts', '../bench/**/*.ts'],
    exclude: ['../bench/tmp/**'],
    compilerOptions: {},
  },
  gitignore: ['/test-reports/', '/examples/.build/', '/examples/.cdk8s.out/', '/bench/tmp/', '/.tmp/'],
});

// projen's ESLint setup asks for the latest resolver (4.x, native bindings via unrs-resolver,
// see jestOptions); 3.6 resolves TypeScript imports in plain JavaScript.
project.deps.removeDependency('eslint-import-resolver-typescript');
project.addDevDeps('eslint-import-resolver-typescript@~3.6.3');
// ts-jest requires jest-util from the top level, where npm does not hoist it next to Jest 29.
project.addDevDeps('jest-util@^29');

// Benchmarks write their figures to bench/RESULTS.md; they are never tests. The smoke run (small
// sizes, one run each, nothing written to bench/) proves in CI that they still work.
project.addTask('bench', { description: 'Run the benchmarks and write bench/RESULTS.md', exec: 'ts-node --project test/tsconfig.json bench/run.ts' });
// `npm test` on a fresh clone builds what its tests need: the bin tests run the compiled
// lib/cli/main.js as a user does, and a lib/ older than src/ would test old code.
project.testTask.prependSpawn(project.compileTask);

// The fuzz and property tests run a size CI can afford (npm test stays under two minutes on two
// cores) with one fixed seed, so CI judges the same inputs every time, and the CLI's 300 MiB
// inventory test is left out. This task runs the whole suite with new random inputs, many more of
// them, and that test, for a release or after changing the validation or the CLI's reading.
const testLong = project.addTask('test:long', {
  description: 'Run every test, the fuzz and property tests with many more random inputs (several minutes)',
  env: { FUZZ_RUNS: '20000', PROPERTY_RUNS_FACTOR: '10', FC_SEED: 'random', CLI_BIG_INPUTS: '1' },
  exec: 'jest --coverage=false',
});
testLong.prependSpawn(project.compileTask);
// SafeSynth's kill test kills 20 synths at random moments in CI (besides one at each step of a
// synth); this task kills 1000, for a release or after changing SafeSynth.
project.addTask('test:kill', {
  description: 'Run the SafeSynth kill test with 1000 random kills (a few minutes)',
  env: { SAFE_SYNTH_KILLS: '1000' },
  exec: 'jest --coverage=false test/gitops/safe-synth-kill.test.ts',
});
project.addTask('bench:smoke', { description: 'Run every benchmark once at small sizes', exec: 'ts-node --project test/tsconfig.json bench/run.ts --smoke' });

// `npm test` checks lint and never rewrites sources (a fixable problem would otherwise never fail);
// `npx projen eslint:fix` applies the fixes.
project.addTask('eslint:fix', {
  description: 'Apply ESLint\'s automatic fixes',
  env: { ESLINT_USE_FLAT_CONFIG: 'false', NODE_NO_WARNINGS: '1' },
  exec: 'eslint --fix --ext .ts --no-error-on-unmatched-pattern src test build-tools projenrc .projenrc.ts',
});

// jsii's tools print a banner on Node 20 (past its end of life), the version this machine and CI run.
for (const task of ['compile', 'docgen', 'package:js']) {
  project.tasks.tryFind(task)?.env('JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION', '1');
}

// projen ignores /dist/ for jsii-pacmak's output; here dist/ is the committed example manifests
// (pacmak writes to package-out/ instead).
project.gitignore.removePatterns('/dist/');
project.npmignore?.removePatterns('dist');
project.npmignore?.exclude('/dist/', '/examples/', '/bench/', '/package-out/', '/.ci/');

// The main job: synthesize the example GitOps app into dist/. examples/synth.js bundles the app
// with esbuild when its sources changed and runs it in-process: the app `cdk8s synth` runs in
// examples/ (cdk8s.yaml), without the CLI, which loads all its commands first (about 0.7 s).
// A plain npm script, not a projen task: projen's task runner would add half a second.
project.package.setScript('synth', 'node examples/synth.js');

project.synth();
