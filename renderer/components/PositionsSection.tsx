// The live positions of the chosen profile and product type, with when they were read and any explained error.
import type { HoldSide, ProductType, ProfileSummary } from '../../shared/bitget.ts';
import { clockTime, productTypeName } from '../format.ts';
import { feedLine } from '../guard.ts';
import { useNow } from '../useNow.ts';
import { POSITIONS_REFRESH_MS, type PositionsState } from '../usePositions.ts';
import { ExplainedErrorView } from './ExplainedErrorView.tsx';
import { AccountName } from './ModeBadge.tsx';
import { PositionsTable } from './PositionsTable.tsx';

interface Props {
  profile: ProfileSummary;
  productType: ProductType;
  state: PositionsState;
  busy: boolean;
  onCloseRow: (symbol: string, holdSide: HoldSide) => void;
  /** Rows (by `rowKey`) that a running close is closing. */
  closingRows?: ReadonlySet<string>;
}

export function PositionsSection({ profile, productType, state, busy, onCloseRow, closingRows }: Props) {
  const { positions, error, updatedAt, outdated } = state;
  const now = useNow(1000);
  const stale = error !== null || outdated;
  return (
    <section className="positions-section" aria-labelledby="positions-title">
      <h2 id="positions-title">
        Open positions · {productTypeName(productType)} · <AccountName profile={profile} />
      </h2>
      <p className="positions-meta" aria-live="off" data-testid="positions-source">
        {state.source === 'feed' && updatedAt
          ? `${feedLine(state.feed, now).text} (confirmed at ${clockTime(updatedAt)}).`
          : updatedAt
            ? `Read at ${clockTime(updatedAt)}, refreshed every ${POSITIONS_REFRESH_MS / 1000} s while this window is visible${state.feed ? ` (${feedLine(state.feed, now).text})` : ''}.`
            : error
              ? 'Positions have not been read yet.'
              : 'Reading positions…'}
      </p>
      {state.equity.length > 0 ? (
        <p className="positions-equity" data-testid="equity">
          Equity {state.equity.map((item) => `${item.equity} ${item.coin}`).join(' · ')}
        </p>
      ) : null}
      {error ? <ExplainedErrorView error={error} title="Positions could not be read" /> : null}
      {positions && positions.length > 0 ? (
        <div className={stale ? 'stale' : undefined}>
          <PositionsTable
            positions={positions}
            caption={
              outdated && !error
                ? `Re-reading after the close… (rows below are from ${updatedAt ? clockTime(updatedAt) : 'before it'})`
                : error && updatedAt
                  ? `LAST KNOWN positions, read at ${clockTime(updatedAt)}: may be out of date`
                  : `${positions.length} open position${positions.length === 1 ? '' : 's'}`
            }
            onCloseRow={onCloseRow}
            disabled={busy}
            {...(closingRows ? { closingRows } : {})}
          />
        </div>
      ) : positions && !stale ? (
        <p className="no-positions">No open positions in {productTypeName(productType)}.</p>
      ) : null}
    </section>
  );
}
