/** How a JSON value is named in a structural problem: `got "200"`, `got an object`, `got null`. */
export function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects `<where><field>: <message>` lines; `where` names the interaction. */
export class Problems {
  readonly list: string[] = [];

  add(where: string, field: string, message: string): void {
    this.list.push(`${where}${field}: ${message}`);
  }

  /** `field: must be <what>, got <value>` */
  wrongType(where: string, field: string, what: string, value: unknown): void {
    this.add(where, field, `must be ${what}, got ${describeJson(value)}`);
  }
}
