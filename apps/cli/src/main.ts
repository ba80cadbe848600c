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

function finish(p: Promise<number>): void {
  p.finally(() => closePool()).then(
    (code) => {
      process.exitCode = code;
      // Everything is closed; should a native handle (WebRTC) still hold the loop, exit anyway.
      setTimeout(() => process.exit(), 2000).unref();
    },
    (err: unknown) => {
      const { exitCode, message } = describeError(err);
      process.stderr.write(`seedling: ${message}\n`);
      process.exitCode = exitCode;
      setTimeout(() => process.exit(), 2000).unref();
    },
  );
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
