import type { Command } from 'commander';
import type { Runner } from '../runner.js';

export function declareRelease(_program: Command, _run: Runner): void {}
