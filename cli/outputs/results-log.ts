// results.jsonl in an output folder: one line per input document, appended, each
// naming its run, so a run never erases what an earlier (or crashed) run reported.
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentResult, OutputDocument } from '../../connector/operation';

export const RESULTS_FILE = 'results.jsonl';

/** Output document ids listed per result line when tracking output documents; the rest are counted. */
const TRACKED_IDS = 1000;

/**
 * Tracking direction picks what a line names: the input document's source (input) or
 * the output documents' record ids (output), as a process report shows one or the other.
 */
export type Tracking = 'input' | 'output';

export class ResultsLog {
  private readonly fd: number;
  private readonly ids = new Map<number, string[]>();
  private readonly files = new Map<number, Set<string>>();
  /** Ids past TRACKED_IDS, counted so a line says its list is not all. */
  private readonly omitted = new Map<number, number>();

  constructor(
    dir: string,
    private readonly run: string,
    private readonly tracking: Tracking,
    private readonly sandbox: boolean,
  ) {
    this.fd = openSync(join(dir, RESULTS_FILE), 'a');
  }

  /** Notes a document of an input; `file`: the batch file it went into. */
  document(doc: OutputDocument, file?: string): void {
    if (file) {
      const files = this.files.get(doc.input) ?? new Set<string>();
      files.add(file);
      this.files.set(doc.input, files);
    }
    if (this.tracking !== 'output' || !doc.properties.id) return;
    const list = this.ids.get(doc.input) ?? [];
    if (list.length < TRACKED_IDS) list.push(doc.properties.id);
    else this.omitted.set(doc.input, (this.omitted.get(doc.input) ?? 0) + 1);
    this.ids.set(doc.input, list);
  }

  result(result: DocumentResult, source?: string): void {
    const tracked = this.tracking === 'input' ? { source: source ?? `input ${result.input + 1}` } : { ids: this.ids.get(result.input) ?? [] };
    const files = this.files.get(result.input);
    const omitted = this.omitted.get(result.input);
    this.ids.delete(result.input);
    this.files.delete(result.input);
    this.omitted.delete(result.input);
    const line = {
      run: this.run,
      ...result,
      input: result.input + 1,
      ...tracked,
      ...(omitted ? { idsOmitted: omitted } : {}),
      ...(files ? { files: [...files] } : {}),
      ...(this.sandbox ? { sandbox: true } : {}),
    };
    // Written through at once: a crash leaves every result up to that point.
    writeSync(this.fd, JSON.stringify(line) + '\n');
  }

  close(): void {
    closeSync(this.fd);
  }
}
