// Where the package under test is (canvas/n8n), for the tests that read it as files.
import { join } from 'node:path';

export const PACKAGE_DIR = join(__dirname, '..', '..');
