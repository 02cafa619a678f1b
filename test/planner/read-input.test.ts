/**
 * Reading one input as a careful tool does: regular files only, a stated size limit, UTF-8 only,
 * nesting the YAML parser survives, and every failure a message naming the path.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { errorOf } from './builders';
import { loadDaemonSets, loadNodes } from '../../src/planner/load';
import { MAX_INPUT_BYTES, readInput } from '../../src/planner/read-input';
import { MAX_YAML_NESTING, yamlDocuments } from '../../src/planner/yaml-text';

// The module object itself: \`import * as\` gives a read-only copy that jest cannot spy on.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFs: typeof fs = require('fs');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-input-'));
});
afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

const NODES = JSON.stringify([{ kind: 'Node', metadata: { name: 'a' } }]);
const ONLY_REGULAR = 'not a regular file; give a regular file, or - to read standard input (e.g. kubectl get nodes -o json | cdk8s-daemonsets plan --nodes - dist/)';

describe('only regular files are read', () => {
  test('rejects a character device without reading it', () => {
    expect(errorOf(() => readInput('/dev/zero'))).toBe(`/dev/zero: cannot read: it is a character device, ${ONLY_REGULAR}`);
  });

  test('rejects a FIFO without blocking on it', () => {
    const fifo = path.join(dir, 'nodes.json');
    execFileSync('mkfifo', [fifo]);
    expect(errorOf(() => readInput(fifo))).toBe(`${fifo}: cannot read: it is a named pipe (FIFO), ${ONLY_REGULAR}`);
  });

  test('rejects a socket', async () => {
    const socket = path.join(dir, 'nodes.sock');
    const server = net.createServer();
    await new Promise<void>(resolve => server.listen(socket, resolve));
    try {
      expect(errorOf(() => readInput(socket))).toBe(`${socket}: cannot read: it is a socket, ${ONLY_REGULAR}`);
    } finally {
      await new Promise(resolve => server.close(resolve));
    }
  });

  test('rejects a folder given where a file goes', () => {
    expect(errorOf(() => loadNodes(dir))).toBe(`${dir}: cannot read: it is a folder, not a regular file; give a file`);
  });

  test('rejects a symbolic link loop, naming it', () => {
    const loop = path.join(dir, 'loop.json');
    fs.symlinkSync(loop, loop);
    expect(errorOf(() => loadNodes(loop))).toBe(`${loop}: cannot read: too many levels of symbolic links (a symbolic link loop?) (ELOOP)`);
  });

  test('reads a regular file whose size the system does not report (/proc)', () => {
    expect(readInput('/proc/self/status')).toMatch(/^Name:/);
  });
});

describe('a stated size limit', () => {
  test('is 256 MiB', () => {
    expect(MAX_INPUT_BYTES).toBe(256 * 1024 * 1024);
  });

  test('rejects a larger file by its size, before reading it', () => {
    const file = path.join(dir, 'huge.json');
    fs.closeSync(fs.openSync(file, 'w'));
    fs.truncateSync(file, MAX_INPUT_BYTES + 1); // sparse: no disk used
    const read = jest.spyOn(nodeFs, 'readSync');
    expect(errorOf(() => readInput(file))).toBe(`${file}: the input is 256.0 MiB, more than the 256 MiB the CLI reads from one file; split it into several files`);
    expect(read).not.toHaveBeenCalled();
  });
});

describe('encodings', () => {
  test('a UTF-8 byte-order mark is skipped, in node inventories and manifests', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    expect(loadNodes(write('nodes.json', Buffer.concat([bom, Buffer.from(NODES)])))).toHaveLength(1);
    const ds = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: a}\n';
    expect(loadDaemonSets([write('ds.yaml', Buffer.concat([bom, Buffer.from(ds)]))])[0].manifest.apiVersion).toBe('apps/v1');
  });

  const convert = 'not UTF-8; convert it to UTF-8 (e.g. iconv -f UTF-16 -t UTF-8, or Out-File -Encoding utf8 in PowerShell)';
  test.each([
    ['UTF-16LE with a BOM (Windows PowerShell 5)', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(NODES, 'utf16le')]), `the file is UTF-16 (little-endian, with a byte-order mark), ${convert}`],
    ['UTF-16BE with a BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(NODES, 'utf16le').swap16()]), `the file is UTF-16 (big-endian, with a byte-order mark), ${convert}`],
    ['UTF-16LE without a BOM', Buffer.from(NODES, 'utf16le'), `the file looks like UTF-16 (NUL bytes between the characters), ${convert}`],
    ['UTF-16BE without a BOM', Buffer.from(NODES, 'utf16le').swap16(), `the file looks like UTF-16 (NUL bytes between the characters), ${convert}`],
  ])('rejects %s, saying so', (_d, bytes, message) => {
    const file = write('nodes.json', bytes);
    expect(errorOf(() => loadNodes(file))).toBe(`${file}: ${message}`);
  });

  test.each([
    ['Latin-1', Buffer.from('kind: List\nitems: []\n# caf\xe9\n', 'latin1'), 3, 0xe9],
    ['a truncated sequence', Buffer.from([0x61, 0x0a, 0xe2, 0x82]), 2, 0xe2],
    ['an overlong form', Buffer.from([0x0a, 0x0a, 0xc0, 0xaf]), 3, 0xc0],
    ['a surrogate', Buffer.from([0x61, 0xed, 0xa0, 0x80]), 1, 0xed],
    ['a code point above U+10FFFF', Buffer.from([0xf4, 0x90, 0x80, 0x80]), 1, 0xf4],
  ])('rejects invalid UTF-8 (%s), naming the line and the byte', (_d, bytes, line, byte) => {
    const file = write('nodes.yaml', bytes);
    const offset = bytes.indexOf(byte);
    expect(errorOf(() => readInput(file))).toBe(`${file}:${line}: not valid UTF-8 (byte 0x${byte.toString(16).toUpperCase()} at offset ${offset}); save the file as UTF-8`);
  });

  test('reads UTF-8 beyond ASCII', () => {
    expect(readInput(write('x.yaml', 'a: "é ✓ 𝄞"\n'))).toBe('a: "é ✓ 𝄞"\n');
  });
});

describe('YAML nesting', () => {
  test.each([
    ['flow collections', `${'['.repeat(MAX_YAML_NESTING + 1)}${']'.repeat(MAX_YAML_NESTING + 1)}`, 1],
    ['block mappings', Array.from({ length: MAX_YAML_NESTING + 2 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'), MAX_YAML_NESTING + 2],
    ['compact sequences', `x:\n${'- '.repeat(MAX_YAML_NESTING + 1)}1\n`, 2],
  ])('rejects %s nested too deeply, with the line, before parsing', (_d, text, line) => {
    expect(errorOf(() => yamlDocuments(text, 'deep.yaml')))
      .toBe(`deep.yaml:${line}: YAML nested too deeply (more than ${MAX_YAML_NESTING} levels of brackets, indentation and list items); Kubernetes objects nest far less`);
  });

  test('brackets in quotes, comments and block scalars do not count', () => {
    const deep = '['.repeat(MAX_YAML_NESTING + 1);
    const text = `a: "${deep}"\nb: '${deep}'\n# ${deep}\nc: |\n  ${deep}\n`;
    expect(yamlDocuments(text, 'x.yaml')[0].value).toMatchObject({ a: deep, b: deep, c: `${deep}\n` });
  });

  test('nesting just under the limit is read', () => {
    const n = MAX_YAML_NESTING - 1;
    expect(yamlDocuments(`${'['.repeat(n)}${']'.repeat(n)}`, 'x.yaml')).toHaveLength(1);
  });
});

describe('folder walks name the path that fails', () => {
  test('an unreadable subfolder', () => {
    fs.mkdirSync(path.join(dir, 'a', 'locked'), { recursive: true });
    const locked = path.join(dir, 'a', 'locked');
    const readdir = nodeFs.readdirSync;
    // Root reads any folder, so the refusal is simulated for the one folder.
    jest.spyOn(nodeFs, 'readdirSync').mockImplementation(((p: fs.PathLike, ...rest: any[]) => {
      if (p === locked) throw Object.assign(new Error(`EACCES: permission denied, scandir '${locked}'`), { code: 'EACCES' });
      return (readdir as any)(p, ...rest);
    }) as typeof fs.readdirSync);
    expect(errorOf(() => loadDaemonSets([dir]))).toBe(`${locked}: cannot read: permission denied (EACCES)`);
  });

  test('a symbolic link loop inside the folder', () => {
    const loop = path.join(dir, 'loop.yaml');
    fs.symlinkSync(loop, loop);
    expect(errorOf(() => loadDaemonSets([dir]))).toBe(`${loop}: cannot read: too many levels of symbolic links (a symbolic link loop?) (ELOOP)`);
  });

  test('a FIFO named *.yaml inside the folder is refused, not skipped', () => {
    const fifo = path.join(dir, 'ds.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(errorOf(() => loadDaemonSets([dir]))).toBe(`${fifo}: cannot read: it is a named pipe (FIFO), ${ONLY_REGULAR}`);
  });

  test('an error code without words of its own keeps node\'s text, without the path twice', () => {
    const file = write('x.yaml', '');
    jest.spyOn(nodeFs, 'openSync').mockImplementation(() => {
      throw Object.assign(new Error(`EXDEV: cross-device link not permitted, open '${file}'`), { code: 'EXDEV' });
    });
    expect(errorOf(() => readInput(file))).toBe(`${file}: cannot read: EXDEV: cross-device link not permitted`);
  });
});
