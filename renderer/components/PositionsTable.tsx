// Open positions, one row each; the sign of PnL is written out, colour only repeats it. Symbol, side, size, unrealized
// PnL and the close action always show; entry, mark, liquidation price and leverage are columns where the table has
// room and fold into a detail line under the symbol where it has not (container queries in styles.css).
import type { HoldSide, Position } from '../../shared/bitget.ts';
import { rowKey } from '../close-flow.ts';
import { pnlTone, signed } from '../format.ts';

interface Props {
  positions: readonly Position[];
  caption: string;
  /** When given, each row gets a button that starts closing that symbol and side. */
  onCloseRow?: (symbol: string, holdSide: HoldSide) => void;
  disabled?: boolean;
  /** Rows (by close-flow's `rowKey`) that a running close is closing: marked "closing", their close button disabled. */
  closingRows?: ReadonlySet<string>;
}

export function PositionsTable({ positions, caption, onCloseRow, disabled, closingRows }: Props) {
  return (
    <div className="positions-frame">
      <table className="positions">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Symbol</th>
            <th scope="col">Side</th>
            <th scope="col" className="num">Size</th>
            <th scope="col" className="num secondary-col">Entry</th>
            <th scope="col" className="num secondary-col">Mark</th>
            <th scope="col" className="num pnl-col">
              Unrealized PnL
            </th>
            <th scope="col" className="num secondary-col">Liq. price</th>
            {onCloseRow ? (
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {positions.map((position) => {
            const key = rowKey(position);
            const closing = closingRows?.has(key) ?? false;
            return (
              <tr key={key} data-testid="position-row" className={closing ? 'row-closing' : undefined} data-closing={closing || undefined}>
                <th scope="row">
                  {position.symbol}
                  <span className="position-details">
                    <span>entry {position.entryPrice}</span> <span>mark {position.markPrice}</span>{' '}
                    <span>
                      liq. {position.liquidationPrice || '—'}
                      {position.leverage ? ` · ${position.leverage}x` : ''}
                      {position.marginMode ? ` ${position.marginMode}` : ''}
                    </span>
                  </span>
                </th>
                <td className="side-cell">
                  <span className={`side side-${position.holdSide}`}>{position.holdSide.toUpperCase()}</span>
                  {position.leverage ? <span className="leverage"> {position.leverage}x</span> : null}
                  {closing && !onCloseRow ? <span className="closing-word"> closing…</span> : null}
                </td>
                <td className="num">{position.size}</td>
                <td className="num secondary-col">{position.entryPrice}</td>
                <td className="num secondary-col">{position.markPrice}</td>
                <td className={`num pnl-${pnlTone(position.unrealizedPnl)}`}>{signed(position.unrealizedPnl)}</td>
                <td className="num secondary-col">{position.liquidationPrice || '—'}</td>
                {onCloseRow ? (
                  <td className="action-cell">
                    <button
                      type="button"
                      className="row-close"
                      disabled={disabled || closing}
                      onClick={() => onCloseRow(position.symbol, position.holdSide)}
                      aria-label={`${closing ? 'Closing' : 'Close'} ${position.symbol} ${position.holdSide}`}
                    >
                      {closing ? 'Closing…' : 'Close…'}
                    </button>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
