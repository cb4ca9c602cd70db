/**
 * Progress across the demo's phases, on stderr: on a terminal one line redrawn in place (a bar,
 * the phase, its count, the time so far); elsewhere (CI, a pipe) one plain line per phase done.
 */

export interface PhaseSpec {
  key: string;
  label: string;
  total: number;
}

export interface Progress {
  plan(phases: readonly PhaseSpec[]): void;
  begin(key: string, total?: number): void;
  tick(key: string, count?: number): void;
  end(key: string, note?: string): void;
  /** clears the line before other output (a failure, the final table) */
  stop(): void;
}

export const silentProgress: Progress = {
  plan: () => undefined,
  begin: () => undefined,
  tick: () => undefined,
  end: () => undefined,
  stop: () => undefined,
};

interface PhaseState extends PhaseSpec {
  done: number;
  startedAt: number;
}

const WIDTH = 28;

function clock(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export class PhaseProgress implements Progress {
  private phases: PhaseState[] = [];
  private current: PhaseState | undefined;
  private readonly startedAt = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly out: { write(text: string): unknown },
    private readonly tty: boolean,
  ) {}

  plan(phases: readonly PhaseSpec[]): void {
    this.phases = phases.map((phase) => ({ ...phase, done: 0, startedAt: 0 }));
  }

  begin(key: string, total?: number): void {
    const phase = this.find(key);
    if (total !== undefined) phase.total = total;
    phase.startedAt = Date.now();
    this.current = phase;
    this.draw(true);
  }

  tick(key: string, count = 1): void {
    const phase = this.find(key);
    phase.done = Math.min(phase.total, phase.done + count);
    this.draw(false);
  }

  end(key: string, note?: string): void {
    const phase = this.find(key);
    phase.done = phase.total;
    const seconds = ((Date.now() - phase.startedAt) / 1000).toFixed(1);
    if (this.tty) {
      this.clear();
      this.out.write(`  \u2713 ${phase.label.padEnd(16)} ${String(phase.total).padStart(4)}  ${seconds.padStart(5)} s${note ? `  ${note}` : ''}\n`);
      this.draw(true);
    } else {
      this.out.write(`[${clock(Date.now() - this.startedAt)}] ${phase.label}: ${phase.total} done in ${seconds} s${note ? ` (${note})` : ''}\n`);
    }
  }

  stop(): void {
    if (this.tty) this.clear();
  }

  private find(key: string): PhaseState {
    const phase = this.phases.find((candidate) => candidate.key === key);
    if (!phase) throw new Error(`unknown phase ${key}`);
    return phase;
  }

  private clear(): void {
    if (this.drawn) this.out.write('\r\x1b[2K');
    this.drawn = false;
  }

  private draw(force: boolean): void {
    if (!this.tty) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 80) return;
    this.lastDraw = now;
    const total = this.phases.reduce((acc, phase) => acc + phase.total, 0) || 1;
    const done = this.phases.reduce((acc, phase) => acc + phase.done, 0);
    const filled = Math.round((WIDTH * done) / total);
    const bar = '\u2588'.repeat(filled) + '\u2591'.repeat(WIDTH - filled);
    const phase = this.current ? `${this.current.label} ${this.current.done}/${this.current.total}` : '';
    this.out.write(`\r\x1b[2K${bar} ${String(Math.floor((100 * done) / total)).padStart(3)}%  ${phase}  ${clock(now - this.startedAt)}`);
    this.drawn = true;
  }
}
