import { describe, expect, it } from 'vitest';
import type { ConnectionTestResult } from '../shared/bitget.ts';
import { connectionVerdict } from './connection-test.ts';

const result = (fields: Partial<ConnectionTestResult>): ConnectionTestResult => ({
  profile: 'main',
  demo: false,
  accountKind: 'classic',
  openPositions: 2,
  clockOffsetMs: 12,
  latencyMs: 80,
  uid: '4711',
  endpoint: 'api.bitget.com',
  ...fields,
});

describe('the connection test verdict', () => {
  it('is OK only when the key can close, and names the UID and the endpoint', () => {
    const verdict = connectionVerdict(result({ canClose: 'yes' }));
    expect(verdict.tone).toBe('ok');
    expect(verdict.headline).toBe('Connected to LIVE “main”: this key can read and close positions.');
    expect(verdict.details).toEqual(expect.arrayContaining(['UID 4711', 'endpoint api.bitget.com', 'classic account, 2 open positions']));
  });

  it('reports a read-only key as "can read, cannot close", never OK', () => {
    const verdict = connectionVerdict(result({ canClose: 'no' }));
    expect(verdict.tone).toBe('error');
    expect(verdict.headline).toMatch(/can read, CANNOT CLOSE/);
    expect(verdict.details.join(' ')).toMatch(/futures trade permission/);
  });

  it('names the permission the key lacks, and shows each permission and any unknown name as seen', () => {
    const verdict = connectionVerdict(
      result({
        canClose: 'no',
        permissions: [
          { permission: 'futures orders write', status: 'yes', detail: 'read-write (coow)' },
          { permission: 'futures holdings write', status: 'no', detail: 'read only (cpor): the key needs cpow' },
        ],
        unknownPermissionNames: ['zzzz'],
        canCloseReason: { kind: 'permission', message: 'lacks', hint: 'give it holdings read-write' },
      }),
    );
    expect(verdict.headline).toMatch(/CANNOT CLOSE\. This key lacks futures holdings write,/);
    expect(verdict.details).toEqual(
      expect.arrayContaining([
        'futures holdings write: NO (read only (cpor): the key needs cpow)',
        'futures orders write: yes (read-write (coow))',
        'permission names not known to this app (not used to decide): zzzz',
        'Fix: give it holdings read-write',
      ]),
    );
  });

  it('does not call a key OK when its trade permission could not be learned (or an old core did not say)', () => {
    expect(connectionVerdict(result({ canClose: 'unknown' })).tone).toBe('warning');
    expect(connectionVerdict(result({})).tone).toBe('warning');
    expect(connectionVerdict(result({ uid: undefined, endpoint: undefined })).details).toEqual(
      expect.arrayContaining(['UID not reported', 'endpoint not reported']),
    );
  });

  it('names the practice account PRACTICE', () => {
    const verdict = connectionVerdict(result({ profile: 'Practice', practice: true, canClose: 'yes', endpoint: 'practice exchange (built in)' }));
    expect(verdict.tone).toBe('ok');
    expect(verdict.headline).toMatch(/^PRACTICE “Practice”/);
  });
});
