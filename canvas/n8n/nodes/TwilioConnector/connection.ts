// The credential's fields and how its data becomes the library's connection settings.
// The fields are the connection fields the connector's manifest declares; what n8n adds
// is the choice between an Auth Token and an API key, shown as one field at a time.
import type { ICredentialDataDecryptedObject, INodeProperties, NodeParameterValue } from 'n8n-workflow';
import { manifest, type ConnectionSettings } from 'twilio-connector';

export const CREDENTIAL_TYPE = 'twilioConnectorApi';

/** Which way of authenticating each secret belongs to; fields not named here always show. */
const AUTH_MODE_OF: Record<string, 'authToken' | 'apiKey'> = { authToken: 'authToken', apiKey: 'apiKey', apiSecret: 'apiKey' };

/** A manifest label "Base URL override (sends every Twilio domain to one origin)" → name and description. */
function splitLabel(label: string): { displayName: string; description?: string } {
  const m = /^(.*?)\s*\((.+)\)$/.exec(label);
  return m ? { displayName: m[1], description: m[2].charAt(0).toUpperCase() + m[2].slice(1) } : { displayName: label };
}

export function credentialProperties(): INodeProperties[] {
  const authentication: INodeProperties = {
    displayName: 'Authentication',
    name: 'authentication',
    type: 'options',
    options: [
      { name: 'Auth Token', value: 'authToken' },
      { name: 'API Key', value: 'apiKey' },
    ],
    default: 'authToken',
  };
  const fields = manifest().connection.fields.map((field): INodeProperties => {
    const mode = AUTH_MODE_OF[field.name];
    const secret = field.type === 'password';
    return {
      ...splitLabel(field.label),
      name: field.name,
      type: field.type === 'integer' ? 'number' : 'string',
      ...(secret ? { typeOptions: { password: true } } : {}),
      default: (field.default ?? (field.type === 'integer' ? 0 : '')) as NodeParameterValue,
      required: Boolean(field.required || mode),
      ...(field.pattern ? { hint: `Matches ${field.pattern}` } : {}),
      ...(mode ? { displayOptions: { show: { authentication: [mode] } } } : {}),
    };
  });
  // The choice goes right after the Account SID, before the secrets it switches.
  return [fields[0], authentication, ...fields.slice(1)];
}

/** Credential data → the library's settings: the secrets of the chosen way only, empty fields left out. */
export function settingsOf(data: ICredentialDataDecryptedObject): ConnectionSettings {
  const mode = data.authentication === 'apiKey' ? 'apiKey' : 'authToken';
  const settings: Record<string, unknown> = {};
  for (const field of manifest().connection.fields) {
    const value = data[field.name];
    if (value === undefined || value === null || value === '') continue;
    if (AUTH_MODE_OF[field.name] && AUTH_MODE_OF[field.name] !== mode) continue;
    settings[field.name] = field.type === 'integer' ? Number(value) : String(value).trim();
  }
  return settings as ConnectionSettings;
}
