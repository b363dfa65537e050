/**
 * `npm run conformance`: does pactship agree with the reference verifier?
 *
 *   npm run conformance                         1,000 random cases, a random seed
 *   npm run conformance -- --cases 5000 --seed 42
 *   npm run conformance -- --ci                 the CI run: fixed seed, 3,000 cases
 *   npm run conformance -- --fixtures           every fixtures/matching case, checked against both
 *
 * Each random case is a pact interaction (spec V2, V3 or V4) and a provider response that is
 * faithful or mutated once (see conformance/generate.ts). Both verifiers run on the same pacts
 * against the same in-process provider; per interaction the verdicts must agree (pass/fail and
 * the failing parts). A disagreement fails the run and is printed as a fixture, ready to paste,
 * unless fixtures/conformance/known-differences.json explains it (reason + evidence; where
 * pactship passes what the reference fails, only an HTTP standard the reference breaks will do).
 * The reference binary comes from npm on demand (scripts/reference-cli.ts), never a dependency.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { generateCases } from './conformance/generate.js';
import { fixtureCases } from './conformance/fixtures.js';
import { agree, direction, verifyBoth, type Outcome } from './conformance/harness.js';
import { findKnown, loadKnownDifferences, type KnownDifference } from './conformance/known.js';
import { findRoot, referenceCli } from './reference-cli.js';

const CI_SEED = 20261203;
const CI_CASES = 3000;

interface Args {
  cases: number;
  seed: number;
  fixtures: boolean;
  ci: boolean;
  verbose: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { cases: 1000, seed: Math.floor(Math.random() * 2 ** 31), fixtures: false, ci: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) throw new Error(`${a} needs a non-negative integer`);
      return v;
    };
    if (a === '--cases') args.cases = value();
    else if (a === '--seed') args.seed = value();
    else if (a === '--fixtures') args.fixtures = true;
    else if (a === '--ci') args.ci = true;
    else if (a === '--verbose') args.verbose = true;
    else throw new Error(`unknown option ${a} (known: --cases N, --seed S, --ci, --fixtures, --verbose)`);
  }
  if (args.ci) {
    args.seed = CI_SEED;
    args.cases = CI_CASES;
  }
  return args;
}

function asFixture(o: Outcome): string {
  const c = o.case;
  return JSON.stringify(
    {
      match: o.reference.pass,
      comment: `conformance ${c.id} (${(c.tags ?? []).join(', ')}): the reference ${o.reference.pass ? 'passes' : `fails (${o.reference.parts.join(', ')})`}`,
      expected: c.response,
      actual: c.actual,
    },
    null,
    2,
  );
}

function report(o: Outcome, index: number): string {
  const c = o.case;
  return [
    `${index}) ${c.id} [spec ${c.spec}] ${direction(o)}${c.tags?.length ? ` — ${c.tags.join(', ')}` : ''}`,
    `   pactship:  ${o.pactship.pass ? 'PASS' : `FAIL (${o.pactship.parts.join(', ')})`}${o.pactship.messages.map((m) => `\n     ${m}`).join('')}`,
    `   reference: ${o.reference.pass ? 'PASS' : `FAIL (${o.reference.parts.join(', ')})`}${o.reference.messages.map((m) => `\n     ${m}`).join('')}`,
    `   as a fixture (fixtures/matching/v${c.spec[0]}/…):`,
    asFixture(o)
      .split('\n')
      .map((l) => `     ${l}`)
      .join('\n'),
  ].join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = findRoot();
  const pactship = path.join(root, 'bin', 'pactship.cjs');
  if (!existsSync(path.join(root, 'dist', 'cli', 'main.cjs'))) throw new Error('build first (npm run build)');
  const ref = await referenceCli(root);
  if ('error' in ref) throw new Error(`the reference verifier is unavailable: ${ref.error}`);
  const known = loadKnownDifferences(path.join(root, 'fixtures', 'conformance', 'known-differences.json'));
  const started = performance.now();

  if (args.fixtures) {
    const cases = fixtureCases(root);
    console.log(`conformance: ${cases.length} fixtures through pactship and the reference (${ref.version})`);
    const outcomes = await verifyBoth(cases, { pactship, reference: ref.bin });
    let problems = 0;
    for (const o of outcomes) {
      const c = o.case as (typeof cases)[number];
      // A fixture asserts the reference's verdict, or pactship's where a known difference explains the gap.
      const k = agree(o) ? undefined : findKnown(known, o);
      const wrongFixture = c.match !== (k ? o.pactship.pass : o.reference.pass);
      const disagreement = !agree(o) && !k;
      if (!wrongFixture && !disagreement) continue;
      problems++;
      console.log(`\n${c.file}: fixture says ${c.match ? 'match' : 'no match'}; ${report(o, problems).replace(/^\d+\) /, '')}`);
    }
    console.log(`\n${outcomes.length - problems} of ${outcomes.length} fixtures agree with the reference (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    if (problems) process.exitCode = 1;
    return;
  }

  const cases = generateCases(args.seed, args.cases);
  console.log(`conformance: ${cases.length} random cases, seed ${args.seed}, reference ${ref.version}`);
  const outcomes = await verifyBoth(cases, { pactship, reference: ref.bin });
  const accepted: Array<{ o: Outcome; k: KnownDifference }> = [];
  const disagreements: Outcome[] = [];
  for (const o of outcomes) {
    if (agree(o)) continue;
    const k = findKnown(known, o);
    if (k) accepted.push({ o, k });
    else disagreements.push(o);
  }
  const passes = outcomes.filter((o) => o.reference.pass).length;
  disagreements.forEach((o, i) => console.log(`\n${report(o, i + 1)}`));
  if (args.verbose) for (const { o, k } of accepted) console.log(`accepted (${k.id}): ${o.case.id} ${direction(o)}`);
  const byKnown = new Map<string, number>();
  for (const { k } of accepted) byKnown.set(k.id, (byKnown.get(k.id) ?? 0) + 1);
  console.log(
    `\n${outcomes.length - disagreements.length - accepted.length} of ${outcomes.length} cases agree (${passes} pass, ${outcomes.length - passes} fail in the reference); ` +
      `${accepted.length} known differences${byKnown.size ? ` (${[...byKnown].map(([id, n]) => `${id}: ${n}`).join(', ')})` : ''}; ` +
      `${disagreements.length} disagreements. seed ${args.seed}, ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  if (disagreements.length) {
    console.log('Each disagreement above is printed as a fixture: fix pactship (or, with evidence, add it to fixtures/conformance/known-differences.json).');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(`conformance: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
});

