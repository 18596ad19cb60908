// Twilio credentials for the connector node: Account SID with an Auth Token or an API
// key, an optional base URL override, the default country and the request timeout.
// Tested by the node (methods.credentialTest), which fetches the account.
import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';
import { CREDENTIAL_TYPE, credentialProperties } from '../nodes/TwilioConnector/connection';

export class TwilioConnectorApi implements ICredentialType {
  name = CREDENTIAL_TYPE;

  displayName = 'Twilio Connector API';

  icon: Icon = { light: 'file:../icons/twilioConnector.svg', dark: 'file:../icons/twilioConnector.dark.svg' };

  documentationUrl = 'https://www.twilio.com/docs/iam/api-keys';

  properties: INodeProperties[] = credentialProperties();
}
