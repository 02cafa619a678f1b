/**
 * Asks the API server again about every case of test/validation/output-rules.test.ts: each case's
 * object is server-side dry-run and the server's verdict compared with the one the case pins.
 *
 *   npx ts-node --project test/tsconfig.json tools/differential/pin-check.ts [--keep-server]
 */
import { mkdirSync, mkdtempSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiServer, writeObject } from './server';

// The test file declares its cases at module level and registers them with jest's globals: stub
// those to load the table outside jest.
const g = global as any;
g.describe = (_: string, body: () => void) => body();
g.test = Object.assign(() => undefined, { each: () => () => undefined });
g.expect = () => undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { BASES, CASES } = require('../../test/validation/output-rules.test');

function main(): void {
  const server = new ApiServer();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cdk8s-pin-check-'));
  try {
    server.ensureNamespaces(['monitoring']);
    const folder = path.join(dir, 'cases');
    mkdirSync(folder);
    const files: string[] = [];
    CASES.forEach((c: any, i: number) => {
      const obj = BASES[c.base]();
      c.mutate(obj);
      // The real namespace "monitoring" exists (it holds the namespaced cases): create another.
      if (obj.kind === 'Namespace' && obj.metadata.name === 'monitoring') obj.metadata.name = 'pin-check';
      const file = path.join(folder, `${String(i + 1).padStart(6, '0')}.json`);
      writeObject(file, obj);
      files.push(file);
    });
    const verdicts = server.dryRunFolder(folder, files);
    let wrong = 0;
    CASES.forEach((c: any, i: number) => {
      const v = verdicts.get(files[i])!;
      const policyOnly = !v.accepted && /securityContext\.privileged: Forbidden: disallowed by cluster policy/.test(v.message);
      const says = v.accepted || policyOnly ? 'accepts' : 'refuses';
      if (says !== c.server) {
        wrong++;
        console.log(`MISMATCH ${c.name}: the case says the server ${c.server}, it ${says}${v.message ? `: ${v.message.slice(0, 300)}` : ''}`);
      }
    });
    console.log(`${CASES.length} cases, ${wrong} whose pinned server verdict differs from the server's`);
    process.exitCode = wrong === 0 ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (!process.argv.includes('--keep-server')) server.stop();
  }
}

main();
