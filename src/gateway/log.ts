// Log lines of the gateway and of the plugin, with their level, as one stream a developer reads.

import { LOG_LEVELS } from "../host/log-store.js";
import type { LogLevelName } from "../host/index.js";

/** Writes one line from `source` ("gateway" or "plugin") at a level. */
export type Logger = (level: LogLevelName, source: string, message: string) => void;

/** A logger printing lines at `minimum` and above through `write`. */
export function levelLogger(minimum: LogLevelName, write: (line: string) => void): Logger {
  const threshold = LOG_LEVELS.indexOf(minimum);
  return (level, source, message) => {
    if (LOG_LEVELS.indexOf(level) >= threshold) write(`[${level}] [${source}] ${message}`);
  };
}

/** Whether a string names a log level. */
export function isLogLevel(name: string): name is LogLevelName {
  return (LOG_LEVELS as readonly string[]).includes(name);
}
