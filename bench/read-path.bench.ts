import autocannon from 'autocannon';
import { cpus, loadavg } from 'node:os';
import { withEngine } from './engine-processes';
import { createAccounts, createSubmittedProjects, openCall } from './fixtures';
import { HttpClient } from '../scripts/reliability/http';
import { numericFlags } from './flags';
import { BenchResult, printResult } from './result';
import { formatMegabytes, formatNumber } from './stats';

// Read path: GET /api/projects/:id with autocannon at 64 connections, requests per
// second and p99 latency, against GET /api/me of the same engine with the same token. Both are
// signed-in routes through the same global guard (JWT check, then the account re-read from
// PostgreSQL); /api/me then reads the account with its organisation, the project route the
// project row (and maps it for the holder). The two alternate in rounds, after a warm-up each.
//
//   npm run bench:read
//   node dist/bench/read-path.bench.js --connections 64 --seconds 6 --rounds 2

interface Options {
  connections: number;
  warmUpSeconds: number;
  seconds: number;
  rounds: number;
}

function parseArguments(argv: readonly string[]): Options {
  return numericFlags<Options>(argv, { connections: 64, warmUpSeconds: 2, seconds: 6, rounds: 2 }, { '--connections': 'connections', '--warm-up': 'warmUpSeconds', '--seconds': 'seconds', '--rounds': 'rounds' });
}

interface Round {
  requests: number;
  seconds: number;
  p99: number;
  p50: number;
}

async function load(url: string, token: string, connections: number, seconds: number): Promise<Round> {
  const result = await autocannon({ url, connections, duration: seconds, headers: { authorization: `Bearer ${token}` } });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} answers other than 2xx and ${result.errors} errors (${result.timeouts} timeouts) out of ${result.requests.total}`);
  }
  return { requests: result.requests.total, seconds: result.duration, p99: result.latency.p99, p50: result.latency.p50 };
}

function combine(rounds: readonly Round[]): { perSecond: number; p99: number; p50: number } {
  const requests = rounds.reduce((sum, round) => sum + round.requests, 0);
  const seconds = rounds.reduce((sum, round) => sum + round.seconds, 0);
  const mean = (pick: (round: Round) => number) => rounds.reduce((sum, round) => sum + pick(round), 0) / rounds.length;
  return { perSecond: requests / seconds, p99: mean((round) => round.p99), p50: mean((round) => round.p50) };
}

async function main(): Promise<void> {
  const options = parseArguments(process.argv.slice(2));
  const result = await withEngine({ name: 'read', env: { ACCESS_TOKEN_TTL_SECONDS: '3600' } }, async (engine) => {
    const http = new HttpClient(engine.url);
    try {
      const [secretariat] = await createAccounts(engine, http, 'secretariat', 1);
      const [holder] = await createAccounts(engine, http, 'holder', 1);
      const callId = await openCall(engine, http, secretariat);
      const [[project]] = await createSubmittedProjects(http, [holder], callId, 1);
      const projectUrl = `${engine.url}/api/projects/${project.id}`;
      const meUrl = `${engine.url}/api/me`;
      const projectBytes = (await http.send('GET', `/api/projects/${project.id}`, { token: holder.token })).body.length;
      const meBytes = (await http.send('GET', '/api/me', { token: holder.token })).body.length;

      await load(meUrl, holder.token, options.connections, options.warmUpSeconds);
      await load(projectUrl, holder.token, options.connections, options.warmUpSeconds);
      const meRounds: Round[] = [];
      const projectRounds: Round[] = [];
      for (let round = 0; round < options.rounds; round += 1) {
        meRounds.push(await load(meUrl, holder.token, options.connections, options.seconds));
        projectRounds.push(await load(projectUrl, holder.token, options.connections, options.seconds));
      }
      const me = combine(meRounds);
      const read = combine(projectRounds);
      const rss = engine.peakRss();
      const lines = [
        `read path: autocannon, ${options.connections} connections, ${options.rounds} rounds x ${options.seconds} s per route, alternating, after ${options.warmUpSeconds} s of warm-up each`,
        `machine: node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}`,
        `engine   GET /api/projects/:id (holder, ${projectBytes} bytes): ${formatNumber(read.perSecond)} requests/s, latency p50 ${read.p50} ms, p99 ${read.p99} ms`,
        `baseline GET /api/me (same token, ${meBytes} bytes): ${formatNumber(me.perSecond)} requests/s, latency p50 ${me.p50} ms, p99 ${me.p99} ms`,
        `ratios: throughput ${(read.perSecond / me.perSecond).toFixed(2)}, p99 ${(me.p99 / read.p99).toFixed(2)} (1 = as fast as /api/me; target >= 0.5)`,
        `peak RSS: api ${formatMegabytes(rss.api ?? 0)}, worker ${formatMegabytes(rss.worker ?? 0)}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      const benchResult: BenchResult = {
        bench: 'read',
        figures: [
          {
            name: `GET /api/projects/:id req/s, ${options.connections} conn`,
            unit: '/s',
            value: read.perSecond,
            better: 'higher',
            baseline: { name: 'GET /api/me', value: me.perSecond },
            target: { minRatio: 0.5 },
          },
          { name: 'GET /api/projects/:id p99', unit: 'ms', value: read.p99, better: 'lower', baseline: { name: 'GET /api/me', value: me.p99 }, target: { minRatio: 0.5 } },
        ],
        peakRss: rss,
      };
      return benchResult;
    } finally {
      http.close();
    }
  });
  printResult(result);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
