import { Account, move, ProjectRef } from '../reliability/fixtures';
import { HttpClient } from '../reliability/http';

/**
 * The moves the fault scenarios repeat: the secretariat asks for information on a submitted
 * dossier (one notification event: the holder's), the holder resubmits it (two: the holder's
 * acknowledgement and the secretariat's notice), and so on. Each is a real transition: a
 * compare-and-set on the version, a history row, a frozen version on resubmission, outbox rows.
 */
export function nextMove(project: ProjectRef): { action: 'request_info' | 'resubmit'; events: number } {
  if (project.stage === 'submitted') return { action: 'request_info', events: 1 };
  if (project.stage === 'info_requested') return { action: 'resubmit', events: 2 };
  throw new Error(`project ${project.id} is ${project.stage}: no request_info/resubmit cycle from there`);
}

export function moveBody(project: ProjectRef, action: 'request_info' | 'resubmit'): Record<string, unknown> {
  return action === 'request_info'
    ? { action, expectedVersion: project.version, reason: 'Please attach the soil sampling protocol and the tenure documents.' }
    : { action, expectedVersion: project.version };
}

export function actorOf(project: ProjectRef, action: 'request_info' | 'resubmit', secretariat: Account): string {
  return action === 'request_info' ? secretariat.token : project.holder.token;
}

/** The next move of the cycle; throws unless it answers 200. */
export async function cycle(http: HttpClient, secretariat: Account, project: ProjectRef): Promise<number> {
  const { action, events } = nextMove(project);
  await move(http, actorOf(project, action, secretariat), project, action, action === 'request_info' ? { reason: 'Please attach the soil sampling protocol and the tenure documents.' } : {});
  return events;
}

export interface MoveResult {
  projectId: string;
  action: string;
  status: number;
  error?: string;
  startedAt: number;
  endedAt: number;
  /** the version the answer gave (on 200) */
  version?: number;
}

/**
 * `total` cycle moves over `projects`, one chain per project (its moves one after the other),
 * the k-th move of all starting no earlier than `intervalMs` x k after the first: the moves are
 * spread evenly over a known stretch of time. A move that does not answer 200 is recorded; the
 * chain then reads the project back (`reload`) and goes on.
 */
export async function pacedCycles(
  http: HttpClient,
  secretariat: Account,
  projects: ProjectRef[],
  total: number,
  intervalMs: number,
  reload: (project: ProjectRef) => Promise<void>,
): Promise<MoveResult[]> {
  const results: MoveResult[] = [];
  const start = Date.now();
  let ticket = 0;
  const perProject = Math.ceil(total / projects.length);
  await Promise.all(
    projects.map(async (project) => {
      for (let done = 0; done < perProject; done += 1) {
        const k = ticket++;
        if (k >= total) return;
        const wait = start + k * intervalMs - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const { action } = nextMove(project);
        const startedAt = Date.now();
        const answer = await http.send('POST', `/api/projects/${project.id}/transitions`, { token: actorOf(project, action, secretariat), body: moveBody(project, action) });
        const result: MoveResult = { projectId: project.id, action, status: answer.status, error: answer.error, startedAt, endedAt: Date.now() };
        if (answer.status === 200) {
          const moved = JSON.parse(answer.body) as { version: number; stage: string };
          project.version = moved.version;
          project.stage = moved.stage;
          result.version = moved.version;
        } else {
          await reload(project);
        }
        results.push(result);
      }
    }),
  );
  return results;
}

/** "200 x180, 503 x20" */
export function statusSummary(results: ReadonlyArray<{ status: number; error?: string }>): string {
  const counts = new Map<string, number>();
  for (const result of results) {
    const key = result.status === 0 ? `no answer (${result.error ?? '?'})` : String(result.status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([key, n]) => `${key} x${n}`).join(', ') || 'none';
}
