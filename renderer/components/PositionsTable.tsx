// Open positions, one row each; the sign of PnL is written out, colour only repeats it.
import type { HoldSide, Position } from '../../shared/bitget.ts';
import { pnlTone, signed } from '../format.ts';

/** One row's identity: symbol and side. */
export function rowKey(position: { symbol: string; holdSide: HoldSide }): string {
  return `${position.symbol}|${position.holdSide}`;
}

interface Props {
  positions: readonly Position[];
  caption: string;
  /** When given, each row gets a button that starts closing that symbol and side. */
  onCloseRow?: (symbol: string, holdSide: HoldSide) => void;
  disabled?: boolean;
  /** Rows (by `rowKey`) a close in flight is acting on: shown as "closing". */
  closingRows?: ReadonlySet<string>;
}

export function PositionsTable({ positions, caption, onCloseRow, disabled, closingRows }: Props) {
  return (
    <table className="positions">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Symbol</th>
          <th scope="col">Side</th>
          <th scope="col" className="num">Size</th>
          <th scope="col" className="num">Entry</th>
          <th scope="col" className="num">Mark</th>
          <th scope="col" className="num">Unrealized PnL</th>
          <th scope="col" className="num">Liq. price</th>
          {onCloseRow ? <th scope="col"><span className="visually-hidden">Action</span></th> : null}
        </tr>
      </thead>
      <tbody>
        {positions.map((position) => {
          const closing = closingRows?.has(rowKey(position)) ?? false;
          return (
          <tr key={`${position.symbol}:${position.holdSide}`} data-testid="position-row" data-closing={closing ? 'true' : undefined} className={closing ? 'row-closing' : undefined}>
            <th scope="row">
              {position.symbol}
              {closing ? <span className="closing-tag"> closing…</span> : null}
            </th>
            <td>
              <span className={`side side-${position.holdSide}`}>{position.holdSide.toUpperCase()}</span>
              {position.leverage ? <span className="leverage"> {position.leverage}x</span> : null}
            </td>
            <td className="num">{position.size}</td>
            <td className="num">{position.entryPrice}</td>
            <td className="num">{position.markPrice}</td>
            <td className={`num pnl-${pnlTone(position.unrealizedPnl)}`}>{signed(position.unrealizedPnl)}</td>
            <td className="num">{position.liquidationPrice || '—'}</td>
            {onCloseRow ? (
              <td>
                <button
                  type="button"
                  className="row-close"
                  disabled={disabled}
                  onClick={() => onCloseRow(position.symbol, position.holdSide)}
                  aria-label={`Close ${position.symbol} ${position.holdSide}`}
                >
                  Close…
                </button>
              </td>
            ) : null}
          </tr>
          );
        })}
      </tbody>
    </table>
  );
}
