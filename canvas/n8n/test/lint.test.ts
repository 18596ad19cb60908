// n8n's community-node lint rules (@n8n/eslint-plugin-community-nodes, the package's
// eslint.config.mjs) over the node and credential sources: no findings, and the rules
// do fire on a credential that breaks them.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { PACKAGE_DIR } from './helpers/paths';

interface Linted {
  filePath: string;
  messages: Array<{ ruleId: string; message: string }>;
}

function eslint(args: string[], input?: string): Linted[] {
  const bin = join(dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js');
  try {
    return JSON.parse(execFileSync(process.execPath, [bin, '--format', 'json', ...args], { cwd: PACKAGE_DIR, encoding: 'utf8', input }));
  } catch (err) {
    // eslint exits 1 when it finds problems; its report is still on stdout.
    const stdout = (err as { stdout?: string }).stdout;
    if (stdout) return JSON.parse(stdout);
    throw err;
  }
}

it('the node and credential sources pass the community-node rules', () => {
  const report = eslint(['nodes', 'credentials']);
  expect(report.map((f) => f.filePath.slice(PACKAGE_DIR.length + 1)).sort()).toEqual([
    'credentials/TwilioConnectorApi.credentials.ts',
    'nodes/TwilioConnector/TwilioConnector.node.ts',
    'nodes/TwilioConnector/connection.ts',
    'nodes/TwilioConnector/description.ts',
    'nodes/TwilioConnector/methods.ts',
    'nodes/TwilioConnector/run.ts',
  ]);
  expect(report.flatMap((f) => f.messages.map((m) => `${f.filePath}: ${m.ruleId}: ${m.message}`))).toEqual([]);
});

it('the rules fire on a credential without a test, an icon or a hidden secret', () => {
  const bad = `import type { ICredentialType, INodeProperties } from 'n8n-workflow';
export class BadApi implements ICredentialType {
  name = 'badApi';
  displayName = 'Bad API';
  properties: INodeProperties[] = [{ displayName: 'Auth Token', name: 'authToken', type: 'string', default: '' }];
}`;
  const [report] = eslint(['--stdin', '--stdin-filename', 'credentials/Bad.credentials.ts'], bad);
  expect(report.messages.map((m) => m.ruleId)).toEqual(
    expect.arrayContaining([
      '@n8n/community-nodes/credential-password-field',
      '@n8n/community-nodes/credential-test-required',
      '@n8n/community-nodes/cred-class-field-icon-missing',
    ]),
  );
});
