// What the CLI reads from a person: secrets (hidden prompt or stdin, never argv) and the confirmation.
import { createInterface } from 'node:readline';
import type { ExplainedError, PanicRequest, Position, Result } from '../shared/bitget.ts';
import { credentialsSchema, parseOrExplain, type Credentials } from '../shared/schema.ts';
import { formatConfirmation } from './cli-format.ts';

interface Io {
  stderr: (text: string) => void;
  stdin: NodeJS.ReadStream;
}

async function readAllStdin(stdin: NodeJS.ReadStream): Promise<string> {
  let text = '';
  stdin.setEncoding('utf8');
  for await (const chunk of stdin) text += chunk as string;
  return text;
}

/** Reads one line from the terminal without echoing it. */
function promptHidden(io: Io, question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: io.stdin, terminal: true });
    io.stderr(question);
    const output = rl as unknown as { _writeToOutput: (text: string) => void };
    output._writeToOutput = () => undefined;
    rl.question('', (answer) => {
      rl.close();
      io.stderr('\n');
      resolve(answer);
    });
  });
}

export async function readSecrets(io: Io): Promise<Result<Credentials>> {
  let fields: string[];
  if (io.stdin.isTTY) {
    fields = [];
    for (const label of ['API key', 'Secret key', 'Passphrase']) fields.push(await promptHidden(io, `${label} (hidden): `));
  } else {
    fields = (await readAllStdin(io.stdin)).split(/\r?\n/).filter((line) => line.trim() !== '');
    if (fields.length !== 3) {
      const error: ExplainedError = {
        kind: 'bad-input',
        message: `Expected three lines on stdin (API key, secret key, passphrase), got ${fields.length}.`,
        hint: 'Pipe exactly three lines, or run the command in a terminal to be prompted.',
      };
      return { ok: false, error };
    }
  }
  const [apiKey, secretKey, passphrase] = fields;
  return parseOrExplain(credentialsSchema, { apiKey, secretKey, passphrase }, 'API credentials');
}

export async function confirmOnTerminal(
  io: Io,
  profile: { name: string; demo: boolean; practice?: boolean },
  request: PanicRequest,
  open: Position[] | undefined,
): Promise<boolean> {
  io.stderr(formatConfirmation(profile, request, open));
  return askYes(io);
}

export async function askYes(io: Io): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: process.stderr, terminal: true });
  const answer = await new Promise<string>((resolve) => rl.question('Type "yes" to close: ', resolve));
  rl.close();
  return answer.trim().toLowerCase() === 'yes';
}
