import { describe, expect, it } from 'vitest';
import { maskSecrets } from '../../../src/webhooks/broker.js';
import { specSecrets, webhookBody, webhookSpec, type WebhookFlags } from '../../../src/webhooks/spec.js';

const noFiles = (p: string): string => {
  throw new Error(`ENOENT: no such file '${p}'`);
};
const spec = (flags: WebhookFlags, url = 'https://ci.example.com/hook', readFile = noFiles) => webhookSpec({ url, flags, readFile });

describe('webhookSpec: curl-like switches → the broker body', () => {
  it('maps every switch like the Ruby client', () => {
    const s = spec({
      request: 'post',
      header: ['Content-Type: application/json', 'Authorization:  Bearer abc:def '],
      data: '{"pactUrl":"${pactbroker.pactUrl}"}',
      user: 'ci:pa:ss',
      provider: 'user-service',
      consumerLabel: 'frontend',
      description: 'verify changed pacts',
      contractRequiringVerificationPublished: true,
      providerVerificationFailed: true,
    });
    expect(webhookBody(s)).toEqual({
      description: 'verify changed pacts',
      consumer: { label: 'frontend' },
      provider: { name: 'user-service' },
      events: [{ name: 'contract_requiring_verification_published' }, { name: 'provider_verification_failed' }],
      request: {
        method: 'POST',
        url: 'https://ci.example.com/hook',
        headers: { 'Content-Type': 'application/json', Authorization: 'Bearer abc:def' },
        body: { pactUrl: '${pactbroker.pactUrl}' },
        username: 'ci',
        password: 'pa:ss',
      },
    });
    expect(specSecrets(s)).toEqual(['pa:ss', Buffer.from('ci:pa:ss').toString('base64'), 'Bearer abc:def', 'abc:def']);
  });

  it('defaults to POST, keeps a non-JSON body as a string, reads @file', () => {
    const s = spec({ data: '@body.txt', contractPublished: true }, 'https://x.example/h', (p) => (p === 'body.txt' ? 'plain ${pactbroker.consumerName}' : noFiles(p)));
    expect(webhookBody(s)).toEqual({ events: [{ name: 'contract_published' }], request: { method: 'POST', url: 'https://x.example/h', body: 'plain ${pactbroker.consumerName}' } });
  });

  it('reports every problem at once', () => {
    let error: unknown;
    try {
      spec({ header: ['NoColon'], user: 'justuser', data: '@missing.json', consumer: 'a', consumerLabel: 'b' });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'USAGE', message: '5 problems with the webhook options' });
    expect((error as { details: string[] }).details).toEqual([
      expect.stringMatching(/^choose at least one event: --contract-published, --contract-content-changed, --contract-requiring-verification-published/),
      "--header 'NoColon' is not 'Name: value'",
      "--user must be 'username:password'",
      expect.stringMatching(/^--data @missing.json: cannot read the file: ENOENT/),
      '--consumer and --consumer-label cannot be used together',
    ]);
  });

  it('never echoes a malformed secret header', () => {
    expect(() => spec({ header: ['Authorization Bearer s3cr3t'], contractPublished: true })).toThrow("--header 'Authorization…' is not 'Name: value'");
  });
});

describe('maskSecrets', () => {
  it('masks passwords, secret headers (any depth) and Name: value lines in logs', () => {
    const doc = {
      request: { password: 'x', headers: { Authorization: 'Basic abc', 'X-Api-Key': 'k', Accept: 'a' } },
      execution: { request: { headers: { 'private-token': 't' } } },
      logs: '[t] INFO: authorization: Basic abc\n[t] INFO: accept: a\n[t] INFO: X-Auth-Token: zzz',
    };
    expect(maskSecrets(doc)).toEqual({
      request: { password: '**********', headers: { Authorization: '**********', 'X-Api-Key': '**********', Accept: 'a' } },
      execution: { request: { headers: { 'private-token': '**********' } } },
      logs: '[t] INFO: authorization: **********\n[t] INFO: accept: a\n[t] INFO: X-Auth-Token: **********',
    });
  });
});
