// The node's parameters. Object types, their actions, filters, fields, headers and
// request elements come from the connector's catalog through the load-options methods
// (methods.ts); what is static here is the shape of the dialog per operation.
import type { INodeProperties } from 'n8n-workflow';
import { manifest } from 'twilio-connector';

const on = (...operation: string[]) => ({ show: { operation } });
/** The same, for an option inside the Options collection (a path from the root). */
const onRoot = (...operation: string[]) => ({ show: { '/operation': operation } });

/** The values an enum operation option of the manifest declares (e.g. timestamps: twilio, iso8601). */
function optionValues(name: string): string[] {
  const option = manifest().operationOptions.find((o) => o.name === name);
  return (option as { values?: string[] } | undefined)?.values ?? [];
}

const TIMESTAMP_LABELS: Record<string, string> = { twilio: 'As Twilio Writes Them', iso8601: 'ISO 8601 (UTC)' };

export const properties: INodeProperties[] = [
  {
    displayName: 'Resource Name or ID',
    name: 'resource',
    type: 'options',
    noDataExpression: true,
    required: true,
    typeOptions: { loadOptionsMethod: 'objectTypes' },
    default: '',
    description: 'The Twilio object type. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
  },
  {
    displayName: 'Operation Name or ID',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    required: true,
    typeOptions: { loadOptionsMethod: 'actions', loadOptionsDependsOn: ['resource'] },
    default: '',
    description:
      'The actions this object type offers. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
  },
  {
    displayName: 'ID',
    name: 'id',
    type: 'string',
    default: '',
    displayOptions: on('get', 'delete'),
    placeholder: 'SM0123… or CF…:CA…',
    description:
      "The record's ID. Compound IDs name each parent, e.g. ConferenceSid:CallSid for a participant; classic API records may be led by AccountSid: for a subaccount. The operation's description lists the forms.",
  },
  {
    displayName: 'Input Document',
    name: 'inputDocument',
    type: 'options',
    noDataExpression: true,
    displayOptions: on('create', 'update'),
    options: [
      { name: 'Fields', value: 'fields', description: 'The request elements, mapped below or taken from the input item by name' },
      { name: 'XML', value: 'xml', description: "XML text of the object type's request profile" },
    ],
    default: 'fields',
  },
  {
    displayName: 'Elements',
    name: 'document',
    type: 'resourceMapper',
    noDataExpression: true,
    default: { mappingMode: 'defineBelow', value: null },
    required: true,
    typeOptions: {
      loadOptionsDependsOn: ['resource', 'operation'],
      resourceMapper: {
        resourceMapperMethod: 'requestElements',
        mode: 'add',
        fieldWords: { singular: 'element', plural: 'elements' },
        addAllFields: false,
        multiKeyMatch: false,
        supportAutoMap: true,
      },
    },
    displayOptions: { show: { operation: ['create', 'update'], inputDocument: ['fields'] } },
  },
  {
    displayName: 'XML',
    name: 'xml',
    type: 'string',
    typeOptions: { rows: 6 },
    default: '',
    required: true,
    placeholder: '<Message><To>+14155550100</To><From>+14155550199</From><Body>Hi</Body></Message>',
    displayOptions: { show: { operation: ['create', 'update'], inputDocument: ['xml'] } },
  },
  {
    displayName: 'Return All',
    name: 'returnAll',
    type: 'boolean',
    default: false,
    displayOptions: on('query'),
    description: 'Whether to return all results or only up to a given limit',
  },
  {
    displayName: 'Limit',
    name: 'limit',
    type: 'number',
    typeOptions: { minValue: 1 },
    default: 50,
    displayOptions: { show: { operation: ['query'], returnAll: [false] } },
    description: 'Max number of results to return',
  },
  {
    displayName: 'Filters',
    name: 'filters',
    type: 'fixedCollection',
    placeholder: 'Add Filter',
    typeOptions: { multipleValues: true },
    default: {},
    displayOptions: on('query'),
    description: 'Parent IDs pick the list (ConferenceSid for participants); filters Twilio does not offer are checked on the fetched records',
    options: [
      {
        displayName: 'Filter',
        name: 'filter',
        values: [
          {
            displayName: 'Field Name or ID',
            name: 'field',
            type: 'options',
            typeOptions: { loadOptionsMethod: 'filterFields', loadOptionsDependsOn: ['resource'] },
            default: '',
            description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
          },
          {
            displayName: 'Operator',
            name: 'operator',
            type: 'options',
            options: [
              { name: 'Equals', value: 'eq' },
              { name: 'Before', value: 'before', description: 'Strictly before a timestamp' },
              { name: 'On', value: 'on', description: 'That UTC day, or that second of a timestamp' },
              { name: 'After', value: 'after', description: 'Strictly after a timestamp' },
            ],
            default: 'eq',
          },
          {
            displayName: 'Value',
            name: 'value',
            type: 'string',
            default: '',
            description: 'A value, or a timestamp as YYYY-MM-DD HH:MM:SS (UTC) or ISO 8601',
          },
        ],
      },
    ],
  },
  {
    displayName: 'Fields to Return Names or IDs',
    name: 'fields',
    type: 'multiOptions',
    typeOptions: { loadOptionsMethod: 'responseFields', loadOptionsDependsOn: ['resource'] },
    default: [],
    displayOptions: on('get', 'query'),
    description:
      'Fields of the record to fill; the others come back empty. None: all. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
  },
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add option',
    default: {},
    options: [
      {
        displayName: 'Concurrency',
        name: 'concurrency',
        type: 'number',
        // How the items run together, the same for all of them: the first item's value.
        noDataExpression: true,
        typeOptions: { minValue: 1, maxValue: 256 },
        default: 1,
        description:
          'Items in flight at once; output keeps input order. For a Query: date windows fetched in parallel when a date filter Twilio offers bounds it from below (After or On, e.g. DateSent); otherwise one chain of pages.',
      },
      {
        displayName: 'Headers',
        name: 'headers',
        type: 'fixedCollection',
        typeOptions: { multipleValues: true },
        default: {},
        description: 'Optional request headers this object type declares for the operation',
        options: [
          {
            displayName: 'Header',
            name: 'header',
            values: [
              {
                displayName: 'Name or ID',
                name: 'name',
                type: 'options',
                typeOptions: { loadOptionsMethod: 'headers', loadOptionsDependsOn: ['resource', 'operation'] },
                default: '',
                description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
              },
              { displayName: 'Value', name: 'value', type: 'string', default: '' },
            ],
          },
        ],
      },
      {
        displayName: 'Page Size',
        name: 'pageSize',
        type: 'number',
        typeOptions: { minValue: 1, maxValue: 1000 },
        default: 1000,
        description: 'Records Twilio returns per page',
        displayOptions: onRoot('query'),
      },
      {
        displayName: 'Timestamps',
        name: 'timestamps',
        type: 'options',
        options: optionValues('timestamps').map((value) => ({ name: TIMESTAMP_LABELS[value] ?? value, value })),
        default: 'twilio',
        description: 'How timestamps appear in the output',
      },
      {
        displayName: 'XML Output',
        name: 'xmlOutput',
        type: 'options',
        options: [
          { name: 'None', value: 'none' },
          { name: 'As a Field', value: 'field', description: 'The XML text in a field of the item' },
          { name: 'As Binary Data', value: 'binary', description: 'An XML file in the binary property of the item' },
        ],
        default: 'none',
        description: "Whether each item also carries its document as XML text of the object type's response profile",
        displayOptions: onRoot('get', 'query', 'create', 'update'),
      },
      {
        displayName: 'XML Property',
        name: 'xmlProperty',
        type: 'string',
        default: 'xml',
        description: 'The field or binary property that holds the XML',
        displayOptions: { show: { '/operation': ['get', 'query', 'create', 'update'], xmlOutput: ['field', 'binary'] } },
      },
    ],
  },
];
