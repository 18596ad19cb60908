// Checks a request the connector actually sent against Twilio's official OpenAPI
// definition: path template, method, query/body/header parameter names, required
// body parameters and path parameter patterns. The definitions are read from
// ../shared/twilio-oai (beside the repository, as in CI); they are not committed.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { load as loadYaml } from 'js-yaml';
import { PROJECT_ROOT } from '../../connector/catalog/load';
import { applyErrata } from '../../scripts/errata';

type Json = any; // OpenAPI documents are walked dynamically

export const SPEC_DIR = process.env.TWILIO_OAI_DIR ?? join(PROJECT_ROOT, '..', 'shared', 'twilio-oai');

export interface SentRequest {
  method: string;
  path: string;
  queryKeys: string[];
  bodyKeys: string[];
  headerNames: string[];
}

// x-twilio-host: the connector names the Twilio API behind a base-URL override (http/client.ts).
const STANDARD_HEADERS = new Set([
  'x-twilio-host',
  'accept',
  'content-type',
  'content-length',
  'user-agent',
  'authorization',
  'host',
  'connection',
  'accept-encoding',
]);
const specs = new Map<string, Json>();

/** Definitions written here from Twilio's documentation where it publishes none (scripts/definitions). */
const OWN_DIR = join(PROJECT_ROOT, 'scripts', 'definitions');

function spec(api: string): Json {
  if (!specs.has(api)) {
    const file = [SPEC_DIR, OWN_DIR].flatMap((d) => [join(d, `${api}.json`), join(d, `${api}.yaml`)]).find((f) => existsSync(f));
    if (!file) throw new Error(`no definition ${api} in ${SPEC_DIR} or ${OWN_DIR}`);
    const text = readFileSync(file, 'utf8');
    specs.set(api, applyErrata(basename(file), file.endsWith('.yaml') ? loadYaml(text) : JSON.parse(text)));
  }
  return specs.get(api);
}

export function specsAvailable(): boolean {
  return existsSync(join(SPEC_DIR, 'twilio_api_v2010.json'));
}

function deref(doc: Json, o: Json): Json {
  while (o && o.$ref)
    o = o.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((x: Json, k: string) => x?.[k], doc);
  return o;
}

function templateRegex(template: string): { re: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([A-Za-z_]+)\\?\}/g, (_, n: string) => {
    names.push(n);
    return '([^/]+)';
  });
  return { re: new RegExp(`^${source}$`), names };
}

/** Problems with one request, empty when it conforms. */
export function checkRequest(api: string, sentRequest: SentRequest): string[] {
  let sent = sentRequest;
  const doc = spec(api);
  const problems: string[] = [];
  // A server URL with a path (https://comms.twilio.com/preview) is not part of the templates.
  const prefix = new URL(doc.servers?.[0]?.url ?? 'https://x').pathname.replace(/\/+$/, '');
  if (prefix && sent.path.startsWith(prefix)) sent = { ...sent, path: sent.path.slice(prefix.length) };
  // The most literal template wins: /Operators/Custom beats /Operators/{Sid}.
  const matches = Object.keys(doc.paths)
    .map((t) => ({ t, m: templateRegex(t) }))
    .map(({ t, m }) => ({ t, names: m.names, values: m.re.exec(sent.path) }))
    .filter((x) => x.values)
    .sort((a, b) => a.names.length - b.names.length);
  if (!matches.length) return [`${sent.method} ${sent.path}: no path of ${api} matches`];
  const { t: template, names, values } = matches[0];
  const op = doc.paths[template][sent.method.toLowerCase()];
  if (!op) return [`${sent.method} ${template}: method not defined`];
  const params: Json[] = [...(doc.paths[template].parameters ?? []), ...(op.parameters ?? [])].map((p: Json) => deref(doc, p));
  const body = deref(doc, (op.requestBody?.content?.['application/x-www-form-urlencoded'] ?? op.requestBody?.content?.['application/json'])?.schema);
  names.forEach((name, i) => {
    const p = params.find((x) => x.in === 'path' && x.name === name);
    const value = decodeURIComponent(values![i + 1]);
    if (!p) problems.push(`${template}: path parameter ${name} not declared`);
    else {
      const pattern = deref(doc, p.schema)?.pattern;
      if (pattern && !new RegExp(pattern).test(value)) problems.push(`${template}: ${name}='${value}' does not match ${pattern}`);
    }
  });
  for (const key of sent.queryKeys) {
    if (!params.some((p) => p.in === 'query' && p.name === key)) problems.push(`${template}: query parameter ${key} not declared`);
  }
  for (const name of sent.headerNames) {
    if (STANDARD_HEADERS.has(name)) continue;
    if (!params.some((p) => p.in === 'header' && p.name.toLowerCase() === name)) problems.push(`${template}: header ${name} not declared`);
  }
  const schema = body;
  const declared = new Set(Object.keys(schema?.properties ?? {}));
  for (const key of sent.bodyKeys) if (!declared.has(key)) problems.push(`${template}: body parameter ${key} not declared`);
  for (const key of schema?.required ?? []) if (!sent.bodyKeys.includes(key)) problems.push(`${template}: required body parameter ${key} not sent`);
  return problems;
}
