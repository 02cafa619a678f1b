import type { CliIo } from '../../src/cli/io';
import { run } from '../../src/cli/main';

/** What one in-process CLI run printed and returned. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in process with captured output. */
export function cli(argv: string[], opts: { isTTY?: boolean; env?: Record<string, string> } = {}): CliResult {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    isTTY: opts.isTTY ?? false,
    env: opts.env ?? {},
    stdout: t => { stdout += t; },
    stderr: t => { stderr += t; },
  };
  const code = run(argv, io);
  return { code, stdout, stderr };
}
