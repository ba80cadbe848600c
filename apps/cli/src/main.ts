/**
 * @module main — the `seedling` command: create, info, seed, get, verify (see
 * /work/shared/ARCHITECTURE.md for the contract). Exit codes: 0 ok, 1 failed, 2 bad usage/input.
 */
import { Command, CommanderError } from 'commander';
import { registerCreate } from './commands/create.js';
import { registerGet } from './commands/get.js';
import { registerInfo } from './commands/info.js';
import { registerSeed } from './commands/seed.js';
import { registerVerify } from './commands/verify.js';
import { describeError, ExitCode } from './lib/errors.js';
import { closePool } from './lib/hashing.js';

/** Package version, printed by `--version`. */
export const VERSION = '0.1.0';

/** Longest wait for the hash pool's workers to stop at exit (a worker's terminate() can hang). */
const CLOSE_POOL_TIMEOUT_MS = 2000;

/**
 * Close the hash pool, but never wait longer than {@link CLOSE_POOL_TIMEOUT_MS}. The timer is
 * ref'd on purpose: while the close is pending, the process stays alive until it resolves or
 * the timer fires, so a stuck worker can neither hold the process nor let it drain early.
 */
function closePoolBounded(): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, CLOSE_POOL_TIMEOUT_MS);
    closePool().then(
      () => { clearTimeout(timer); resolve(); },
      () => { clearTimeout(timer); resolve(); },
    );
  });
}

function finish(p: Promise<number>): void {
  // Report the outcome and set the exit code FIRST, then close the pool: should closing hang or
  // the event loop drain meanwhile, the process still ends with the right code and message.
  p.then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      const { exitCode, message } = describeError(err);
      process.stderr.write(`seedling: ${message}\n`);
      process.exitCode = exitCode;
    },
  )
    .then(() => closePoolBounded())
    .then(() => {
      // Everything is closed; should a native handle (WebRTC) still hold the loop, exit anyway.
      setTimeout(() => process.exit(), 2000).unref();
    });
}

function buildProgram(): Command {
  const program = new Command('seedling')
    .description('Seedling: share files peer to peer over BitTorrent (v1, v2, hybrid)')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerCreate(program, finish);
  registerInfo(program, finish);
  registerSeed(program, finish);
  registerGet(program, finish);
  registerVerify(program, finish);
  // Subcommands inherit exitOverride so bad flags there exit 2 too.
  for (const c of program.commands) c.exitOverride();
  return program;
}

try {
  buildProgram().parse(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    const ok = err.code === 'commander.helpDisplayed' || err.code === 'commander.version';
    process.exitCode = ok ? ExitCode.Ok : ExitCode.Usage;
  } else {
    const { exitCode, message } = describeError(err);
    process.stderr.write(`seedling: ${message}\n`);
    process.exitCode = exitCode;
  }
}
