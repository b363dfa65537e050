/**
 * `node build/tools/test/support/broker/cli.js [--port N] [--prefix /x] [--token T]`
 * Starts a stand-in broker, prints its URL as the first stdout line, stops on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { startBroker } from './index.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    prefix: { type: 'string' },
    token: { type: 'string' },
    host: { type: 'string' },
  },
  strict: true,
});

const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
  process.stderr.write(`--port must be an integer between 0 and 65535, got '${values.port}'\n`);
  process.exit(2);
}

const broker = await startBroker({
  ...(port === undefined ? {} : { port }),
  ...(values.prefix === undefined ? {} : { prefix: values.prefix }),
  ...(values.token === undefined ? {} : { auth: { token: values.token } }),
  ...(values.host === undefined ? {} : { host: values.host }),
});
process.stdout.write(`${broker.url}\n`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void broker.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
