import type { WorldMethod, WorldMode } from '../../core/entities.ts';
import type { WorldCell } from './aggregate.ts';
import type { WorldEvalRecord } from './run-world-eval.ts';

/** `results.json` of `ipet eval world`. */
export interface WorldReport {
  kind: 'ipet-eval-world';
  version: 1;
  /** True when the companion model or the judge is the ipet simulator. */
  simulator: boolean;
  warning: string | null;
  createdAt: string;
  setup: {
    companion: { model: string; simulator: boolean };
    judge: { model: string; simulator: boolean };
    samples: number;
    seed: string;
    modes: WorldMode[];
    methods: WorldMethod[];
    /** The reference instant the days are generated around. */
    now: string;
    promptVersions: { world: string; eval: string };
  };
  table: WorldCell[];
  records: WorldEvalRecord[];
}
