// The close orders of one run, one line each: symbol, side, and (once the exchange's order details are read) filled size,
// average fill price, realized PnL and fee. The outcome is shown at once; these fill in as the cost report arrives.
import type { CloseOutcome, CostReport, OrderCost } from '../../shared/bitget.ts';
import { feeText, orderSideText } from '../close-flow.ts';
import { pnlTone, signed } from '../format.ts';

interface Props {
  outcome: CloseOutcome;
  costs: CostReport | undefined;
}

export function CloseOrdersTable({ outcome, costs }: Props) {
  const orders = outcome.closed;
  const reported = costs?.orders ?? [];
  const extra = reported.filter((cost) => !orders.some((order) => order.orderId === cost.orderId));
  if (orders.length === 0 && extra.length === 0) {
    return <p className="close-orders-none">Close orders accepted: none.</p>;
  }
  const expectCosts = costs !== undefined || outcome.verified;
  const status = !expectCosts
    ? 'Order details are read after a verified result: check fills on the exchange.'
    : !costs || !costs.complete
      ? 'Reading order details…'
      : costs.unread.length > 0
        ? `Order details read, except ${costs.unread.length} order${costs.unread.length === 1 ? '' : 's'} (see below).`
        : 'Order details read from the exchange.';
  const pendingWord = expectCosts && !costs?.complete ? 'reading…' : '—';

  const rows = [
    ...orders.map((order) => ({ orderId: order.orderId, symbol: order.symbol, cost: reported.find((cost) => cost.orderId === order.orderId) })),
    ...extra.map((cost) => ({ orderId: cost.orderId, symbol: cost.symbol, cost })),
  ];

  return (
    <div className="close-orders" data-testid="close-orders">
      <table className="close-orders-table">
        <caption>
          Close orders accepted ({rows.length}) · <span className="close-orders-status">{status}</span>
        </caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col" className="num">Filled @ avg price</th>
            <th scope="col" className="num">Realized PnL</th>
            <th scope="col" className="num">Fee</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ orderId, symbol, cost }) => {
            const unread = costs?.unread.find((item) => item.orderId === orderId);
            return (
              <tr key={orderId} data-testid="close-order" data-order-id={orderId}>
                <th scope="row">
                  {symbol ?? cost?.symbol ?? 'order'} <span className="order-side">{cost ? orderSideText(cost) : sideFromTarget(outcome)}</span>
                  <span className="order-id">#{orderId}</span>
                </th>
                {cost ? (
                  <CostCells cost={cost} />
                ) : unread ? (
                  <td colSpan={3} className="warning-text">
                    {unread.error.message}
                  </td>
                ) : (
                  <td colSpan={3} className="muted">
                    {pendingWord}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {costs?.unread
        .filter((item) => !rows.some((row) => row.orderId === item.orderId))
        .map((item) => (
          <p key={item.orderId} className="warning-text">
            {item.error.message}
          </p>
        ))}
    </div>
  );
}

function CostCells({ cost }: { cost: OrderCost }) {
  return (
    <>
      <td className="num">
        {cost.filledSize} @ {cost.avgPrice || '—'}
        {cost.state && cost.state !== 'filled' ? <span className="muted"> ({cost.state})</span> : null}
      </td>
      <td className={`num pnl-${pnlTone(cost.realizedPnl ?? '')}`}>{cost.realizedPnl === undefined ? 'not reported' : signed(cost.realizedPnl)}</td>
      <td className="num">{feeText(cost)}</td>
    </>
  );
}

/** Before the order details arrive: the side the target names, if it names one. */
function sideFromTarget(outcome: CloseOutcome): string {
  return outcome.target.holdSide ? orderSideText({ side: '', holdSide: outcome.target.holdSide }) : '';
}
