/**
 * Timing helpers for the benchmarks: a rate is counted over a fixed time slice, after a
 * warm-up slice (JIT, sockets, caches), several times; the median is the figure, min and max
 * show the spread. Wall time on purpose: these are figures for people, never test asserts.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';

export interface RateOptions {
  /** Length of one measured slice. */
  sliceMs: number;
  /** Measured slices; the median of their rates is reported. */
  runs: number;
  /** Unmeasured slice before the runs. */
  warmupMs: number;
  /** Operations per clock read (large for sub-microsecond work). */
  batch?: number;
}

export interface Rate {
  /** Operations per second: median of the runs. */
  median: number;
  min: number;
  max: number;
  runs: number[];
}

/** Calls `op` as often as it can for each slice and reports operations per second. */
export async function measureRate(
  op: () => void | Promise<void>,
  options: RateOptions,
): Promise<Rate> {
  const batch = options.batch ?? 1;
  await slice(op, options.warmupMs, batch);

  const runs: number[] = [];
  for (let i = 0; i < options.runs; i++) runs.push(await slice(op, options.sliceMs, batch));

  return { median: median(runs), min: Math.min(...runs), max: Math.max(...runs), runs };
}

async function slice(op: () => void | Promise<void>, ms: number, batch: number): Promise<number> {
  let count = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < batch; i++) {
      // Only await real promises: an await on a sync result would dominate a codec loop.
      const result = op();
      if (result) await result;
    }
    count += batch;
    elapsed = performance.now() - started;
  }
  return (count * 1000) / elapsed;
}

export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  node: string;
  platform: string;
  totalMemoryGiB: number;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    totalMemoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
  };
}
