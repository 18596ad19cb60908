// n8n's community-node rules. Without the n8n Cloud part (no-restricted-imports,
// no-restricted-globals): the node runs on the twilio-connector library, and n8n Cloud
// takes only community nodes without dependencies.
import tsParser from '@typescript-eslint/parser';
import { configs } from '@n8n/eslint-plugin-community-nodes';

const files = ['nodes/**/*.ts', 'credentials/**/*.ts'];

export default [
  { files, languageOptions: { parser: tsParser } },
  { files, ...configs.recommendedWithoutN8nCloudSupport },
];
