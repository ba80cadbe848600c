/** @module seedling — the command-line entry point. */
process.stdout.write('seedling 0.1.0\n');
