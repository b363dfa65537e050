import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StandInBroker } from '../support/broker/index.js';
import { startBroker } from '../support/broker/index.js';
import { call, pact } from './helpers.js';

let broker: StandInBroker;

beforeAll(async () => {
  broker = await startBroker({ prefix: '/pb' });
});
afterAll(async () => {
  await broker.close();
});
beforeEach(() => broker.reset());

async function environmentsHref(): Promise<string> {
  return (await call(broker.url)).body._links['pb:environments'].href;
}

async function env(name: string): Promise<any> {
  const list = await call(`${await environmentsHref()}?name=${name}`);
  return list.body._embedded.environments[0];
}

const mergePatch = { 'Content-Type': 'application/merge-patch+json' };

describe('environments', () => {
  it('seeds test and production, lists, creates, filters, updates and deletes', async () => {
    const href = await environmentsHref();
    const list = await call(href);
    expect(list.body._embedded.environments.map((e: any) => [e.name, e.production])).toEqual([
      ['test', false],
      ['production', true],
    ]);
    expect(list.body._links['pb:environments'].map((l: any) => l.name)).toEqual(['test', 'production']);

    const created = await call(href, { method: 'POST', body: { name: 'uat', displayName: 'UAT', production: false, contacts: [{ name: 'Team' }] } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'uat', displayName: 'UAT', production: false });
    expect(created.body._links['pb:currently-deployed-deployed-versions'].href).toBe(`${broker.url}/environments/${created.body.uuid}/deployed-versions/currently-deployed`);
    expect((await call(href, { method: 'POST', body: { name: 'uat', production: false } })).status).toBe(400);
    expect((await call(href, { method: 'POST', body: { displayName: 'x' } })).status).toBe(400);

    const filtered = await call(`${href}?name=uat`);
    expect(filtered.body._embedded.environments).toHaveLength(1);
    const self = created.body._links.self.href;
    expect((await call(self)).body.name).toBe('uat');
    const updated = await call(self, { method: 'PUT', body: { name: 'uat2', displayName: 'UAT 2', production: true } });
    expect(updated.body).toMatchObject({ name: 'uat2', production: true });
    expect((await call(self, { method: 'PUT', body: { name: 'test', production: false } })).status).toBe(400);
    expect((await call(self, { method: 'DELETE' })).status).toBe(204);
    expect((await call(self)).status).toBe(404);
    broker.reset();
    expect(broker.state.environments.map((e) => e.name)).toEqual(['test', 'production']);
  });
});

describe('deployments and releases', () => {
  beforeEach(() => {
    broker.publishPact({ pact: pact('Foo', 'Bar'), consumerVersion: '1' });
    broker.publishPact({ pact: pact('Foo', 'Bar', ['x']), consumerVersion: '2' });
  });

  async function recordLink(version: string, rel: string, environment: string): Promise<string> {
    const v = await call(`${broker.url}/pacticipants/Foo/versions/${version}`);
    return v.body._links[rel].find((l: any) => l.name === environment).href;
  }

  it('a deployment replaces the version deployed to the same environment and instance', async () => {
    const d1 = await call(await recordLink('1', 'pb:record-deployment', 'production'), { method: 'POST', body: {} });
    expect(d1.status).toBe(201);
    expect(d1.body).toMatchObject({ currentlyDeployed: true, applicationInstance: null });
    expect(d1.body._embedded.version.number).toBe('1');
    expect(d1.body._embedded.environment.name).toBe('production');
    const blue = await call(await recordLink('1', 'pb:record-deployment', 'production'), { method: 'POST', body: { applicationInstance: 'blue' } });
    expect(blue.status).toBe(201);
    await call(await recordLink('2', 'pb:record-deployment', 'production'), { method: 'POST', body: {} });

    const prod = await env('production');
    const current = await call(`${prod._links['pb:currently-deployed-deployed-versions'].href}?pacticipant=Foo`);
    expect(current.body._embedded.deployedVersions.map((d: any) => [d._embedded.version.number, d.applicationInstance])).toEqual([
      ['1', 'blue'],
      ['2', null],
    ]);
    const onlyBlue = await call(`${prod._links['pb:currently-deployed-deployed-versions'].href}?pacticipant=Foo&applicationInstance=blue`);
    expect(onlyBlue.body._embedded.deployedVersions).toHaveLength(1);

    const selfHref = onlyBlue.body._embedded.deployedVersions[0]._links.self.href;
    expect((await call(selfHref, { method: 'PATCH', body: { currentlyDeployed: false } })).status).toBe(415);
    const patched = await call(selfHref, { method: 'PATCH', body: { currentlyDeployed: false }, headers: mergePatch });
    expect(patched.status).toBe(200);
    expect(patched.body.currentlyDeployed).toBe(false);
    const after = await call(`${prod._links['pb:currently-deployed-deployed-versions'].href}?pacticipant=Foo`);
    expect(after.body._embedded.deployedVersions).toHaveLength(1);
    expect(broker.state.deployedVersions.filter((d) => d.currentlyDeployed).map((d) => d.version)).toEqual(['2']);
  });

  it('releases accumulate until support ends', async () => {
    await call(await recordLink('1', 'pb:record-release', 'production'), { method: 'POST', body: {} });
    const r2 = await call(await recordLink('2', 'pb:record-release', 'production'), { method: 'POST', body: {} });
    expect(r2.status).toBe(201);
    expect(r2.body.currentlySupported).toBe(true);
    const prod = await env('production');
    const supported = await call(`${prod._links['pb:currently-supported-released-versions'].href}?pacticipant=Foo`);
    expect(supported.body._embedded.releasedVersions).toHaveLength(2);
    const v1 = await call(`${prod._links['pb:currently-supported-released-versions'].href}?pacticipant=Foo&version=1`);
    const href = v1.body._embedded.releasedVersions[0]._links.self.href;
    const ended = await call(href, { method: 'PATCH', body: { currentlySupported: false }, headers: mergePatch });
    expect(ended.body.currentlySupported).toBe(false);
    const left = await call(`${prod._links['pb:currently-supported-released-versions'].href}?pacticipant=Foo`);
    expect(left.body._embedded.releasedVersions.map((r: any) => r._embedded.version.number)).toEqual(['2']);
  });

  it('404s recording for an unknown version', async () => {
    const href = (await recordLink('1', 'pb:record-deployment', 'test')).replace('/versions/1/', '/versions/404/');
    expect((await call(href, { method: 'POST', body: {} })).status).toBe(404);
  });
});
