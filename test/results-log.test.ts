// results.jsonl: one line per input; the record ids it lists are capped, and the line says how many it left out.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RESULTS_FILE, ResultsLog } from '../cli/outputs/results-log';

it('lists the first 1,000 record ids of an input and counts the rest in idsOmitted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'results-'));
  const log = new ResultsLog(dir, 'run-1', 'output', false);
  const doc = (input: number, n: number) => ({ input, xml: '', properties: { objectType: 'Message', id: `SM${n}` } });
  for (let n = 0; n < 1006; n++) log.document(doc(0, n));
  log.result({ input: 0, status: 'SUCCESS', documents: 1006, properties: {} });
  log.document(doc(1, 0));
  log.result({ input: 1, status: 'SUCCESS', documents: 1, properties: {} });
  log.close();
  const [big, small] = readFileSync(join(dir, RESULTS_FILE), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(big.ids).toHaveLength(1000);
  expect(big.ids[999]).toBe('SM999');
  expect(big.idsOmitted).toBe(6);
  expect(small).toEqual({ run: 'run-1', input: 2, status: 'SUCCESS', documents: 1, properties: {}, ids: ['SM0'] });
});
