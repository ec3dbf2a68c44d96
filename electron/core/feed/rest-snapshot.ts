// One REST read of a profile's account, as the feed polls it while its socket is down: positions per product type,
// each margin coin's equity and unrealized PnL, and the marks of the contracts held. A product type any of whose reads
// fails is left out (unknown, never flat); when none can be read, or a unified account's balances cannot, it fails.
import { unifiedCategoryOfCoin, type ExplainedError, type Position, type ProductType, type Result } from '../../../shared/bitget.ts';
import type { AccountBalance, FeedSnapshot, MarkPrice } from '../../../shared/feed.ts';
import { figureProblem } from '../../../shared/figure-number.ts';
import type { CoinBalance } from '../bitget/balances-and-marks.ts';
import type { Logged } from '../bitget/answer.ts';
import { sumDecimals } from '../bitget/order-details.ts';
import type { ResolvedAccount } from '../resolved-account.ts';

export const REST_READ_TIMEOUT_MS = 5_000;

export interface RestSnapshotOptions {
  timeoutMs?: number;
  log?: Logged;
  /**
   * One round trip (the guard's confirming read): balances are read beside the positions, and each contract's mark is
   * the one its REST position item carries (the exchange's own, as of that read); a product type whose items carry no
   * usable mark falls back to the ticker read.
   */
  oneRoundTrip?: boolean;
}

interface ProductTypeRead {
  productType: ProductType;
  positions: Position[];
  marks: MarkPrice[];
  /** Classic: this product type's coins. */
  balances: AccountBalance[];
  endedAt: number;
}

type Failed = { ok: false; error: ExplainedError };
type Timed<T> = { result: T; endedAt: number };

export async function readRestSnapshot(
  resolved: ResolvedAccount,
  productTypes: readonly ProductType[],
  now: () => number = Date.now,
  options: RestSnapshotOptions = {},
): Promise<Result<FeedSnapshot>> {
  const { account } = resolved;
  const timeoutMs = options.timeoutMs ?? REST_READ_TIMEOUT_MS;
  const timed = <T>(promise: Promise<T>): Promise<Timed<T>> => promise.then((result) => ({ result, endedAt: now() }));
  const types = [...new Set(productTypes)];
  if (types.length === 0) {
    return { ok: false, error: { kind: 'bad-input', message: 'No product type to read.', hint: 'Choose at least one product type for this profile.' } };
  }

  // Positions first: a kind switch (40084/40085) settles here, so the balances and marks are read as the right kind.
  // In one round trip the balances go beside them, as the kind known now; a switch then fails the read (kindChanged).
  const kindBefore = account.kind;
  const balancesRead = (productType: ProductType) => timed(account.balances(productType, timeoutMs, options.log));
  const earlyBalances = new Map(options.oneRoundTrip && kindBefore === 'classic' ? types.map((productType) => [productType, balancesRead(productType)] as const) : []);
  const earlyUnified = options.oneRoundTrip && kindBefore === 'unified' ? balancesRead(types[0]!) : undefined;
  // A read made early and then not used (the kind switched) must not surface as an unhandled rejection.
  for (const early of [...earlyBalances.values(), earlyUnified]) void early?.catch(() => undefined);
  const positionReads = await Promise.all(types.map(async (productType) => ({ productType, read: await timed(account.positions(productType, timeoutMs, options.log)) })));
  const kind = account.kind;

  async function readMarks(productType: ProductType, positions: Timed<Position[]>): Promise<Timed<Awaited<ReturnType<typeof account.markPrices>>>> {
    const carried = positions.result.map((position) => ({ symbol: position.symbol, markPrice: position.markPrice }));
    if (options.oneRoundTrip && carried.every((mark) => figureProblem(mark.markPrice, 'positive') === undefined)) {
      return { result: { ok: true, marks: carried }, endedAt: positions.endedAt };
    }
    const symbols = [...new Set(positions.result.map((position) => position.symbol))];
    return timed(account.markPrices(productType, symbols, timeoutMs, options.log));
  }

  async function completeProductType(productType: ProductType, positions: Timed<Position[]>): Promise<ProductTypeRead | Failed> {
    const [marks, balances] = await Promise.all([
      readMarks(productType, positions),
      kind === 'classic' ? (earlyBalances.get(productType) ?? balancesRead(productType)) : undefined,
    ]);
    if (!marks.result.ok) return marks.result;
    let coinBalances: AccountBalance[] = [];
    if (balances) {
      if (!balances.result.ok) return balances.result;
      if (balances.result.scope !== 'product-type') return { ok: false, error: kindChanged() };
      coinBalances = balances.result.balances.flatMap((balance) =>
        balance.unrealizedPnl === undefined ? [] : [{ marginCoin: balance.marginCoin, equity: balance.equity, unrealizedPnl: balance.unrealizedPnl, receivedAt: balances.endedAt }],
      );
    }
    return {
      productType,
      positions: positions.result,
      marks: marks.result.marks.map((mark) => ({ productType, symbol: mark.symbol, markPrice: mark.markPrice, receivedAt: marks.endedAt })),
      balances: coinBalances,
      endedAt: Math.max(positions.endedAt, marks.endedAt, balances?.endedAt ?? 0),
    };
  }

  const [reads, unifiedBalances] = await Promise.all([
    Promise.all(
      positionReads.map(({ productType, read }): Promise<ProductTypeRead | Failed> | Failed =>
        read.result.ok ? completeProductType(productType, { result: read.result.positions, endedAt: read.endedAt }) : read.result,
      ),
    ),
    kind === 'unified' ? (earlyUnified ?? balancesRead(types[0]!)) : undefined,
  ]);

  const succeeded = reads.filter((read): read is ProductTypeRead => !('ok' in read));
  const firstFailure = reads.find((read): read is Failed => 'ok' in read);
  if (succeeded.length === 0) return { ok: false, error: firstFailure?.error ?? kindChanged() };
  if (account.kind !== kind) return { ok: false, error: kindChanged() };

  let balances: AccountBalance[] = succeeded.flatMap((read) => read.balances);
  let confirmedAt = Math.max(...succeeded.map((read) => read.endedAt));
  if (unifiedBalances) {
    if (!unifiedBalances.result.ok) return { ok: false, error: unifiedBalances.result.error };
    if (unifiedBalances.result.scope !== 'account') return { ok: false, error: kindChanged() };
    confirmedAt = Math.max(confirmedAt, unifiedBalances.endedAt);
    balances = unifiedCoinBalances(unifiedBalances.result.balances, succeeded, unifiedBalances.endedAt);
  }

  return {
    ok: true,
    value: {
      profile: resolved.profile.name,
      accountKind: kind,
      source: 'rest',
      positions: Object.fromEntries(succeeded.map((read) => [read.productType, read.positions])),
      balances,
      marks: succeeded.flatMap((read) => read.marks),
      confirmedAt,
    },
  };
}

/**
 * A unified account's coin equity, with the unrealized PnL of the positions margined in that coin. A coin whose
 * positions were not read, or whose PnL a position leaves blank, is left out: its PnL is unknown.
 */
function unifiedCoinBalances(coins: readonly CoinBalance[], reads: readonly ProductTypeRead[], receivedAt: number): AccountBalance[] {
  const read = new Set(reads.map((entry) => entry.productType));
  const positions = reads.flatMap((entry) => entry.positions);
  return coins.flatMap((coin) => {
    if (!read.has(unifiedCategoryOfCoin(coin.marginCoin))) return [];
    const held = positions.filter((position) => position.marginCoin === coin.marginCoin);
    if (held.some((position) => position.unrealizedPnl === '' || !Number.isFinite(Number(position.unrealizedPnl)))) return [];
    const unrealizedPnl = held.length === 0 ? '0' : sumDecimals(held.map((position) => position.unrealizedPnl));
    return [{ marginCoin: coin.marginCoin, equity: coin.equity, unrealizedPnl, receivedAt }];
  });
}

function kindChanged(): ExplainedError {
  return {
    kind: 'account-kind',
    message: 'The account switched between classic and unified while its figures were read.',
    hint: 'The next read uses the new kind; nothing is decided on this one.',
  };
}
