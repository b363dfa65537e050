/** `pactship init`: ask (on a terminal) or take flags → write a commented config → print what to run next. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../../errors.js';
import { checkRole, checkUrl, type Role } from '../../init/answers.js';
import { ask, withDefaults, type Given } from '../../init/ask.js';
import { existingConfigs, shadowing } from '../../init/existing.js';
import { configFile, nextSteps } from '../../init/render.js';
import type { CommandContext } from '../context.js';
import type { CommonFlags } from '../options.js';

interface Options extends CommonFlags {
  role?: string;
  brokerBaseUrl?: string;
  pactDir?: string;
  provider?: string;
  providerBaseUrl?: string;
  providerStart?: string;
  stateChangeUrl?: string;
  stateHandlers?: boolean;
  force?: boolean;
  yes?: boolean;
}

function given(o: Options): Given {
  const problems: string[] = [];
  const url = (flag: string, v: string | undefined) => {
    const p = v === undefined ? undefined : checkUrl(v);
    if (p) problems.push(`${flag}: ${p}`);
  };
  const role = o.role === undefined ? undefined : checkRole(o.role);
  if (role) problems.push(`--role: ${role}`);
  url('--broker-base-url', o.brokerBaseUrl);
  url('--provider-base-url', o.providerBaseUrl);
  url('--state-change-url', o.stateChangeUrl);
  if (o.stateChangeUrl && o.stateHandlers) problems.push('--state-change-url and --state-handlers: choose one way to set provider states');
  if (problems.length) throw new UsageError(problems.length === 1 ? (problems[0] as string) : 'invalid options', { details: problems.length > 1 ? problems : [] });
  const g: Given = {};
  if (o.role) g.role = o.role as Role;
  if (o.brokerBaseUrl) g.brokerBaseUrl = o.brokerBaseUrl;
  if (o.pactDir) g.pactDir = o.pactDir;
  if (o.provider) g.provider = o.provider;
  if (o.providerBaseUrl) g.providerBaseUrl = o.providerBaseUrl;
  if (o.providerStart) g.providerStart = o.providerStart;
  if (o.stateChangeUrl) {
    g.stateChangeUrl = o.stateChangeUrl;
    g.states = 'url';
  }
  if (o.stateHandlers) g.states = 'handlers';
  return g;
}

export async function run(ctx: CommandContext, o: Options): Promise<number> {
  const flags = given(o);
  const existing = await existingConfigs(ctx.cwd);
  if (existing.length && !o.force) {
    throw new UsageError(`${path.join(ctx.cwd, existing[0] as string)} already exists: not overwritten`, {
      hint: 'Edit it, or pass --force to replace it with a new one.',
    });
  }
  const input = !o.yes && !ctx.out.json && ctx.out.terminal ? ctx.stdin : undefined;
  const interactive = input !== undefined && (input as { isTTY?: boolean }).isTTY === true;
  const answers = interactive ? await ask(flags, input, ctx.out.prompts) : withDefaults(flags);
  const file = configFile(answers);
  const target = path.join(ctx.cwd, file.name);
  await writeFile(target, file.text);

  const shadowedBy = shadowing(existing, file.name);
  const steps = nextSteps(answers);
  ctx.out.document({ file: target, role: answers.role, shadowedBy, next: steps });
  ctx.out.line(ctx.out.colors.ok(`wrote ${target}`));
  for (const name of shadowedBy) ctx.out.warn(`${name} is found before ${file.name} by the config search: remove it, or pass --config ${file.name}`);
  ctx.out.line();
  ctx.out.line('Next:');
  steps.forEach((s, i) => {
    ctx.out.line(`  ${i + 1}. ${s.command}`);
    ctx.out.line(ctx.out.colors.dim(`     ${s.why}`));
  });
  return 0;
}
