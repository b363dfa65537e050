import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../src/report/redact.js';

const TOKEN = 'canary-T0ken/with+special=chars';
const PASSWORD = 'canary pass&word';

describe('redact', () => {
  const redact = createRedactor([TOKEN, PASSWORD], [['alice', PASSWORD]]);

  it.each([
    ['the raw token', `token is ${TOKEN}`],
    ['the URL-encoded token', `https://broker/?t=${encodeURIComponent(TOKEN)}`],
    ['the raw password', `password: ${PASSWORD}`],
    ['the form-encoded password', `p=${encodeURIComponent(PASSWORD).replace(/%20/g, '+')}`],
    ['Basic credentials', `Authorization: Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`],
    ['a bearer header', `authorization: Bearer ${TOKEN}`],
    ['userinfo in a URL', `could not reach https://alice:${encodeURIComponent(PASSWORD)}@broker.example/pact`],
  ])('hides %s', (_name, text) => {
    const out = redact(text);
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain(PASSWORD);
    expect(out).not.toContain(encodeURIComponent(TOKEN));
    expect(out).not.toContain(encodeURIComponent(PASSWORD));
    expect(out).not.toContain(Buffer.from(`alice:${PASSWORD}`).toString('base64'));
    expect(out).toContain('*****');
  });

  it('hides userinfo even for credentials it was not told about', () => {
    expect(createRedactor([])('http://bob:hunter2@host/x')).toBe('http://*****@host/x');
  });

  it('leaves ordinary text alone', () => {
    expect(redact('published 2 pacts to https://broker.example/pact')).toBe('published 2 pacts to https://broker.example/pact');
  });

  it('redacts inside JSON documents and keeps them valid JSON', () => {
    // As Output.document does it: the serialized document is redacted as text, and stays JSON.
    const doc: unknown = JSON.parse(redact(JSON.stringify({ url: `https://x/?token=${TOKEN}`, nested: [{ password: PASSWORD }] }, null, 2)));
    expect(JSON.stringify(doc)).not.toContain(TOKEN);
    expect(JSON.stringify(doc)).not.toContain(PASSWORD);
  });
});
