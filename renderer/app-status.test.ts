import { describe, expect, it } from 'vitest';
import type { AppStatus } from '../shared/contract.ts';
import { createStatusTracker } from './app-status.ts';

const status = (accelerator: string, registered: boolean): AppStatus => ({
  shell: 'browser',
  hotkeys: [{ presetId: 'p1', accelerator, registered }],
  notices: [],
  auditLogPath: '/tmp/audit.jsonl',
});
const before = status('F12', false);
const after = status('F12', true);

function tracked() {
  const shown: AppStatus[] = [];
  return { shown, tracker: createStatusTracker((next) => shown.push(next)) };
}

describe('the window keeps the newest app status', () => {
  it('a read answered after a push that overtook it does not undo the push', () => {
    const { shown, tracker } = tracked();
    const answer = tracker.reading();
    tracker.pushed(after);
    answer({ ok: true, value: before });
    expect(shown).toEqual([after]);
  });

  it('a read answered before the next push is shown, then the push', () => {
    const { shown, tracker } = tracked();
    tracker.reading()({ ok: true, value: before });
    tracker.pushed(after);
    expect(shown).toEqual([before, after]);
  });

  it('a read sent after a push is newer than it and is shown', () => {
    const { shown, tracker } = tracked();
    tracker.pushed(before);
    tracker.reading()({ ok: true, value: after });
    expect(shown).toEqual([before, after]);
  });

  it('of two reads answered out of order, the later-asked one stays', () => {
    const { shown, tracker } = tracked();
    const first = tracker.reading();
    const second = tracker.reading();
    second({ ok: true, value: after });
    first({ ok: true, value: before });
    expect(shown).toEqual([after]);
  });

  it('a failed read changes nothing and does not block a later answer', () => {
    const { shown, tracker } = tracked();
    tracker.pushed(before);
    tracker.reading()({ ok: false, error: { kind: 'unknown', message: 'The app did not answer.', hint: 'Restart the app.' } });
    tracker.reading()({ ok: true, value: after });
    expect(shown).toEqual([before, after]);
  });
});
