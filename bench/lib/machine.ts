import { cpus, freemem, loadavg, totalmem } from 'node:os';

/** What the figures were measured on. The machine is shared, so the load goes with every figure. */
export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
}

export function machineInfo(): MachineInfo {
  const cpu = cpus();
  return {
    nproc: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** The 1-, 5- and 15-minute load averages, rounded. */
export function load(): [number, number, number] {
  const [a = 0, b = 0, c = 0] = loadavg();
  return [round(a), round(b), round(c)];
}

export function loadText(l: readonly number[] = load()): string {
  return l.map((x) => x.toFixed(2)).join(' / ');
}

export function freeMemoryGiB(): number {
  return round(freemem() / 2 ** 30);
}

const round = (x: number) => Math.round(x * 100) / 100;
