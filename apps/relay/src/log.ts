/** @module log — structured logs: one JSON object per line, one line per event. */

/** Logs one event with fields (`level` defaults to info). */
export type Logger = (event: string, fields?: Record<string, unknown>) => void;

/** A logger writing JSON lines to `write` (stdout by default). */
export function createJsonLogger(write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  return (event, fields = {}) => {
    const { level = 'info', ...rest } = fields;
    write(`${JSON.stringify({ time: new Date().toISOString(), level, event, ...rest })}\n`);
  };
}

/** A logger that drops everything (tests, embedding). */
export const silentLogger: Logger = () => {};
