// Runs workflow fixtures in n8n's own engine, in process, the way n8n's node tests do:
// n8n-workflow's Workflow over node types that n8n-core's package loader read off this
// package's `n8n` key, executed by n8n-core's WorkflowExecute. The package's node and
// credential classes are loaded from their TypeScript sources (dist/x.js → x.ts), so the
// tests run the code under test without a build; test/package.test.ts loads the build.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Container } from '@n8n/di';
import { CredentialTestContext, ExecutionLifecycleHooks, LoadOptionsContext, PackageDirectoryLoader, WorkflowExecute } from 'n8n-core';
// Not in n8n-core's index: the SSH tunnel pool every trigger context creates, whose
// cleanup interval n8n stops at shutdown (and which would keep a test process alive).
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import {
  createDeferredPromise,
  ICredentialsHelper,
  NodeHelpers,
  Workflow,
  type ICredentialDataDecryptedObject,
  type ICredentials,
  type INodeExecutionData,
  type INodeProperties,
  type INodeType,
  type INodeTypes,
  type IPinData,
  type IRun,
  type IVersionedNodeType,
  type IWorkflowBase,
  type IWorkflowExecuteAdditionalData,
  type IHttpRequestOptions,
  type INode,
  type INodeCredentialTestResult,
  type INodeParameters,
  type INodePropertyOptions,
  type ResourceMapperFields,
} from 'n8n-workflow';
import { MANUAL_TRIGGER, ManualTrigger } from './manual-trigger';
import { PACKAGE_DIR } from './paths';

// n8n-core's instance settings write <user folder>/.n8n/config (an encryption key) on first
// use: a folder of this test file's own, never the home directory, written owner-only.
const userFolder = mkdtempSync(join(tmpdir(), 'n8n-user-'));
process.env.N8N_USER_FOLDER = userFolder;
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'true';

/** n8n's package loader, reading the classes the `n8n` key lists from their sources. */
class SourcePackageLoader extends PackageDirectoryLoader {
  protected override resolvePath(file: string): string {
    return super.resolvePath(file.replace(/^dist\/(.+)\.js$/, '$1.ts').replace(/^dist\/(.+\.json)$/, '$1'));
  }
}

let loaded: Promise<PackageDirectoryLoader> | undefined;

export function loadPackage(): Promise<PackageDirectoryLoader> {
  return (loaded ??= (async () => {
    const loader = new SourcePackageLoader(PACKAGE_DIR);
    await loader.loadAll();
    return loader;
  })());
}

class NodeTypes implements INodeTypes {
  private readonly types = new Map<string, INodeType | IVersionedNodeType>();

  constructor(loader: PackageDirectoryLoader) {
    for (const [name, { type }] of Object.entries(loader.nodeTypes)) this.types.set(`${loader.packageName}.${name}`, type);
    this.types.set(MANUAL_TRIGGER, new ManualTrigger());
  }

  getByName(type: string): INodeType | IVersionedNodeType {
    const found = this.types.get(type);
    if (!found) throw new Error(`unknown node type ${type}`);
    return found;
  }

  getByNameAndVersion(type: string, version?: number): INodeType {
    return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
  }

  getKnownTypes() {
    return Object.fromEntries([...this.types.keys()].map((k) => [k, {}]));
  }
}

/** Credential data completed with the credential type's defaults, as n8n's CredentialsHelper does. */
function withDefaults(loader: PackageDirectoryLoader, type: string, data: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
  const properties = loader.getCredential(type).type.properties;
  return NodeHelpers.getNodeParameters(properties, data as INodeParameters, true, false, null, null) as ICredentialDataDecryptedObject;
}

/**
 * Credentials by type, decrypted, with the credential type's defaults applied as n8n's
 * CredentialsHelper does; nothing else of credentials handling is needed by this node.
 */
class Credentials extends ICredentialsHelper {
  constructor(
    private readonly loader: PackageDirectoryLoader,
    private readonly data: Record<string, ICredentialDataDecryptedObject>,
  ) {
    super();
  }

  getCredentialsProperties(type: string): INodeProperties[] {
    return this.loader.getCredential(type).type.properties;
  }

  async getDecrypted(_additional: unknown, _node: unknown, type: string): Promise<ICredentialDataDecryptedObject> {
    const given = this.data[type];
    if (!given) throw new Error(`no credentials of type ${type} in this test`);
    return withDefaults(this.loader, type, given);
  }

  getParentTypes(): string[] {
    return [];
  }
  async authenticate(_c: ICredentialDataDecryptedObject, _t: string, options: IHttpRequestOptions): Promise<IHttpRequestOptions> {
    return options;
  }
  async preAuthentication() {
    return undefined;
  }
  async getCredentials(): Promise<ICredentials> {
    throw new Error('not used by this node');
  }
  async updateCredentials() {}
  async updateCredentialsOauthTokenData() {}
}

export interface Fixture extends IWorkflowBase {
  pinData?: IPinData;
}

export function readFixture(name: string): Fixture {
  return JSON.parse(readFileSync(join(__dirname, '..', 'workflows', name), 'utf8')) as Fixture;
}

export interface Ran {
  run: IRun;
  /** The items a node put out on its first run (output 0 unless given). */
  output(node: string, outputIndex?: number): INodeExecutionData[];
  /** The error the run ended with, if any. */
  error: IRun['data']['resultData']['error'];
}

function additionalDataFor(credentialsHelper: ICredentialsHelper, extra: Partial<IWorkflowExecuteAdditionalData> = {}): IWorkflowExecuteAdditionalData {
  return {
    credentialsHelper,
    currentNodeExecutionIndex: 0,
    variables: {},
    restApiUrl: 'http://127.0.0.1:5678/rest',
    instanceBaseUrl: 'http://127.0.0.1:5678',
    formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
    webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
    webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
    webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
    logAiEvent: () => undefined,
    ...extra,
  } as unknown as IWorkflowExecuteAdditionalData;
}

/**
 * Runs a workflow by hand (as the editor's "Execute workflow" does) from its Manual
 * Trigger; `pinData` (else the fixture's) replaces the output of the nodes it names.
 */
export async function runWorkflow(
  fixture: Fixture,
  credentials: Record<string, ICredentialDataDecryptedObject>,
  pinData = fixture.pinData,
  /** Given the running execution, as n8n's Stop button holds it. */
  onStarted?: (execution: { cancel(): void }) => void,
): Promise<Ran> {
  const loader = await loadPackage();
  const workflow = new Workflow({
    id: fixture.id ?? 'test',
    name: fixture.name,
    nodes: fixture.nodes,
    connections: fixture.connections,
    active: false,
    nodeTypes: new NodeTypes(loader),
    settings: { executionOrder: 'v1', ...fixture.settings },
  });
  const hooks = new ExecutionLifecycleHooks('manual', '1', fixture);
  const done = createDeferredPromise<IRun>();
  hooks.addHandler('workflowExecuteAfter', (run) => done.resolve(run));
  const additionalData = additionalDataFor(new Credentials(loader, credentials), { hooks });
  const start = workflow.getStartNode();
  if (!start) throw new Error(`${fixture.name}: no start node`);
  const execution = new WorkflowExecute(additionalData, 'manual').run(workflow, start, undefined, pinData);
  onStarted?.(execution);
  await execution;
  const run = await done.promise;
  const runData = run.data.resultData.runData;
  return {
    run,
    error: run.data.resultData.error,
    output: (node, outputIndex = 0) => runData[node]?.[0]?.data?.main?.[outputIndex] ?? [],
  };
}

export const NODE_TYPE = 'n8n-nodes-twilio-connector.twilioConnector';

/**
 * The node's dialog as the editor asks for it: load-options and resource-mapping methods
 * called through n8n-core's LoadOptionsContext with the node's current parameters, and
 * the credential test through its CredentialTestContext.
 */
export async function dialog(parameters: INodeParameters) {
  const loader = await loadPackage();
  const nodeTypes = new NodeTypes(loader);
  const nodeType = nodeTypes.getByNameAndVersion(NODE_TYPE, 1);
  const node: INode = { id: 'd1', name: 'Twilio Connector', type: NODE_TYPE, typeVersion: 1, position: [0, 0], parameters };
  const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
  const context = (path: string) =>
    new LoadOptionsContext(
      workflow,
      node,
      additionalDataFor(new Credentials(loader, {}), { currentNodeParameters: workflow.nodes[node.name].parameters }),
      path,
    );
  const methods = nodeType.methods!;
  return {
    /** The parameters as n8n completed them with the description's defaults. */
    parameters: workflow.nodes[node.name].parameters,
    loadOptions: (method: string, path = method): Promise<INodePropertyOptions[]> => methods.loadOptions![method].call(context(path)),
    resourceMapping: (method: string): Promise<ResourceMapperFields> => methods.resourceMapping![method].call(context('document')),
    credentialTest: (data: ICredentialDataDecryptedObject): Promise<INodeCredentialTestResult> => {
      const name = nodeType.description.credentials![0].testedBy as string;
      const type = nodeType.description.credentials![0].name;
      return methods.credentialTest![name].call(new CredentialTestContext(), { id: '1', name: 'test', type, data: withDefaults(loader, type, data) });
    },
  };
}

/** Stops what n8n-core starts on first use and n8n stops at shutdown; removes the user folder. */
export function shutdownEngine(): void {
  Container.get(SSHClientsManager).onShutdown();
  rmSync(userFolder, { recursive: true, force: true });
}
