/** @module lib/errors — CLI errors and the exit codes they map to (ARCHITECTURE.md contract). */

/** Exit codes: 0 success, 1 operation failed, 2 bad usage or bad input. */
export const ExitCode = { Ok: 0, Failed: 1, Usage: 2 } as const;

/** Stable codes of {@link CliError}. */
export type CliErrorCode = 'CLI_USAGE' | 'CLI_BAD_INPUT' | 'CLI_FAILED' | 'CLI_TIMEOUT' | 'CLI_UNAVAILABLE';

/** An error the CLI reports as one line on stderr and turns into an exit code. */
export class CliError extends Error {
  readonly code: CliErrorCode;
  readonly exitCode: number;

  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
    this.code = code;
    this.exitCode = code === 'CLI_FAILED' || code === 'CLI_TIMEOUT' ? ExitCode.Failed : ExitCode.Usage;
  }
}

/** Bad flags or arguments (exit 2). */
export function usage(message: string): CliError {
  return new CliError('CLI_USAGE', message);
}

/** Malformed or unsafe input such as a broken torrent (exit 2). */
export function badInput(message: string, cause?: unknown): CliError {
  return new CliError('CLI_BAD_INPUT', message, { cause });
}

/** The operation ran and failed (exit 1). */
export function failed(message: string, cause?: unknown): CliError {
  return new CliError('CLI_FAILED', message, { cause });
}

/** The operation gave up waiting (`get --timeout`/`--max-time`): it failed, exit 1; data kept for resume. */
export function timedOut(message: string): CliError {
  return new CliError('CLI_TIMEOUT', message);
}

/**
 * Error codes from @seedling/core that mean "bad input" (exit 2) rather than "failed" (exit 1):
 * malformed bencode/torrents/magnets and unsafe paths.
 */
const INPUT_PREFIXES = ['BENCODE_', 'METAINFO_', 'MAGNET_', 'PATH_', 'STORAGE_UNSAFE', 'RATE_', 'ADDRESS_'];

/** Map any thrown value to an exit code and a one-line message. */
export function describeError(err: unknown): { exitCode: number; message: string } {
  if (err instanceof CliError) return { exitCode: err.exitCode, message: err.message };
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string') {
      const input = INPUT_PREFIXES.some((p) => code.startsWith(p));
      return { exitCode: input ? ExitCode.Usage : ExitCode.Failed, message: `${err.message} (${code})` };
    }
    return { exitCode: ExitCode.Failed, message: err.message };
  }
  return { exitCode: ExitCode.Failed, message: String(err) };
}
