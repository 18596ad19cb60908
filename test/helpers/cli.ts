// The CLI run in-process as a user runs it: what it wrote to stdout and stderr, and its exit code
// (taken and cleared, so the next run and jest's own exit start from none).
import { main } from '../../cli/main';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runCli(...args: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
  try {
    await main(['node', 'twilio-connector', ...args]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { code, out, err };
}
