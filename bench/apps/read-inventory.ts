/**
 * (f) A node inventory read as the CLI reads it, to see how many copies of its text the process
 * holds at its peak (the runner takes the peak resident memory from GNU time): MODE `none` loads
 * the modules and reads nothing (the baseline), `read` stops at the text (`readInput`: the bytes,
 * then the decoded string), `load` also parses and checks the nodes (`loadNodes`). Prints one
 * JSON line.
 *
 *   node read-inventory.js MODE FILE
 */
import { loadNodes } from '../../src/planner/load';
import { readInput } from '../../src/planner/read-input';

const [mode, file] = process.argv.slice(2);
let result: { chars?: number; nodes?: number };
if (mode === 'none') result = {};
else if (mode === 'read') result = { chars: readInput(file).length };
else if (mode === 'load') result = { nodes: loadNodes(file).length };
else throw new Error(`usage: node ${process.argv[1]} none|read|load FILE`);
process.stdout.write(`${JSON.stringify(result)}\n`);
