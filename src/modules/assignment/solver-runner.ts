import { Injectable } from '@nestjs/common';
import type { MatchingInput, MatchingResult } from '@fasp/matching';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export interface SolveOutcome {
  result: MatchingResult;
  solveMs: number;
  /** what the greedy baseline would have reached, for the run's report */
  greedyObjective: number;
}

/**
 * Solves in a worker thread, so that the process's event loop stays free while a large call is
 * solved (BullMQ keeps renewing the job's lock, the relay keeps relaying). From the compiled
 * build the thread loads the compiled file; from TypeScript sources (tests, development) it
 * compiles them on the fly with swc.
 */
@Injectable()
export class SolverRunner {
  solve(input: MatchingInput): Promise<SolveOutcome> {
    const compiled = __filename.endsWith('.js');
    const entry = join(__dirname, compiled ? 'solver.thread.js' : 'solver.thread.ts');
    const bootstrap = compiled
      ? `require(${JSON.stringify(entry)});`
      : `
        const swc = require('@swc/core');
        const fs = require('node:fs');
        require.extensions['.ts'] = (module, filename) => {
          const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
            filename,
            jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
            module: { type: 'commonjs' },
          });
          module._compile(code, filename);
        };
        require(${JSON.stringify(entry)});`;
    return new Promise((resolve, reject) => {
      const worker = new Worker(bootstrap, { eval: true, workerData: { input } });
      worker.once('message', (message: SolveOutcome) => resolve(message));
      worker.once('error', reject);
      worker.once('exit', (code) => {
        if (code !== 0) reject(new Error(`assignment solver thread exited with code ${code}`));
      });
    });
  }
}
