/** A small structured logger (JSON lines on stderr); the level comes from config. */
import type { LogLevel } from '../config';

const ORDER: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };
let threshold: LogLevel = 'info';

export function setLogLevel(level: LogLevel): void {
  threshold = level;
}

function write(level: LogLevel, message: string, data?: Record<string, unknown>): void {
  if (ORDER[level] > ORDER[threshold]) return;
  process.stderr.write(JSON.stringify({ time: new Date().toISOString(), level, message, ...data }) + '\n');
}

export const logger = {
  error: (message: string, data?: Record<string, unknown>) => write('error', message, data),
  warn: (message: string, data?: Record<string, unknown>) => write('warn', message, data),
  info: (message: string, data?: Record<string, unknown>) => write('info', message, data),
  debug: (message: string, data?: Record<string, unknown>) => write('debug', message, data),
};
