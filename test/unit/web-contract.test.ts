import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

/*
 * The web's API shapes come from src/contract; a hand-written copy compiles just as well and drifts
 * silently, so these checks look for one: a types.ts in a feature, a web type named like a contract
 * export, or a web type whose fields are exactly those of a contract object.
 */

const root = join(import.meta.dirname, '../..');
const files = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? files(join(dir, entry.name))
      : /\.tsx?$/.test(entry.name)
        ? [join(dir, entry.name)]
        : [],
  );

interface Declared {
  file: string;
  name: string;
  /** Field names of an interface or object type literal; null for other types. */
  fields: string[] | null;
  /** Holds a value only a form has (a Dayjs date picker's), so it is form state, not an API shape. */
  formState: boolean;
}

function declaredTypes(file: string): Declared[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(join(root, file), 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const found: Declared[] = [];
  const fieldsOf = (members: ts.NodeArray<ts.TypeElement>) =>
    members.filter(ts.isPropertySignature).map((m) => m.name.getText(source));
  const formState = (node: ts.Node) => /\bDayjs\b/.test(node.getText(source));
  const visit = (node: ts.Node) => {
    if (ts.isInterfaceDeclaration(node))
      found.push({ file, name: node.name.text, fields: fieldsOf(node.members), formState: formState(node) });
    else if (ts.isTypeAliasDeclaration(node))
      found.push({
        file,
        name: node.name.text,
        fields: ts.isTypeLiteralNode(node.type) ? fieldsOf(node.type.members) : null,
        formState: formState(node),
      });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every export of the contract, with the field names of those that are object schemas. */
async function contractExports(): Promise<Map<string, string[] | null>> {
  const exports = new Map<string, string[] | null>();
  for (const file of files('src/contract')) {
    const module = (await import(join(root, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      const properties = (value as { type?: unknown; properties?: object } | null)?.properties;
      exports.set(
        name,
        (value as { type?: unknown }).type === 'object' && properties ? Object.keys(properties) : null,
      );
    }
    // Type-only exports (`export type X = …` without a schema of that name) leave no runtime value.
    for (const declared of declaredTypes(file))
      if (!exports.has(declared.name)) exports.set(declared.name, null);
  }
  return exports;
}

const sameFields = (a: string[], b: string[]) =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();

/** The web's declarations that copy the contract: by name, or by an object's full set of fields. */
function copies(web: Declared[], contract: Map<string, string[] | null>): string[] {
  const objects = [...contract].filter((entry): entry is [string, string[]] => (entry[1]?.length ?? 0) >= 3);
  return web.flatMap((d) => {
    if (contract.has(d.name)) return [`${d.file}: ${d.name} is declared by the contract`];
    const twin = d.fields && !d.formState && objects.find(([, fields]) => sameFields(fields, d.fields!));
    return twin ? [`${d.file}: ${d.name} has the fields of the contract's ${twin[0]}`] : [];
  });
}

describe('the web uses the contract for API shapes', () => {
  let contract: Map<string, string[] | null>;
  // Reading every contract module and parsing the web's sources takes seconds on a loaded machine.
  beforeAll(async () => {
    contract = await contractExports();
  }, 60_000);

  it('has no types.ts in a feature', () => {
    expect(
      files('src/web/features').filter((f) => /(^|\/)types\.tsx?$/.test(relative('src/web/features', f))),
    ).toEqual([]);
  });

  it('declares no type the contract already declares', () => {
    expect(contract.has('Member') && contract.has('Org') && contract.has('User')).toBe(true);
    expect(copies(files('src/web').flatMap(declaredTypes), contract)).toEqual([]);
  }, 30_000);

  it('would catch a reintroduced copy, by name or by fields', () => {
    const web = (name: string, fields: string[] | null): Declared => ({
      file: 'src/web/x.ts',
      name,
      fields,
      formState: false,
    });
    expect(
      copies(
        [
          web('Member', ['id']),
          web('ChildOrgHealth', ['status', 'db', 'version']),
          web('Props', ['orgId', 'canWrite', 'onChanged']),
        ],
        contract,
      ),
    ).toEqual([
      'src/web/x.ts: Member is declared by the contract',
      "src/web/x.ts: ChildOrgHealth has the fields of the contract's Health",
    ]);
  });
});
