// Where the time of one analysis goes, by stage (`cni-doctor analyze --timings`, and the README's
// Performance section). Wall-clock milliseconds; the worker's stages run while the main thread
// inflates and splits, so they overlap `read` rather than add to it. Never part of a report: a
// report is the same byte for byte whatever the machine's speed.
import { performance } from 'node:perf_hooks';

export const STAGES = ['read', 'worker: decode', 'worker: parse', 'worker: reduce', 'main: decode', 'main: parse', 'main: reduce', 'rules', 'report', 'render', 'write'] as const;
export type Stage = (typeof STAGES)[number];

export class StageTimings {
  private readonly ms = new Map<Stage, number>();

  add(stage: Stage, ms: number): void {
    this.ms.set(stage, (this.ms.get(stage) ?? 0) + ms);
  }

  async time<T>(stage: Stage, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      this.add(stage, performance.now() - start);
    }
  }

  timeSync<T>(stage: Stage, fn: () => T): T {
    const start = performance.now();
    try {
      return fn();
    } finally {
      this.add(stage, performance.now() - start);
    }
  }

  /** The stages measured, in pipeline order. */
  entries(): [Stage, number][] {
    return STAGES.filter((s) => this.ms.has(s)).map((s) => [s, this.ms.get(s)!]);
  }

  /**
   * "read 7012 ms (on the parsing thread meanwhile: decode 880, parse 3104, reduce 1206; on the main
   * thread, batches the parsing thread was behind on: decode 90, parse 700, reduce 300), rules 812 ms, …"
   */
  format(): string {
    const part = (prefix: string) => {
      const stages = this.entries().filter(([s]) => s.startsWith(prefix));
      return stages.length ? stages.map(([w, x]) => `${w.slice(prefix.length)} ${Math.round(x)}`).join(', ') : undefined;
    };
    const inside = [part('worker: ') && `on the parsing thread meanwhile: ${part('worker: ')}`, part('main: ') && `on the main thread, batches the parsing thread was behind on: ${part('main: ')}`].filter(Boolean);
    return this.entries()
      .filter(([s]) => !s.includes(': '))
      .map(([s, ms]) => `${s} ${Math.round(ms)} ms${s === 'read' && inside.length ? ` (${inside.join('; ')})` : ''}`)
      .join(', ');
  }
}
