// The Twilio connector as an n8n node: every object type of the connector's catalog
// with the actions Twilio offers on it. The node only maps n8n's parameters and items
// onto the library (twilio-connector); catalog, XML and HTTP stay there.
import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { CREDENTIAL_TYPE } from './connection';
import { properties } from './description';
import { credentialTest, loadOptions, resourceMapping } from './methods';
import { runOperation } from './run';

export class TwilioConnector implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Twilio Connector',
    name: 'twilioConnector',
    icon: { light: 'file:../../icons/twilioConnector.svg', dark: 'file:../../icons/twilioConnector.dark.svg' },
    group: ['transform'],
    version: 1,
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    description: 'Get, query, create, update and delete any Twilio object type',
    defaults: { name: 'Twilio Connector' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: CREDENTIAL_TYPE, required: true, testedBy: 'twilioConnectorApiTest' }],
    properties,
  };

  methods = { loadOptions, resourceMapping, credentialTest };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return runOperation(this);
  }
}
