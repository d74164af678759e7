// The plugin's log lines as Envoy's `wasm` logger would emit them, filtered by the logger level.

import type { LogLevelName } from "./types.js";

/** Level names indexed by their proxy_log number. */
export const LOG_LEVELS: readonly LogLevelName[] = ["trace", "debug", "info", "warn", "error", "critical"];

export class LogStore {
  private readonly lines: Array<{ level: LogLevelName; message: string }> = [];

  constructor(
    /** Numeric level of the logger; lines below it are dropped as Envoy drops them. */
    readonly threshold: number,
    private readonly listener?: (level: LogLevelName, message: string) => void,
  ) {}

  /** Records a line at numeric level 0..5. */
  add(level: number, message: string): void {
    if (level < this.threshold) return;
    const name = LOG_LEVELS[level];
    this.lines.push({ level: name, message });
    this.listener?.(name, message);
  }

  /** Messages at one level, or all messages when no level is given. */
  get(level?: LogLevelName): string[] {
    return this.lines.filter((l) => level === undefined || l.level === level).map((l) => l.message);
  }
}
