// The positions table as markup: every row keyed by symbol and side, rows being closed say "Closing…" in words and
// cannot be closed again, and the secondary values are still there (as columns and as a detail line).
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Position } from '../../shared/bitget.ts';
import { rowKey } from '../close-flow.ts';
import { PositionsTable } from './PositionsTable.tsx';

function position(symbol: string, holdSide: 'long' | 'short', extra: Partial<Position> = {}): Position {
  return {
    symbol,
    productType: 'USDT-FUTURES',
    marginCoin: 'USDT',
    holdSide,
    size: '1',
    available: '1',
    entryPrice: '100',
    markPrice: '101',
    unrealizedPnl: '1',
    liquidationPrice: '50',
    leverage: '10',
    marginMode: 'crossed',
    posMode: 'hedge_mode',
    ...extra,
  };
}

const rows = (html: string) => html.split('<tr').filter((part) => part.includes('data-testid="position-row"'));

describe('PositionsTable', () => {
  it('keys a row by symbol and side', () => {
    expect(rowKey(position('BTCUSDT', 'long'))).toBe('BTCUSDT|long');
    expect(rowKey({ symbol: 'ETHUSDT', holdSide: 'short' })).toBe('ETHUSDT|short');
  });

  it('marks the rows in closingRows as closing, in words, with their close button disabled; the others stay closable', () => {
    const html = renderToStaticMarkup(
      <PositionsTable
        positions={[position('BTCUSDT', 'long'), position('BTCUSDT', 'short'), position('ETHUSDT', 'long')]}
        caption="3 open positions"
        onCloseRow={() => undefined}
        closingRows={new Set(['BTCUSDT|short'])}
      />,
    );
    const [btcLong, btcShort, ethLong] = rows(html);
    expect(btcShort).toContain('Closing…');
    expect(btcShort).toMatch(/<button[^>]*disabled=""[^>]*aria-label="Closing BTCUSDT short"/);
    expect(btcShort).toContain('data-closing="true"');
    for (const row of [btcLong, ethLong]) {
      expect(row).toContain('Close…');
      expect(row).not.toContain('Closing');
      expect(row).not.toMatch(/<button[^>]*disabled/);
    }
  });

  it('without a close action, a closing row still says so in words', () => {
    const html = renderToStaticMarkup(
      <PositionsTable positions={[position('BTCUSDT', 'long')]} caption="still open" closingRows={new Set(['BTCUSDT|long'])} />,
    );
    expect(rows(html)[0]).toContain('closing…');
    expect(html).not.toContain('<button');
  });

  it('keeps entry, mark, liquidation price and leverage both as columns and in the detail line', () => {
    const html = renderToStaticMarkup(
      <PositionsTable positions={[position('BTCUSDT', 'long', { entryPrice: '60000.5', markPrice: '61000.25', liquidationPrice: '' })]} caption="1" />,
    );
    const row = rows(html)[0]!;
    expect(row).toContain('<td class="num secondary-col">60000.5</td>');
    expect(row).toContain('<td class="num secondary-col">61000.25</td>');
    expect(row).toContain('<td class="num secondary-col">—</td>');
    expect(row).toMatch(/class="position-details".*entry 60000\.5.*mark 61000\.25.*liq\. —.*10x.*crossed/);
  });
});
