// The outcome panel as markup: what could not be written on this computer (the close queue, the history) is shown
// beside a verified FLAT, never in place of it.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { CloseOutcome } from '../../shared/bitget.ts';
import { OutcomePanel } from './OutcomePanel.tsx';

const flat: CloseOutcome = {
  runId: 'run-1',
  status: 'flat',
  profile: { name: 'main', demo: false },
  accountKind: 'classic',
  target: { productType: 'USDT-FUTURES', symbol: 'BTCUSDT' },
  trigger: 'window',
  closed: [{ orderId: '1', symbol: 'BTCUSDT' }],
  failed: [],
  stillOpen: [],
  verified: true,
  closeAttempts: 1,
  totalMs: 40,
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:00:00.040Z',
};

const render = (outcome: CloseOutcome) => renderToStaticMarkup(<OutcomePanel shown={{ outcome, receivedAt: new Date(0) }} />);

describe('OutcomePanel', () => {
  it('lists what was not recorded under a FLAT outcome', () => {
    const notRecorded = ['The close queue in the data folder (/d/close-slots) could not be used (ENOSPC).', 'The history (/d/audit.jsonl) could not be written (ENOSPC): this close is not in it.'];
    const html = render({ ...flat, notRecorded });
    expect(html).toContain('data-testid="not-recorded"');
    expect(html).toContain('Not recorded on this computer');
    for (const note of notRecorded) expect(html).toContain(`<li>${note}</li>`);
    expect(html.indexOf('FLAT')).toBeLessThan(html.indexOf('Not recorded'));
  });

  it('shows no such section when everything was written', () => {
    expect(render(flat)).not.toContain('not-recorded');
  });
});
