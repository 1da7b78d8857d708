// Generates src/api/schema.d.ts from the API contract, ../docs/openapi.json, with
// openapi-typescript (`npm run api:types`). `--check` (run by `npm test`) fails when the
// committed file is not what the generator makes of the document now, so the UI's types
// cannot drift from the contract the server is tested against.
//
// openapi-typescript builds its output with the TypeScript 5 compiler API, which
// TypeScript 7 (this project's compiler, a native build) no longer has: a resolve hook
// gives openapi-typescript its own TypeScript 5 (the `typescript-5` devDependency).
import { register } from 'node:module';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const hook = `
export async function resolve(specifier, context, next) {
  if (specifier === 'typescript' && context.parentURL && context.parentURL.includes('/node_modules/openapi-typescript/')) {
    return next('typescript-5', context);
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`, import.meta.url);

const { default: openapiTS, astToString } = await import('openapi-typescript');

const documentUrl = new URL('../../docs/openapi.json', import.meta.url);
const outputPath = fileURLToPath(new URL('../src/api/schema.d.ts', import.meta.url));

const HEADER = `// Generated from docs/openapi.json by openapi-typescript (npm run api:types).
// Do not edit: change the document, then regenerate. \`npm test\` checks this file is current.
`;

const document = JSON.parse(await readFile(documentUrl, 'utf8'));
const ast = await openapiTS(document, { alphabetize: false, exportType: false });
const generated = HEADER + astToString(ast);

if (process.argv.includes('--check')) {
  const committed = await readFile(outputPath, 'utf8').catch(() => '');
  if (committed !== generated) {
    console.error('src/api/schema.d.ts is not what docs/openapi.json generates: run `npm run api:types` and commit it.');
    process.exit(1);
  }
  console.log('src/api/schema.d.ts matches docs/openapi.json');
} else {
  await writeFile(outputPath, generated);
  console.log(`wrote ${outputPath}`);
}
