/** `verify`'s declaration: every option of the reference verifier is accepted, and the help is grouped. */
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/program.js';

const program = buildProgram(async () => undefined);
const verify = program.commands.find((c) => c.name() === 'verify')!;
const byFlag = (flag: string) => verify.options.find((o) => o.long === flag || o.short === flag);

/** `pact verifier --help` of the reference (pact_verifier_cli 1.3.5), every long option. */
const REFERENCE_LONG = [
  '--enable-otel', '--enable-otel-logs', '--enable-otel-traces', '--otel-exporter', '--otel-exporter-endpoint', '--otel-exporter-protocol',
  '--log-level', '--loglevel', '--pretty-log', '--full-log', '--compact-log', '--json', '--junit', '--html', '--xslt', '--no-colour', '--no-color',
  '--file', '--dir', '--url', '--broker-url', '--webhook-callback-url', '--ignore-no-pacts-error',
  '--user', '--password', '--token',
  '--hostname', '--port', '--transport', '--scheme', '--transports', '--provider-name', '--base-path', '--request-timeout', '--header', '--disable-ssl-verification',
  '--state-change-url', '--state-change-as-query', '--state-change-teardown',
  '--filter-description', '--filter-state', '--filter-no-state', '--filter-consumer',
  '--publish', '--provider-version', '--build-url', '--provider-tags', '--provider-branch',
  '--consumer-version-tags', '--consumer-version-selectors', '--enable-pending', '--include-wip-pacts-since', '--retries',
  '--exit-on-first-error', '--last-failed', '--version',
];

describe('verify accepts the reference verifier’s command line', () => {
  it.each(REFERENCE_LONG)('%s', (flag) => expect(byFlag(flag)).toBeDefined());

  it('has its short options, with the same meaning where they do not clash', () => {
    const meaning = Object.fromEntries(['-f', '-d', '-b', '-t', '-n', '-H', '-s', '-c', '-j', '-x', '-l', '-u', '-p', '-v', '-a', '-k'].map((s) => [s, byFlag(s)?.long]));
    expect(meaning).toEqual({
      '-f': '--file', '-d': '--dir', '-b': '--broker-base-url', '-t': '--token', '-n': '--provider-name', '-H': '--header', '-s': '--state-change-url',
      '-c': '--filter-consumer', '-j': '--json', '-x': '--junit', '-l': '--loglevel',
      // pactship's own meanings, documented in the help's last section
      '-u': '--broker-username', '-p': '--broker-password', '-v': '--verbose', '-a': '--provider-app-version', '-k': '--broker-token',
    });
  });
});

describe('verify --help', () => {
  const help = verify.helpInformation();
  it('groups the options (#12), the reference names last, then the notes and examples', () => {
    const headings = help.split('\n').filter((l) => /^\S.*:$/.test(l));
    expect(headings).toEqual([
      'Sources (required: one of --pact, --pact-url or --provider):',
      'Provider:',
      'States and filters:',
      'Results and publishing:',
      'Reports:',
      'Broker:',
      'General:',
      'Reference verifier names (pact verifier / pact_verifier_cli command lines work unchanged):',
    ]);
    expect(help).toMatch(/Sources[^\n]*\n {2}--pact <file\|dir\|glob>/);
  });

  it('lists the Rust-only options nowhere but in the note', () => {
    expect(help).not.toMatch(/^\s+--pretty-log/m);
    expect(help).not.toMatch(/^\s+--scheme/m);
  });

  it('documents every short option decision and has examples', () => {
    let text = '';
    verify.configureOutput({ writeOut: (s) => void (text += s), writeErr: (s) => void (text += s) });
    verify.outputHelp();
    for (const line of ['-u  is --broker-username', '-p  is --broker-password', '-h  is help', '-v  is --verbose', '-a  is --provider-app-version', 'Examples:', 'Accepted and ignored (Rust-only)']) {
      expect(text).toContain(line);
    }
  });
});
