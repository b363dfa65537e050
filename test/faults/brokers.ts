/** The stand-in broker behind a fault server: the broker's links point at the fault server, so every request can be made to fail. */
import { startBroker, type BrokerOptions, type StandInBroker } from '../support/broker/index.js';
import { startFaultServer, type FaultServer } from './fault-server.js';

export interface FaultyBroker {
  /** Base URL to give pactship (the fault server, with the prefix). */
  url: string;
  faults: FaultServer;
  broker: StandInBroker;
  reset(): void;
  close(): Promise<void>;
}

export async function startFaultyBroker(options: Omit<BrokerOptions, 'selfBaseUrl'> = {}): Promise<FaultyBroker> {
  const faults = await startFaultServer();
  const prefix = (options.prefix ?? '').replace(/\/+$/, '');
  const url = `${faults.url}${prefix && !prefix.startsWith('/') ? '/' : ''}${prefix}`;
  const broker = await startBroker({ ...options, selfBaseUrl: url });
  faults.setTarget(broker.origin);
  return {
    url,
    faults,
    broker,
    reset() {
      broker.reset();
      faults.clearRules();
      faults.requests.length = 0;
    },
    async close() {
      await faults.close();
      await broker.close();
    },
  };
}
