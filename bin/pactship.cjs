#!/usr/bin/env node
// The only place that wires `process` into the CLI (tests call main() in-process with their own
// streams). CommonJS, so that the CLI's chunks can be loaded through a V8 code cache (dist/cli/boot.cjs).
'use strict';
const { loadCli, saveCodeCache } = require('../dist/cli/boot.cjs');
const argv = process.argv.slice(2);

loadCli(argv)
  .main({
    argv,
    env: process.env,
    cwd: process.cwd(),
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    signals: process,
    exit: (code) => process.exit(code),
  })
  .then((code) => {
    process.exitCode = code;
    saveCodeCache();
    // Nothing of the run is left: end now instead of waiting for V8's background work (optimising
    // undici's WebAssembly HTTP parser took ~60 ms after a broker command). Both streams are
    // flushed first, so piped output is complete.
    process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  });
