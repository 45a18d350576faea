import { batchThroughputBench } from './batch-throughput.ts';
import { chatOverheadBench } from './chat/overhead.ts';
import { contextSizeBench } from './context/index.ts';
import { costBench } from './cost/index.ts';
import { faultsBench } from './faults/index.ts';
import { filtersBench } from './filters/index.ts';
import type { Bench } from './lib/report.ts';
import { lifeBench } from './life/index.ts';
import { retrievalBench } from './retrieval/index.ts';
import { retrievalQualityBench } from './retrieval/quality.ts';
import { startupBench } from './startup/index.ts';
import { streamingBench } from './streaming/index.ts';

/** Every sub-benchmark, in the order `npm run bench` runs them. `options` are the numeric `--flags`. */
export function benches(options: Record<string, number>): Bench[] {
  return [
    chatOverheadBench,
    contextSizeBench,
    costBench,
    lifeBench,
    retrievalBench({ postgres: options['postgres-total'], pglite: options['pglite-total'] }),
    retrievalQualityBench,
    batchThroughputBench,
    streamingBench,
    startupBench,
    filtersBench,
    faultsBench(options),
  ];
}
