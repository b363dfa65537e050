/**
 * Loads `pactship.config.ts` / `.pactrc.ts`. cosmiconfig's own TypeScript loader needs the
 * `typescript` package's compiler API, which many projects do not install and TypeScript 7 no longer
 * ships; jiti strips the types itself. Loaded only when such a file is found.
 */
export async function loadTypeScriptConfig(filepath: string): Promise<unknown> {
  const { createJiti } = await import('jiti');
  const jiti = createJiti(import.meta.url, { fsCache: false, moduleCache: false });
  return jiti.import(filepath, { default: true });
}
