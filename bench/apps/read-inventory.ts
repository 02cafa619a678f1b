/**
 * (f) A node inventory read as the CLI reads it, to see how many copies of its text the process
 * holds at its peak (the runner takes the peak resident memory from GNU time): MODE `none` loads
 * the modules and reads nothing (the baseline), `read` reads the JSON inventory as `loadNodes`
 * does, in chunks, each node parsed as it ends, but keeps no node (what reading holds), `load`
 * also keeps and checks the nodes (`loadNodes`). Prints one JSON line.
 *
 *   node read-inventory.js MODE FILE
 */
import { JsonNodeList } from '../../src/planner/json-node-list';
import { loadNodes } from '../../src/planner/load';
import { MAX_INPUT_BYTES, NODE_LIST_LIMIT, readInputChunks } from '../../src/planner/read-input';

function readOnly(file: string): { chars: number; nodes: number } {
  let chars = 0;
  let nodes = 0;
  const list = new JsonNodeList(file, () => nodes++, MAX_INPUT_BYTES);
  readInputChunks(file, () => NODE_LIST_LIMIT, text => {
    chars += text.length;
    list.push(text);
  });
  list.end([]);
  return { chars, nodes };
}

const [mode, file] = process.argv.slice(2);
let result: { chars?: number; nodes?: number };
if (mode === 'none') result = {};
else if (mode === 'read') result = readOnly(file);
else if (mode === 'load') result = { nodes: loadNodes(file).length };
else throw new Error(`usage: node ${process.argv[1]} none|read|load FILE`);
process.stdout.write(`${JSON.stringify(result)}\n`);
