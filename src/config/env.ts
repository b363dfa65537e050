/** PACT_BROKER_* and friends → config values. Pure over the env object it is given. */
import { SCHEMA } from './schema.js';
import { checkValue, type Validated } from './validate.js';

function parseEnvValue(type: string, raw: string): unknown {
  const text = raw.trim();
  switch (type) {
    // Plain decimal digits only: Number() would also take '0x10', '1e3' or ' ' (→ 0).
    case 'number':
      return /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
    case 'integer':
      return /^\d+$/.test(text) ? Number(text) : Number.NaN;
    case 'boolean':
      return /^(1|true|yes|on)$/i.test(text) ? true : /^(0|false|no|off|)$/i.test(text) ? false : raw;
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
    const checked = checkValue(spec, parseEnvValue(spec.type, raw), { raw });
    if ('problem' in checked) problems.push(`env ${spec.env}: ${checked.problem}`);
    else values.set(spec.path, checked.value);
  }
  return { values, problems };
}
