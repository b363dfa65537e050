#!/usr/bin/env node
// undici parses HTTP with llhttp compiled to WebAssembly. V8 re-compiles it with TurboFan in the
// background, and the process then waits ~130 ms at exit for that work (and holds ~35 MB more).
// The baseline (Liftoff) code is plenty for a CLI's traffic.
import { setFlagsFromString } from 'node:v8';
setFlagsFromString('--liftoff-only');
await import('../dist/cli/main.js');
