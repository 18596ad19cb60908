// Loads connector.manifest.json and, as each is first asked for, the operations/*.json
// it names, validating both against their JSON schemas so a bad edit fails with the file
// and field. A run reads the one object type it works on: reading and checking all 516
// at every start cost ~75 ms, and compiling the schemas ~85 ms more, so the validators
// are compiled ahead (scripts/generate-validators.ts).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ErrorObject } from 'ajv';
import type { Action, ObjectTypeDef } from './types';
import { CatalogError, UnknownObjectTypeError } from '../errors';
import { closestNames } from './names';
import * as validators from './validators.generated';

export { CatalogError };

export interface ManifestObjectType {
  name: string;
  label: string;
  definition: string;
  actions: Action[];
}

export interface ConnectionField {
  name: string;
  label: string;
  env?: string;
  /** The field authenticates: a host keeps it in its credential store, never in a flow or workflow. */
  credential?: boolean;
  type: 'string' | 'password' | 'integer' | 'boolean';
  pattern?: string;
  required?: boolean;
  default?: unknown;
}

export type OptionType = 'boolean' | 'integer' | 'enum' | 'string[]' | 'filter[]' | 'headers' | 'incremental';

export interface OperationOptionDef {
  name: string;
  label: string;
  type: OptionType;
  default?: unknown;
  values?: string[];
  minimum?: number;
  maximum?: number;
  /** Actions the option means something for; absent: all. */
  actions?: Action[];
  /** host: applied by whoever runs the operation (what a results log names), not by the operation. */
  scope?: 'operation' | 'host';
}

export interface Manifest {
  name: string;
  version: string;
  connection: {
    fields: ConnectionField[];
    /** The request that checks a connection: a Get of this object type by the connection's account SID. */
    test: { objectType: string; action: 'get'; description?: string };
  };
  actions: Array<{ name: Action; label: string; direction: 'inbound' | 'outbound'; requestProfile: boolean; responseProfile: boolean }>;
  operationOptions: OperationOptionDef[];
  objectTypes: ManifestObjectType[];
}

export interface Catalog {
  manifest: Manifest;
  /** In manifest order; each definition read and checked when first asked for. */
  objectTypes: ReadonlyMap<string, ObjectTypeDef>;
}

/** Where connector.manifest.json lives, whether this runs from source or from dist/. */
function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'connector.manifest.json'))) return dir;
    if (dirname(dir) === dir) throw new CatalogError(`connector.manifest.json not found above ${from}`);
  }
}

export const PROJECT_ROOT = findRoot(__dirname);

interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}
const validateManifest: Validator = validators.validateManifest;
const validateObjectType: Validator = validators.validateObjectType;

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
}

let cached: Catalog | undefined;

export function loadCatalog(root = PROJECT_ROOT): Catalog {
  if (cached && root === PROJECT_ROOT) return cached;
  const manifestFile = join(root, 'connector.manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  if (!validateManifest(manifest)) {
    throw new CatalogError(`${manifestFile}: ${describe(validateManifest.errors)}`);
  }
  const objectTypes = new ObjectTypes(root, manifest.objectTypes);
  const catalog = { manifest, objectTypes };
  if (root === PROJECT_ROOT) cached = catalog;
  return catalog;
}

export function objectType(catalog: Catalog, name: string): ObjectTypeDef {
  const def = catalog.objectTypes.get(name);
  if (!def) {
    throw new UnknownObjectTypeError(name, closestNames(name, [...catalog.objectTypes.keys()]));
  }
  return def;
}

/** The manifest's object types, each definition read and validated on first use. */
class ObjectTypes implements ReadonlyMap<string, ObjectTypeDef> {
  /** The manifest entries by name, in manifest order. */
  private readonly byName: Map<string, ManifestObjectType>;
  private readonly loaded = new Map<string, ObjectTypeDef>();

  constructor(
    private readonly root: string,
    entries: ManifestObjectType[],
  ) {
    this.byName = new Map(entries.map((e) => [e.name, e]));
  }

  get size(): number {
    return this.byName.size;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  get(name: string): ObjectTypeDef | undefined {
    const entry = this.byName.get(name);
    if (!entry) return undefined;
    let def = this.loaded.get(name);
    if (!def) this.loaded.set(name, (def = readDefinition(this.root, entry)));
    return def;
  }

  keys(): MapIterator<string> {
    return this.byName.keys();
  }

  *values(): MapIterator<ObjectTypeDef> {
    for (const name of this.byName.keys()) yield this.get(name)!;
  }

  *entries(): MapIterator<[string, ObjectTypeDef]> {
    for (const name of this.byName.keys()) yield [name, this.get(name)!];
  }

  [Symbol.iterator](): MapIterator<[string, ObjectTypeDef]> {
    return this.entries();
  }

  forEach(callback: (def: ObjectTypeDef, name: string, map: ReadonlyMap<string, ObjectTypeDef>) => void): void {
    for (const [name, def] of this.entries()) callback(def, name, this);
  }
}

function readDefinition(root: string, entry: ManifestObjectType): ObjectTypeDef {
  const file = join(root, entry.definition);
  const def = JSON.parse(readFileSync(file, 'utf8')) as ObjectTypeDef;
  if (!validateObjectType(def)) throw new CatalogError(`${file}: ${describe(validateObjectType.errors)}`);
  if (def.name !== entry.name) throw new CatalogError(`${file}: name ${def.name} does not match manifest entry ${entry.name}`);
  const declared = new Set(def.routes.flatMap((r) => r.actions));
  const listed = new Set(entry.actions);
  if (declared.size !== listed.size || [...declared].some((a) => !listed.has(a))) {
    throw new CatalogError(`${file}: manifest lists actions ${[...listed]} but routes offer ${[...declared]}`);
  }
  return def;
}
