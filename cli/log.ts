// What the CLI says on stderr: timestamped text lines for people and log files, or
// one JSON object a line (--log-format json) for log shippers; --quiet keeps only
// warnings, errors and failed inputs. A progress line is drawn only on a terminal.
import type { DocumentResult } from '../connector/operation';
import type { Progress, ProgressKind } from './progress';

export type LogFormat = 'text' | 'json';

export interface LogOptions {
  format?: LogFormat;
  quiet?: boolean;
  stream?: NodeJS.WriteStream;
  now?: () => Date;
}

export interface Summary {
  label: string;
  inputs: number;
  documents: number;
  byStatus: Record<'SUCCESS' | 'APPLICATION_ERROR' | 'FAILURE', number>;
  elapsedMs: number;
  /** Set when the run stopped before every input was answered. */
  stopped?: string;
}

type Level = 'info' | 'warn' | 'error';

export class Logger {
  readonly format: LogFormat;
  readonly quiet: boolean;
  private readonly stream: NodeJS.WriteStream;
  private readonly now: () => Date;
  private progress?: Progress;

  constructor(options: LogOptions = {}) {
    this.format = options.format ?? 'text';
    this.quiet = options.quiet ?? false;
    this.stream = options.stream ?? process.stderr;
    this.now = options.now ?? (() => new Date());
  }

  info(message: string, fields: Record<string, unknown> = {}): void {
    if (!this.quiet) this.line('info', message, fields);
  }

  warn(message: string, fields: Record<string, unknown> = {}): void {
    this.line('warn', message, fields);
  }

  error(message: string, fields: Record<string, unknown> = {}): void {
    this.line('error', message, fields);
  }

  /** One input's result: every one as JSON; as text, only those that did not succeed. */
  result(result: DocumentResult, extra: Record<string, unknown> = {}): void {
    const fields = { event: 'result', ...result, input: result.input + 1, ...extra };
    if (this.format === 'json') {
      if (!this.quiet || result.status !== 'SUCCESS') this.write(this.json(result.status === 'SUCCESS' ? 'info' : 'warn', fields));
      return;
    }
    const from = extra.source ? ` (${String(extra.source)})` : '';
    if (result.status !== 'SUCCESS') this.write(this.text(`input ${result.input + 1}${from}: ${result.status}: ${result.message ?? ''}`));
  }

  summary(s: Summary, fields: Record<string, unknown> = {}): void {
    const counts = `SUCCESS ${s.byStatus.SUCCESS}, APPLICATION_ERROR ${s.byStatus.APPLICATION_ERROR}, FAILURE ${s.byStatus.FAILURE}`;
    const stopped = s.stopped ? `; stopped: ${s.stopped}` : '';
    this.info(`${s.label}: ${s.inputs} input(s), ${s.documents} document(s); ${counts}${stopped}`, {
      event: 'summary',
      inputs: s.inputs,
      documents: s.documents,
      ...s.byStatus,
      elapsedMs: s.elapsedMs,
      ...(s.stopped ? { stopped: s.stopped } : {}),
      ...fields,
    });
  }

  /** A progress line on a terminal (not with --quiet or JSON logs); undefined elsewhere. */
  async startProgress(label: string, kind: ProgressKind): Promise<Progress | undefined> {
    if (this.quiet || this.format === 'json' || !this.stream.isTTY) return undefined;
    // cli-progress is loaded only where a progress line is drawn.
    const { startProgress } = await import('./progress');
    this.progress = startProgress(label, kind, this.stream, () => (this.progress = undefined));
    return this.progress;
  }

  private line(level: Level, message: string, fields: Record<string, unknown>): void {
    this.write(this.format === 'json' ? this.json(level, { message, ...fields }) : this.text(level === 'info' ? message : `${level}: ${message}`));
  }

  private text(message: string): string {
    return `${this.now().toISOString()} ${message}\n`;
  }

  private json(level: Level, fields: Record<string, unknown>): string {
    return JSON.stringify({ time: this.now().toISOString(), level, ...fields }) + '\n';
  }

  private write(line: string): void {
    // Above a progress line, not through it.
    if (this.progress) this.progress.log(line);
    else this.stream.write(line);
  }
}
