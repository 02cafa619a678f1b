import { Size, SizeRoundingBehavior } from 'cdk8s';
import { ContainerResources, Cpu } from 'cdk8s-plus-28';
import { Problem } from './errors';

const CPU = /^([0-9]+(\.[0-9]+)?)(m?)$/;

/** CPU in millicores, or undefined when the amount is not a plain quantity. */
function millicores(cpu: Cpu): number | undefined {
  const m = CPU.exec(cpu.amount);
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[3] === 'm' ? n : n * 1000;
}

function mebibytes(size: Size): number {
  return size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
}

/**
 * An agent container must request CPU and memory: the scheduler reserves them on every node,
 * and without requests an agent is the first thing evicted under pressure. cdk8s-plus would
 * otherwise fill in 1 CPU and 512Mi per container, which multiplied by every node is a fortune.
 */
export function resourceProblems(property: string, resources: ContainerResources | undefined): Problem[] {
  const cpuRequest = resources?.cpu?.request;
  const memoryRequest = resources?.memory?.request;
  if (cpuRequest === undefined || memoryRequest === undefined) {
    return [{
      property: `${property}.resources`,
      value: resources === undefined ? undefined : { cpu: resources.cpu?.request?.amount, memory: resources.memory?.request?.toMebibytes() },
      expected: 'Agent containers must request CPU and memory (every node pays them): e.g. resources: { cpu: { request: Cpu.millis(100) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) } }.',
    }];
  }
  const problems: Problem[] = [];
  const cpuLimit = resources?.cpu?.limit;
  for (const [name, cpu] of [['cpu.request', cpuRequest], ['cpu.limit', cpuLimit]] as const) {
    if (cpu !== undefined && (millicores(cpu) === undefined || millicores(cpu)! <= 0)) {
      problems.push({ property: `${property}.resources.${name}`, value: cpu.amount, expected: 'Use a positive CPU quantity, e.g. Cpu.millis(100) or Cpu.units(1).' });
    }
  }
  const memoryLimit = resources?.memory?.limit;
  for (const [name, size] of [['memory.request', memoryRequest], ['memory.limit', memoryLimit]] as const) {
    if (size === undefined) continue;
    let mib: number | undefined;
    try {
      mib = mebibytes(size);
    } catch {
      mib = undefined;
    }
    if (mib === undefined || !Number.isInteger(mib) || mib <= 0) {
      problems.push({ property: `${property}.resources.${name}`, value: `${size.toKibibytes({ rounding: SizeRoundingBehavior.NONE })}Ki`, expected: 'Use a positive whole number of mebibytes, e.g. Size.mebibytes(64).' });
    }
  }
  if (problems.length > 0) return problems;
  if (cpuLimit !== undefined && millicores(cpuRequest)! > millicores(cpuLimit)!) {
    problems.push({ property: `${property}.resources.cpu.request`, value: cpuRequest.amount, expected: `A request must not exceed its limit (${cpuLimit.amount}): lower the request or raise the limit.` });
  }
  if (memoryLimit !== undefined && mebibytes(memoryRequest) > mebibytes(memoryLimit)) {
    problems.push({ property: `${property}.resources.memory.request`, value: `${mebibytes(memoryRequest)}Mi`, expected: `A request must not exceed its limit (${mebibytes(memoryLimit)}Mi): lower the request or raise the limit.` });
  }
  return problems;
}
