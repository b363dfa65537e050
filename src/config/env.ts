/** PACT_BROKER_* and friends → config values. Pure over the env object it is given. */
import { SCHEMA } from './schema.js';
import { checkValue, type Validated } from './validate.js';

function parseEnvValue(type: string, raw: string): unknown {
  switch (type) {
    case 'number':
      return raw.trim() === '' ? Number.NaN : Number(raw);
    case 'boolean':
      return /^(1|true|yes|on)$/i.test(raw.trim()) ? true : /^(0|false|no|off|)$/i.test(raw.trim()) ? false : raw;
    case 'string[]':
      return raw.split(',').map((s) => s.trim()).filter(Boolean);
    default:
      return raw;
  }
}

export function readEnv(env: NodeJS.ProcessEnv): Validated {
  const values = new Map<string, unknown>();
  const problems: string[] = [];
  for (const spec of SCHEMA) {
    if (!spec.env) continue;
    const raw = env[spec.env];
    if (raw === undefined || raw === '') continue;
    const checked = checkValue(spec, parseEnvValue(spec.type, raw));
    if ('problem' in checked) problems.push(`env ${spec.env}: ${checked.problem}`);
    else values.set(spec.path, checked.value);
  }
  return { values, problems };
}
