// Bundles dist/ as rolldown.config.mjs says, without the CLI's per-chunk size table (npm test runs this every time).
import { build } from 'rolldown';
import configs from '../rolldown.config.mjs';

for (const config of configs) await build(config);
