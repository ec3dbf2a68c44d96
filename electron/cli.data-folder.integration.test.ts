// A close always goes out, whatever state the data folder is in (issue 17): a full disk, an unusable close queue or
// history, as a child process (`node electron/cli.ts close --from-env ...`) against the simulator. And the data folder
// is ours or refused: one another user owns or may write is not used, and linked files are set aside, never followed.
// The simulator's book and request log are the truth of what was sent.
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { runCli, tempDataDir } from '../e2e/fault-proxy/drive.ts';
import { FOUR_BOOK, FOUR_OPEN, bookLines } from '../e2e/fault-proxy/fixtures.ts';
import type { CloseOutcome } from '../shared/bitget.ts';
import { lineFileName } from './core/close-gate.ts';
import { fullDiskSkip, smallDisk } from './core/full-disk.test-support.ts';
import { startExchange, type Credentials, type Exchange } from './simulator/index.ts';

const BTC_CLOSED = FOUR_BOOK.filter((line) => !line.includes(':BTCUSDT:'));
const CLOSE_BTC = ['--product-type', 'USDT-FUTURES', '--symbol', 'BTCUSDT'];

interface Rig {
  exchange: Exchange;
  account: Credentials;
  close(dataDir: string, args?: readonly string[]): ReturnType<typeof runCli>;
  book(): string[];
  closeRequests(): number;
}

async function rig(context: TestContext): Promise<Rig> {
  const exchange = await startExchange();
  const account = exchange.addAccount(FOUR_OPEN);
  context.onTestFinished(() => exchange.close());
  const view = exchange.account(account.apiKey);
  return {
    exchange,
    account,
    close: (dataDir, args = CLOSE_BTC) =>
      runCli(['close', '--from-env', '--yes', '--no-costs', ...args], { baseUrl: exchange.url, credentials: account, dataDir, deadlineMs: 6_000, requestTimeoutMs: 1_000 }),
    book: () => bookLines(view.positions),
    closeRequests: () => view.requests.filter((request) => request.method === 'POST' && request.path.includes('close')).length,
  };
}

function ownDataDir(context: TestContext): string {
  const dir = tempDataDir('panic-folder-');
  context.onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe.skipIf(fullDiskSkip)('a full data folder (64 kB tmpfs, filled): the close is sent and verified, the outcome says what was not written', () => {
  it.for(['plain', '--json'] as const)('%s output: FLAT, exit 0, the queue and the history named as not written', async (format, context) => {
    const { close, book, closeRequests } = await rig(context);
    const disk = smallDisk();
    context.onTestFinished(() => disk.unmount());
    disk.fill();
    const run = await close(disk.dir, [...CLOSE_BTC, ...(format === '--json' ? ['--json'] : [])]);
    expect(closeRequests()).toBeGreaterThan(0);
    expect(book()).toEqual(BTC_CLOSED);
    expect(run.code).toBe(0);
    const label = '  NOT RECORDED: ';
    const notRecorded =
      format === '--json'
        ? (JSON.parse(run.stdout) as CloseOutcome).notRecorded
        : run.stdout.split('\n').flatMap((line) => (line.startsWith(label) ? [line.slice(label.length)] : []));
    expect(format === '--json' || run.stdout.startsWith('FLAT')).toBe(true);
    expect(notRecorded).toEqual([
      expect.stringMatching(/^The close queue in the data folder .* could not be used \(ENOSPC.*\): this close was paced within this process only/),
      expect.stringMatching(/^The history \(.*audit\.jsonl\) could not be written \(ENOSPC.*\): this close is not in it\./),
    ]);
  });
});

describe('the close queue or the history cannot be used: the close is sent and verified, and the outcome says so', () => {
  it('a file where close-slots/ should be: FLAT, exit 0, the queue named; the history (written) keeps that too', async (context) => {
    const { close, book } = await rig(context);
    const dataDir = ownDataDir(context);
    writeFileSync(join(dataDir, 'close-slots'), 'not a folder');
    const run = await close(dataDir);
    expect(book()).toEqual(BTC_CLOSED);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^FLAT/);
    expect(run.stdout).toMatch(/NOT RECORDED: The close queue in the data folder \(.*close-slots\) could not be used/);
    expect(run.stdout).not.toContain('The history');
    const outcomeLine = readFileSync(join(dataDir, 'audit.jsonl'), 'utf8').split('\n').find((line) => line.includes('"type":"outcome"'));
    expect(JSON.parse(outcomeLine!).outcome.notRecorded).toEqual([expect.stringContaining('The close queue in the data folder')]);
  });

  it('a directory where the line file should be (EISDIR): FLAT, exit 0, the queue named', async (context) => {
    const { close, book, account } = await rig(context);
    const dataDir = ownDataDir(context);
    mkdirSync(join(dataDir, 'close-slots', lineFileName(account.apiKey)), { recursive: true });
    const run = await close(dataDir);
    expect(book()).toEqual(BTC_CLOSED);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/NOT RECORDED: The close queue .* could not be used \(EISDIR/);
  });

  it('a directory where audit.jsonl should be: FLAT, exit 0, the history named as not written', async (context) => {
    const { close, book } = await rig(context);
    const dataDir = ownDataDir(context);
    mkdirSync(join(dataDir, 'audit.jsonl'));
    const run = await close(dataDir);
    expect(book()).toEqual(BTC_CLOSED);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^FLAT/);
    expect(run.stdout).toMatch(/NOT RECORDED: The history \(.*audit\.jsonl\) could not be written \(EISDIR.*\): this close is not in it\./);
    expect(run.stdout).not.toContain('The close queue');
  });
});

describe('the data folder is ours or refused', () => {
  it.skipIf(process.getuid?.() !== 0)('a 0777 folder another user (uid 4242) owns: exit 2, nothing sent, the folder and the fix named', async (context) => {
    const { close, book, closeRequests } = await rig(context);
    const dataDir = ownDataDir(context);
    chownSync(dataDir, 4242, 4242);
    chmodSync(dataDir, 0o777);
    const run = await close(dataDir);
    expect(run.code).toBe(2);
    expect(closeRequests()).toBe(0);
    expect(book()).toEqual(FOUR_BOOK);
    expect(run.stderr).toContain(`The data folder ${dataDir} is not used: it belongs to another user (uid 4242; you are uid 0)`);
    expect(run.stderr).toContain(`chown -R root '${dataDir}' && chmod 700 '${dataDir}'`);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('a folder of ours that others may write: exit 2, nothing sent, "chmod 700"; once fixed, the same close goes out', async (context) => {
    const { close, book, closeRequests } = await rig(context);
    const dataDir = ownDataDir(context);
    chmodSync(dataDir, 0o777);
    const refused = await close(dataDir);
    expect(refused.code).toBe(2);
    expect(closeRequests()).toBe(0);
    expect(refused.stderr).toContain(`The data folder ${dataDir} is not used: other users may write to it (mode 777)`);
    expect(refused.stderr).toContain(`Run: chmod 700 '${dataDir}'`);
    chmodSync(dataDir, 0o700);
    const run = await close(dataDir);
    expect(run.code).toBe(0);
    expect(book()).toEqual(BTC_CLOSED);
  });

  it('a folder the CLI creates is owner-only (0700)', async (context) => {
    const { close } = await rig(context);
    const dataDir = join(ownDataDir(context), 'new', 'bitget-panic');
    const run = await close(dataDir);
    expect(run.code).toBe(0);
    expect(lstatSync(dataDir).mode & 0o777).toBe(0o700);
  });

  it('audit.jsonl as a symbolic link: set aside with a notice, the file it points at untouched, the close recorded in a new history', async (context) => {
    const { close, book } = await rig(context);
    const dataDir = ownDataDir(context);
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'panic-elsewhere-')), 'their-file');
    writeFileSync(elsewhere, 'theirs\n');
    symlinkSync(elsewhere, join(dataDir, 'audit.jsonl'));
    const run = await close(dataDir);
    expect(run.code).toBe(0);
    expect(book()).toEqual(BTC_CLOSED);
    expect(run.stderr).toMatch(new RegExp(`warning: The history file audit\\.jsonl was a symbolic link to ${elsewhere}, which the app does not follow: the link was kept aside as .*audit\\.jsonl\\.symlink-`));
    expect(readFileSync(elsewhere, 'utf8')).toBe('theirs\n');
    const keptAside = readdirSync(dataDir).filter((name) => name.startsWith('audit.jsonl.symlink-'));
    expect(keptAside).toHaveLength(1);
    expect(lstatSync(join(dataDir, keptAside[0]!)).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dataDir, 'audit.jsonl')).isFile()).toBe(true);
    expect(readFileSync(join(dataDir, 'audit.jsonl'), 'utf8')).toContain('"type":"outcome"');
  });

  it('config.json as a symbolic link: set aside with a notice, its settings not used, the file it points at untouched', async (context) => {
    const { exchange } = await rig(context);
    const dataDir = ownDataDir(context);
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'panic-elsewhere-')), 'their-config.json');
    const planted = `${JSON.stringify({ profiles: [{ name: 'planted', demo: false }] })}\n`;
    writeFileSync(elsewhere, planted);
    symlinkSync(elsewhere, join(dataDir, 'config.json'));
    const run = await runCli(['profiles', 'list', '--json'], { baseUrl: exchange.url, dataDir });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('planted');
    expect(run.stderr).toMatch(new RegExp(`warning: The settings file config\\.json was a symbolic link to ${elsewhere}, which the app does not follow: the link was kept aside as .*config\\.json\\.symlink-.* The defaults are in use`));
    expect(readFileSync(elsewhere, 'utf8')).toBe(planted);
    expect(readdirSync(dataDir).filter((name) => name.startsWith('config.json.symlink-'))).toHaveLength(1);
  });
});
