import { show } from '../mismatch.js';
import type { ValueMatcher } from './types.js';

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export const semver: ValueMatcher = {
  name: 'semver',
  describe: () => 'a semantic version',
  match: (_e, actual) =>
    typeof actual === 'string' && SEMVER.test(actual) ? undefined : `${show(actual)} is not a valid semantic version`,
};
