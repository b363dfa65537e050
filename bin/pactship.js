#!/usr/bin/env node
// The only place that wires `process` into the CLI (tests call main() in-process with their own streams).
import { main } from '../dist/cli/main.js';

process.exitCode = await main({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  get stdin() {
    return process.stdin;
  },
  stdout: process.stdout,
  stderr: process.stderr,
  signals: process,
  exit: (code) => process.exit(code),
});
