import type { Command } from 'commander';
import type { Runner } from '../runner.js';

export function declareVerify(_program: Command, _run: Runner): void {}
