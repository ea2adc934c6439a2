// The schema validator is generated code (ajv standalone, gitignored); make
// sure it exists so a plain `vitest` run works without `npm run build` first.
export async function setup(): Promise<void> {
  // @ts-expect-error: a build script without type declarations
  const { compileSchema } = (await import('../scripts/compile-schema.mjs')) as { compileSchema: () => Promise<void> | void };
  await compileSchema();
}
