/** GET <base>/matrix (Rack-style nested query) and the simpler GET <base>/can-i-deploy. */
import type { Ctx, Route } from '../context.js';
import { validationError } from '../http.js';
import type { IgnoreSelector, MatrixSelector, Target } from '../matrix.js';
import { computeMatrix } from '../matrix.js';
import type { QueryObject, QueryValue } from '../query.js';
import { parseRackQuery } from '../query.js';

function str(v: QueryValue | undefined): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function bool(v: QueryValue | undefined): boolean {
  return v === 'true';
}

function objects(v: QueryValue | undefined): QueryObject[] {
  if (Array.isArray(v)) return v.filter((x): x is QueryObject => typeof x === 'object' && !Array.isArray(x));
  if (typeof v === 'object') return Object.values(v).filter((x): x is QueryObject => typeof x === 'object' && !Array.isArray(x));
  return [];
}

/** `ignore[][pacticipant]=Baz&ignore[][version]=1`, `ignore[]=Baz` or `ignore=Baz`. */
function ignores(v: QueryValue | undefined): IgnoreSelector[] {
  if (typeof v === 'string') return v === '' ? [] : [{ pacticipant: v }];
  if (!Array.isArray(v)) return objects(v).flatMap((o) => ignores([o]));
  return v.flatMap((x): IgnoreSelector[] => {
    if (typeof x === 'string') return x === '' ? [] : [{ pacticipant: x }];
    if (Array.isArray(x)) return [];
    const pacticipant = str(x['pacticipant']);
    const version = str(x['version']);
    return pacticipant === undefined ? [] : [{ pacticipant, ...(version === undefined ? {} : { version }) }];
  });
}

/** Unknown pacticipants in selectors → 400 (unknown ones in `ignore` only warn, in computeMatrix). */
function validate(ctx: Ctx, selectors: MatrixSelector[]): void {
  const errors: string[] = [];
  if (selectors.length === 0) errors.push('Please provide 1 or more version selectors.');
  for (const s of selectors) {
    if (s.pacticipant === '') errors.push('Please specify the pacticipant name');
    else if (!ctx.state.pacticipant(s.pacticipant)) errors.push(`Pacticipant ${s.pacticipant} not found`);
  }
  if (errors.length) throw validationError(errors);
}

function environmentTarget(ctx: Ctx, name: string): Target {
  const environment = ctx.state.environmentByName(name);
  if (!environment) throw validationError([`Environment with name '${name}' does not exist`]);
  return { kind: 'environment', environment };
}

function matrix(ctx: Ctx): { status: number; body: unknown } {
  const q = parseRackQuery(ctx.rawQuery);
  const selectors: MatrixSelector[] = objects(q['q']).map((o) => {
    const [version, tag, branch] = [str(o['version']), str(o['tag']), str(o['branch'])];
    return {
      pacticipant: str(o['pacticipant']) ?? '',
      ...(version === undefined ? {} : { version }),
      ...(bool(o['latest']) ? { latest: true } : {}),
      ...(tag === undefined ? {} : { tag }),
      ...(branch === undefined ? {} : { branch }),
      ...(bool(o['mainBranch']) ? { mainBranch: true } : {}),
    };
  });
  const ignore = ignores(q['ignore']);
  validate(ctx, selectors);
  const environment = str(q['environment']);
  const tag = str(q['tag']);
  const latest = bool(q['latest']);
  let target: Target = { kind: 'none' };
  if (environment !== undefined) target = environmentTarget(ctx, environment);
  else if (latest && tag !== undefined) target = { kind: 'tag', tag };
  else if (latest && bool(q['mainBranch'])) target = { kind: 'mainBranch' };
  else if (latest && selectors.length === 1) target = { kind: 'latest' };
  const limit = Number(str(q['limit']) ?? '100');
  return { status: 200, body: computeMatrix(ctx.state, ctx.urls, { selectors, target, ignore, limit: Number.isFinite(limit) && limit > 0 ? limit : 100 }) };
}

function canIDeploy(ctx: Ctx): { status: number; body: unknown } {
  const q = parseRackQuery(ctx.rawQuery);
  const pacticipant = str(q['pacticipant']);
  const version = str(q['version']);
  const environment = str(q['environment']);
  const to = str(q['to']);
  const errors: Record<string, string[]> = {};
  if (pacticipant === undefined) errors['pacticipant'] = ['pacticipant is missing'];
  if (environment === undefined && to === undefined) errors['environment'] = ['environment (or to) is missing'];
  if (Object.keys(errors).length) throw validationError(errors);
  const selectors: MatrixSelector[] = [{ pacticipant: pacticipant as string, ...(version === undefined ? { latest: true } : { version }) }];
  const ignore = ignores(q['ignore']);
  validate(ctx, selectors);
  const target: Target = environment !== undefined ? environmentTarget(ctx, environment) : { kind: 'tag', tag: to as string };
  return { status: 200, body: computeMatrix(ctx.state, ctx.urls, { selectors, target, ignore, limit: 100 }) };
}

export const matrixRoutes: Route[] = [
  { method: 'GET', path: 'matrix', handler: matrix },
  { method: 'GET', path: 'can-i-deploy', handler: canIDeploy },
];
