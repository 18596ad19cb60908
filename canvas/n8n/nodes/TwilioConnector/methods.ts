// What the dialog loads: object types, their actions, filter fields, response fields,
// headers and request elements, all from the connector's catalog (no connection
// needed), and the credential test, which fetches the account.
import type {
  FieldType,
  ICredentialTestFunctions,
  ICredentialsDecrypted,
  ILoadOptionsFunctions,
  INodeCredentialTestResult,
  INodePropertyOptions,
  ResourceMapperField,
  ResourceMapperFields,
} from 'n8n-workflow';
import { catalog, connect, manifest, type Action, type ProfileElement } from 'twilio-connector';
import { settingsOf } from './connection';

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);

function current(ctx: ILoadOptionsFunctions, name: 'resource' | 'operation'): string {
  return String(ctx.getCurrentNodeParameter(name) ?? '');
}

/** The type described, or undefined while none is chosen (or an expression names one not in the catalog). */
function described(ctx: ILoadOptionsFunctions) {
  const resource = current(ctx, 'resource');
  if (!resource) return undefined;
  try {
    return catalog().describe(resource);
  } catch {
    return undefined;
  }
}

/** Profile value types → the resource mapper's field types (timestamps stay text: the connector reads both formats). */
function fieldType(element: ProfileElement): FieldType {
  if (element.repeated) return 'array';
  switch (element.type) {
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
    case 'json':
      return 'object';
    default:
      return 'string';
  }
}

export const loadOptions = {
  async objectTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
    return catalog()
      .objectTypes()
      .map((t) => ({ name: t.label, value: t.name, description: `${t.name}: ${t.actions.join(', ')}` }))
      .sort(byName);
  },

  async actions(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
    const type = described(this);
    if (!type) return [];
    const labels = new Map(manifest().actions.map((a) => [a.name, a.label]));
    const named = type.named.length ? `; ${type.named.join(', ')} may be a name in place of the SID (a unique name, identity or label)` : '';
    const idForms = type.ids.length ? `ID: ${type.ids.join(' or ')}${type.accountScoped ? ', optionally led by AccountSid:' : ''}${named}` : 'No ID';
    const notes: Partial<Record<Action, string>> = {
      get: idForms,
      delete: idForms,
      update: `The Sid element names the record (${idForms})`,
      query: type.parents.length ? `Needs a parent filter: ${type.parents.join(' or ')}` : undefined,
    };
    return type.actions.map((action) => ({
      name: labels.get(action) ?? action,
      value: action,
      action: `${labels.get(action) ?? action} ${type.label}`,
      description: notes[action],
    }));
  },

  async filterFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
    const type = described(this);
    if (!type) return [];
    const offered = new Set([...type.parents, ...type.filters.map((f) => f.name)]);
    return [
      ...type.parents.map((name) => ({ name, value: name, description: 'Parent ID: picks the list' })),
      ...type.filters.map((f) => ({ name: f.name, value: f.name, description: f.range ? 'Twilio filters it; takes Before, On, After' : 'Twilio filters it' })),
      ...type.fields.filter((f) => !offered.has(f.name)).map((f) => ({ name: f.name, value: f.name, description: 'Checked on the fetched records' })),
    ];
  },

  async responseFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
    return (described(this)?.fields ?? []).map((f) => ({ name: f.name, value: f.name, description: f.type }));
  },

  async headers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
    const action = current(this, 'operation') as Action;
    return (described(this)?.headers[action] ?? []).map((name) => ({ name, value: name }));
  },
};

export const resourceMapping = {
  async requestElements(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
    const type = described(this);
    const action = current(this, 'operation');
    if (!type || (action !== 'create' && action !== 'update')) return { fields: [] };
    const fields = catalog()
      .elements(type.name, action, 'request')
      .map((e): ResourceMapperField => ({
        id: e.name,
        displayName: e.name,
        required: Boolean(e.required),
        defaultMatch: false,
        display: true,
        type: fieldType(e),
      }));
    return { fields };
  },
};

export const credentialTest = {
  async twilioConnectorApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
    let twilio;
    try {
      twilio = connect(settingsOf(credential.data ?? {}));
      const account = await twilio.testConnection();
      return { status: 'OK', message: `Connected to ${account.friendlyName ?? account.accountSid} (${account.status ?? 'status unknown'})` };
    } catch (err) {
      return { status: 'Error', message: (err as Error).message };
    } finally {
      twilio?.close();
    }
  },
};
