// Derives operations/<Object>.json and the manifest's object type list from Twilio's
// OpenAPI definitions (shared/twilio-oai). Run: npm run generate [-- <spec dir>]
// The output is committed; the spec files are not. No description text is copied.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ACTIONS } from '../connector/catalog/types';
import type {
  Action,
  BodyDef,
  FieldDef,
  FilterDef,
  IdSegment,
  ObjectTypeDef,
  ParamDef,
  RouteDef,
  ValueType,
} from '../connector/catalog/types';
import { pascalCase } from '../connector/catalog/names';

type Json = any; // OpenAPI documents are walked dynamically

interface Selection {
  name: string;
  label: string;
  spec: string;
  instancePaths: string[];
}

const root = resolve(__dirname, '..');
const specDir = resolve(process.argv[2] ?? join(root, '..', 'shared', 'twilio-oai'));
const selection: { objects: Selection[] } = JSON.parse(
  readFileSync(join(root, 'scripts', 'catalog-selection.json'), 'utf8'),
);

const specs = new Map<string, Json>();
function spec(file: string): Json {
  if (!specs.has(file)) specs.set(file, JSON.parse(readFileSync(join(specDir, file), 'utf8')));
  return specs.get(file);
}

function deref(doc: Json, schema: Json): Json {
  while (schema && schema.$ref) {
    const parts = schema.$ref.replace(/^#\//, '').split('/');
    schema = parts.reduce((o: Json, k: string) => o[k], doc);
  }
  return schema;
}

function valueType(doc: Json, raw: Json): { type: ValueType; pattern?: string; repeated?: boolean; enum?: string[]; format?: 'rfc2822' | 'iso8601' } {
  const s = deref(doc, raw) ?? {};
  if (s.type === 'array') {
    const item = deref(doc, s.items) ?? {};
    if (item.type === 'object') return { type: 'json' };
    return { ...valueType(doc, item), repeated: true };
  }
  if (s.enum) return { type: 'string', enum: s.enum };
  switch (s.type) {
    case 'integer':
      return { type: 'integer' };
    case 'number':
      return { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'object':
      return { type: 'json' };
  }
  if (s.pattern && /^\^/.test(s.pattern)) return { type: 'sid', pattern: s.pattern };
  switch (s.format) {
    case 'date-time-rfc-2822':
      return { type: 'datetime', format: 'rfc2822' };
    case 'date-time':
      return { type: 'datetime', format: 'iso8601' };
    case 'date':
      return { type: 'date' };
    case 'phone-number':
      return { type: 'phone' };
    case 'uri':
      return { type: 'uri' };
  }
  return { type: 'string' };
}

/** A list path is the instance path without its last `/{Param}` segment. */
function listPathOf(instancePath: string): string {
  return instancePath.replace(/\/\{[A-Za-z]+\}\.json$/, '.json');
}

function pathParams(path: string): string[] {
  return [...path.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]);
}

/** Pattern of a path parameter: from this path's operations, else the same name elsewhere in the spec. */
function paramPattern(doc: Json, path: string, name: string, recordSidPattern?: string): string {
  const find = (p: Json) => {
    for (const m of ['get', 'post', 'delete']) {
      const hit = p?.[m]?.parameters?.find((x: Json) => x.in === 'path' && x.name === name && x.schema?.pattern);
      if (hit) return hit.schema.pattern as string;
    }
    return undefined;
  };
  const own = find(doc.paths[path]) ?? (name === 'Sid' ? recordSidPattern : undefined);
  if (own) return own;
  for (const p of Object.values(doc.paths)) {
    const hit = find(p);
    if (hit) return hit;
  }
  throw new Error(`no SID pattern for ${name} in ${path}`);
}

function responseSchema(doc: Json, op: Json): Json | undefined {
  for (const code of ['200', '201', '202']) {
    const s = op?.responses?.[code]?.content?.['application/json']?.schema;
    if (s) return deref(doc, s);
  }
  return undefined;
}

function fieldsOf(doc: Json, schema: Json): FieldDef[] {
  return Object.entries(schema?.properties ?? {}).map(([key, raw]) => {
    const t = valueType(doc, raw);
    const field: FieldDef = { name: pascalCase(key), key, type: t.type };
    if (t.repeated) field.repeated = true;
    if (t.pattern) field.pattern = t.pattern;
    if (t.format) field.format = t.format;
    return field;
  });
}

function bodyOf(doc: Json, op: Json): BodyDef | undefined {
  if (!op) return undefined;
  const schema = op.requestBody?.content?.['application/x-www-form-urlencoded']?.schema;
  const required = new Set<string>(schema?.required ?? []);
  const params: ParamDef[] = Object.entries(schema?.properties ?? {}).map(([name, raw]) => {
    const t = valueType(doc, raw);
    const p: ParamDef = { name, type: t.type };
    if (required.has(name)) p.required = true;
    if (t.repeated) p.repeated = true;
    if (t.pattern) p.pattern = t.pattern;
    if (t.enum) p.enum = t.enum;
    return p;
  });
  const body: BodyDef = { params };
  const groups: string[][] | undefined = op['x-twilio']?.conditional;
  if (groups?.length) body.oneOf = groups.map((g) => g.map(pascalCase));
  return body;
}

function filtersOf(doc: Json, op: Json, fields: FieldDef[]): FilterDef[] {
  const params: Json[] = (op?.parameters ?? []).filter(
    (p: Json) => p.in === 'query' && !['PageSize', 'Page', 'PageToken'].includes(p.name),
  );
  const names = new Set(params.map((p) => p.name));
  const filters: FilterDef[] = [];
  for (const p of params) {
    if (/[<>]$/.test(p.name)) continue;
    const t = valueType(doc, p.schema);
    const f: FilterDef = { name: p.name, type: t.type };
    const field = fields.find((x) => x.name === p.name);
    if (names.has(`${p.name}<`) && names.has(`${p.name}>`)) {
      f.range = p.schema.format === 'date' ? 'date' : 'date-time';
      f.type = 'datetime';
    }
    if (field) f.field = field.name;
    filters.push(f);
  }
  return filters;
}

function buildObject(sel: Selection): ObjectTypeDef {
  const doc = spec(sel.spec);
  const baseUrl: string = doc.servers[0].url;
  const fields: FieldDef[] = [];
  const addFields = (more: FieldDef[]) => {
    for (const f of more) if (!fields.some((x) => x.name === f.name)) fields.push(f);
  };
  let listKey = '';
  const routes: RouteDef[] = sel.instancePaths.map((instancePath) => {
    const inst = doc.paths[instancePath];
    if (!inst) throw new Error(`${sel.name}: no path ${instancePath} in ${sel.spec}`);
    const listPath = listPathOf(instancePath);
    const list = doc.paths[listPath];
    const record = responseSchema(doc, inst.get) ?? responseSchema(doc, inst.post);
    const recordFields = fieldsOf(doc, record);
    addFields(recordFields);
    const sidPattern = recordFields.find((f) => f.key === 'sid')?.pattern;

    const params = pathParams(instancePath);
    const accountParam = params[0] === 'AccountSid' ? 'AccountSid' : undefined;
    const id: IdSegment[] = params
      .filter((p) => p !== accountParam)
      .map((name) => ({ name, pattern: paramPattern(doc, instancePath, name, sidPattern) }));

    const actions: Action[] = [];
    if (inst.get) actions.push('get');
    if (list?.get) actions.push('query');
    if (list?.post) actions.push('create');
    if (inst.post) actions.push('update');
    if (inst.delete) actions.push('delete');

    const route: RouteDef = { instancePath, listPath, id, actions };
    if (accountParam) route.accountParam = accountParam;
    if (list?.get) {
      const page = responseSchema(doc, list.get);
      const key = Object.keys(page?.properties ?? {}).find((k) => page.properties[k].type === 'array');
      if (key) listKey = key;
      route.filters = filtersOf(doc, list.get, recordFields);
    }
    if (list?.post) {
      route.create = bodyOf(doc, list.post);
      const created = responseSchema(doc, list.post);
      if (created && created !== record) route.create!.responseFields = fieldsOf(doc, created);
    }
    if (inst.post) route.update = bodyOf(doc, inst.post);
    if (!list?.get) delete route.listPath;
    return route;
  });
  const name = sel.name;
  return { name, label: sel.label, api: sel.spec.replace(/\.json$/, ''), baseUrl, listKey, routes, fields };
}

const manifestPath = join(root, 'connector.manifest.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
mkdirSync(join(root, 'operations'), { recursive: true });
manifest.objectTypes = selection.objects.map((sel) => {
  const def = buildObject(sel);
  const file = `operations/${def.name}.json`;
  writeFileSync(join(root, file), JSON.stringify(def, null, 2) + '\n');
  const offered = new Set(def.routes.flatMap((r) => r.actions));
  const actions = ACTIONS.filter((a) => offered.has(a));
  return { name: def.name, label: def.label, definition: file, actions };
});
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
console.log(`wrote ${manifest.objectTypes.length} object types to operations/`);
