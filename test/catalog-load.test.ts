import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogError, loadCatalog, objectType, PROJECT_ROOT } from '../connector/catalog/load';
import { VALIDATORS_FILE, validatorsSource } from '../scripts/generate-validators';
import { SPEC_DIR } from './helpers/openapi';

const realManifest = () => JSON.parse(readFileSync(join(PROJECT_ROOT, 'connector.manifest.json'), 'utf8'));
const definition = (name: string) => readFileSync(join(PROJECT_ROOT, 'operations', `${name}.json`), 'utf8');

describe('loadCatalog', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'catalog-load-'));
    mkdirSync(join(root, 'operations'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** A catalog root with the real manifest's entries for `names`, and the files given. */
  function write(names: string[], files: Record<string, string>, edit: (manifest: Record<string, unknown>) => void = () => undefined): void {
    const manifest = realManifest();
    manifest.objectTypes = manifest.objectTypes.filter((e: { name: string }) => names.includes(e.name));
    edit(manifest);
    writeFileSync(join(root, 'connector.manifest.json'), JSON.stringify(manifest));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'operations', `${name}.json`), text);
  }

  it('uses validators generated from the schemas as they are now (npm run generate:validators)', () => {
    expect(readFileSync(VALIDATORS_FILE, 'utf8')).toBe(validatorsSource());
  });

  it('refuses a manifest that breaks its schema, naming the file and the field', () => {
    write(
      ['Message'],
      { Message: definition('Message') },
      (m) => void ((m.connection as { fields: unknown[] }).fields[0] = { name: 'Bad Name', label: 'x', type: 'string' }),
    );
    expect(() => loadCatalog(root)).toThrow(CatalogError);
    expect(() => loadCatalog(root)).toThrow(/connector\.manifest\.json: \/connection\/fields\/0\/name must match pattern/);
  });

  it('reads a definition when it is first asked for, and checks it then', () => {
    const broken = JSON.parse(definition('Call'));
    broken.listKey = 42;
    write(['Message', 'Call', 'Queue'], { Message: definition('Message'), Call: JSON.stringify(broken) }); // no Queue.json at all
    const catalog = loadCatalog(root);
    const inManifestOrder = realManifest()
      .objectTypes.map((e: { name: string }) => e.name)
      .filter((n: string) => ['Message', 'Call', 'Queue'].includes(n));
    expect([...catalog.objectTypes.keys()]).toEqual(inManifestOrder);
    expect(catalog.objectTypes.size).toBe(3);
    expect(catalog.objectTypes.get('Message')?.listKey).toBe('messages');
    expect(catalog.objectTypes.get('Message')).toBe(catalog.objectTypes.get('Message'));
    expect(() => catalog.objectTypes.get('Call')).toThrow(/operations\/Call\.json: \/listKey must be string/);
    expect(() => catalog.objectTypes.get('Queue')).toThrow(/Queue\.json/);
    expect(catalog.objectTypes.get('Nope')).toBeUndefined();
    expect(catalog.objectTypes.has('Queue')).toBe(true);
  });

  it('refuses a definition whose routes offer other actions than the manifest lists', () => {
    write(['Message'], { Message: definition('Message') }, (m) => void ((m.objectTypes as Array<{ actions: string[] }>)[0].actions = ['get']));
    const catalog = loadCatalog(root);
    expect(() => catalog.objectTypes.get('Message')).toThrow(/manifest lists actions get but routes offer/);
  });

  it('gives every object type of the real catalog, in manifest order, each valid', () => {
    const catalog = loadCatalog();
    const names = realManifest().objectTypes.map((e: { name: string }) => e.name);
    expect([...catalog.objectTypes.values()].map((d) => d.name)).toEqual(names);
    expect([...catalog.objectTypes].length).toBe(names.length);
  });
});

describe('the generated catalog', () => {
  const catalog = loadCatalog();

  it("records the values an enumerated list filter and response field take, as Twilio's definitions list them", () => {
    const schemas = JSON.parse(readFileSync(join(SPEC_DIR, 'twilio_api_v2010.json'), 'utf8')).components.schemas;
    const call = objectType(catalog, 'Call');
    const status = call.routes.flatMap((r) => r.filters ?? []).find((f) => f.name === 'Status');
    expect(status).toEqual({ name: 'Status', type: 'string', enum: schemas.call_enum_status.enum, field: 'Status' });
    expect(status!.enum).toContain('no-answer');
    const message = objectType(catalog, 'Message');
    expect(message.fields.find((f) => f.name === 'Status')).toEqual({ name: 'Status', key: 'status', type: 'string', enum: schemas.message_enum_status.enum });
    expect(message.fields.find((f) => f.name === 'Status')!.enum).toContain('undelivered');
    // a date range filter carries none; a field without one in the definition neither
    expect(message.routes[0].filters!.find((f) => f.name === 'DateSent')!.enum).toBeUndefined();
    expect(message.fields.find((f) => f.name === 'Body')!.enum).toBeUndefined();
  });
});
