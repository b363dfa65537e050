/** TLS test helpers: whether openssl is there to make certificates (tests that need it are skipped without it). */
import { execFileSync } from 'node:child_process';

export const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
