/**
 * The folders SafeSynth refuses, judged by their real path (symbolic links resolved), and the ones
 * it writes through. Each refusal must leave the project exactly as it was.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { SafeSynth, ValidationError } from '../../src';
import { agent } from '../base/fixtures';
import { filesOf, inDir, tempDir } from '../support/safe-synth';

const RECORD = '.safe-synth-files';

/** A project as users have it: package.json, cdk8s.yaml and sources. */
function project(): { root: string; project: string; files: Record<string, string> } {
  const root = tempDir();
  const dir = path.join(root, 'project');
  const files: Record<string, string> = {
    'package.json': '{ "name": "platform-gitops" }\n',
    'cdk8s.yaml': 'language: typescript\napp: node main.js\noutput: .cdk8s.out\n',
    'src/main.ts': '// the user\'s code\n',
    'src/agents.ts': '// more of it\n',
  };
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return { root, project: dir, files };
}

function appIn(root: string): App {
  const app = new App({ outdir: path.join(root, 'cli-out') });
  agent(new Chart(app, 'agents', { namespace: 'agents' }));
  return app;
}

function refusal(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error('expected SafeSynth to refuse, but it wrote');
}

describe('SafeSynth outdir', () => {
  test('rejects "src", a folder of sources, and leaves them as they were (it once deleted them)', () => {
    const { root, project: dir, files } = project();
    const error = refusal(() => inDir(dir, () => SafeSynth.synth(appIn(root), { outdir: 'src' })));
    expect(error.message).toBe(`SafeSynth: invalid outdir: "src". ${dir}/src holds files SafeSynth did not generate that look like a project's sources (src/agents.ts, src/main.ts): it looks like the wrong folder. SafeSynth never deletes or overwrites them, but Argo CD applies the folder it reads. Point outdir at a folder of its own, e.g. "dist"; if this folder really is meant to hold them (e.g. the root of a separate GitOps repository), pass allowForeignFiles: true.`.replace('(src/agents.ts, src/main.ts)', '(agents.ts, main.ts)'));
    expect(filesOf(dir)).toEqual(files);
  });

  test('writes beside foreign files with allowForeignFiles, never touching them', () => {
    const { root, project: dir, files } = project();
    fs.mkdirSync(path.join(root, 'gitops', '.git'), { recursive: true });
    fs.writeFileSync(path.join(root, 'gitops', '.git', 'HEAD'), 'ref: refs/heads/main\n');
    fs.writeFileSync(path.join(root, 'gitops', 'README.md'), '# GitOps\n');
    expect(() => inDir(dir, () => SafeSynth.synth(appIn(root), { outdir: '../gitops' }))).toThrow(/look like a project's sources \(\.git\)/);
    inDir(dir, () => SafeSynth.synth(appIn(root), { outdir: '../gitops', allowForeignFiles: true }));
    expect(Object.keys(filesOf(path.join(root, 'gitops')))).toEqual(['.git/HEAD', RECORD, 'README.md', 'agents.k8s.yaml']);
    expect(filesOf(dir)).toEqual(files);
  });

  test.each([
    ['an empty outdir', ''],
    ['"."', '.'],
    ['the current directory by its absolute path', '<project>'],
    ['a folder above the current directory', '..'],
  ])('rejects %s, which holds the current directory', (_name, given) => {
    const { root, project: dir, files } = project();
    const outdir = given.replace('<project>', dir);
    const error = refusal(() => inDir(dir, () => SafeSynth.synth(appIn(root), { outdir })));
    expect(error.problems[0]).toMatchObject({ path: 'SafeSynth', property: 'outdir', value: outdir });
    expect(error.problems[0].fix).toMatch(/ is \(or holds\) the current directory, .*project and the project root, .*project\. Argo CD applies every manifest in its folder, and this one holds the whole project: point outdir at a folder of its own, e.g\. "dist"\.$/);
    expect(filesOf(dir)).toEqual(files);
  });

  test('rejects the project root from a subfolder of it', () => {
    const { root, project: dir, files } = project();
    fs.mkdirSync(path.join(dir, 'scripts'));
    const error = refusal(() => inDir(path.join(dir, 'scripts'), () => SafeSynth.synth(appIn(root), { outdir: '..' })));
    expect(error.message).toContain(`is (or holds) the current directory, ${dir}/scripts and the project root, ${dir}.`);
    expect(filesOf(dir)).toEqual(files);
  });

  test('rejects a symbolic link pointing above the project, by where it points (it once deleted the project)', () => {
    const { root, project: dir, files } = project();
    fs.symlinkSync('..', path.join(dir, 'out'));
    const error = refusal(() => inDir(dir, () => SafeSynth.synth(appIn(root), { outdir: 'out' })));
    expect(error.message).toContain(`${dir}/out (through symbolic links: ${root}) is (or holds) the current directory`);
    expect(filesOf(dir)).toEqual({ ...files, out: '-> ..' });
    expect(fs.readdirSync(root).sort()).toEqual(['project']);
  });

  test('writes through a symlinked dist: the link stays a link and its target gets the files', () => {
    const { root, project: dir } = project();
    fs.mkdirSync(path.join(root, 'shared', 'dist'), { recursive: true });
    fs.writeFileSync(path.join(root, 'shared', 'dist', 'README.md'), 'shared\n');
    fs.symlinkSync(path.join(root, 'shared', 'dist'), path.join(dir, 'dist'));
    inDir(dir, () => SafeSynth.synth(appIn(root), { outdir: 'dist' }));
    expect(fs.lstatSync(path.join(dir, 'dist')).isSymbolicLink()).toBe(true);
    expect(Object.keys(filesOf(path.join(root, 'shared', 'dist')))).toEqual([RECORD, 'README.md', 'agents.k8s.yaml']);
    // The lock went beside the real folder, and is gone.
    expect(fs.readdirSync(path.join(root, 'shared'))).toEqual(['dist']);
  });

  test('rejects a dangling symbolic link with a message, not ENOTDIR', () => {
    const { root, project: dir, files } = project();
    fs.symlinkSync(path.join(root, 'nowhere'), path.join(dir, 'dist'));
    const error = refusal(() => inDir(dir, () => SafeSynth.synth(appIn(root), { outdir: 'dist' })));
    expect(error.message).toBe(`SafeSynth: invalid outdir: "dist". ${dir}/dist (a symbolic link to ${root}/nowhere) leads to nothing: SafeSynth writes through a link but does not create its target. Create the folder the link points to, or point outdir at a real folder.`);
    expect(fs.existsSync(path.join(root, 'nowhere'))).toBe(false);
    expect(filesOf(dir)).toEqual({ ...files, dist: `-> ${root}/nowhere` });
  });

  test('rejects a file in place of the folder, leaving it as it was', () => {
    const { root, project: dir } = project();
    fs.writeFileSync(path.join(dir, 'dist'), 'not a folder\n');
    const error = refusal(() => inDir(dir, () => SafeSynth.synth(appIn(root), { outdir: 'dist' })));
    expect(error.message).toBe(`SafeSynth: invalid outdir: "dist". ${dir}/dist is a file, not a folder. SafeSynth never replaces a file it did not write: move it, or point outdir at a folder, e.g. "dist".`);
    expect(fs.readFileSync(path.join(dir, 'dist'), 'utf8')).toBe('not a folder\n');
  });

  test('rejects a folder whose parent is missing, creating nothing', () => {
    const { root, project: dir, files } = project();
    const error = refusal(() => inDir(dir, () => SafeSynth.synth(appIn(root), { outdir: 'manifests/prod' })));
    expect(error.message).toBe(`SafeSynth: invalid outdir: "manifests/prod". Its parent folder ${dir}/manifests does not exist. SafeSynth creates the output folder but not the folders above it, since a missing parent is most often a typo or the wrong working directory (it runs in ${dir}): create the parent first.`);
    expect(filesOf(dir)).toEqual(files);
  });

  test('creates a missing folder whose parent exists', () => {
    const { root, project: dir } = project();
    inDir(dir, () => SafeSynth.synth(appIn(root), { outdir: 'dist' }));
    expect(fs.readdirSync(path.join(dir, 'dist')).sort()).toEqual([RECORD, 'agents.k8s.yaml']);
  });

  test.each(['.git', 'node_modules'])('rejects a folder inside %s', special => {
    const { root, project: dir } = project();
    fs.mkdirSync(path.join(dir, special));
    const error = refusal(() => inDir(dir, () => SafeSynth.synth(appIn(root), { outdir: `${special}/dist` })));
    expect(error.message).toBe(`SafeSynth: invalid outdir: "${special}/dist". ${dir}/${special}/dist is inside a ${special} folder, which belongs to git or npm: point outdir at a folder of its own, e.g. "dist".`);
    expect(fs.readdirSync(path.join(dir, special))).toEqual([]);
  });
});
