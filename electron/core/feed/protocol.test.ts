import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from './socket.ts';
import { explainRefusal, loginFrame, parseFrame, readPush, socketOrigin, type PushFrame } from './protocol.ts';

const push = (raw: unknown): PushFrame => {
  const frame = parseFrame(JSON.stringify(raw));
  if (frame.kind !== 'push') throw new Error(`not a push: ${JSON.stringify(frame)}`);
  return frame.frame;
};

// The positions push as [pos2] shows it (leverage a number, the symbol as instId).
const v2PositionsPush = {
  action: 'snapshot',
  arg: { instType: 'USDT-FUTURES', channel: 'positions', instId: 'default' },
  data: [
    {
      posId: '1', instId: 'ETHUSDT', marginCoin: 'USDT', marginSize: '9.5', marginMode: 'crossed', holdSide: 'short', posMode: 'hedge_mode',
      total: '0.1', available: '0.1', frozen: '0', openPriceAvg: '1900', leverage: 20, achievedProfits: '0', unrealizedPL: '0',
      unrealizedPLR: '0', liquidationPrice: '5788.108475905242', keepMarginRate: '0.005', marginRate: '0.004', cTime: '1695649246169',
      markPrice: '1901.5', uTime: '1695711602568',
    },
  ],
  ts: 1695717430441,
};

describe('reading pushes', () => {
  it('reads a V2 positions push as the whole list of its product type', () => {
    const read = readPush(push(v2PositionsPush));
    expect(read).toEqual({
      ok: true,
      push: {
        kind: 'positions-snapshot',
        productType: 'USDT-FUTURES',
        positions: [
          {
            symbol: 'ETHUSDT', productType: 'USDT-FUTURES', marginCoin: 'USDT', holdSide: 'short', size: '0.1', available: '0.1', entryPrice: '1900',
            markPrice: '1901.5', unrealizedPnl: '0', liquidationPrice: '5788.108475905242', leverage: '20', marginMode: 'crossed', posMode: 'hedge_mode',
          },
        ],
      },
    });
  });

  it('reads an empty positions list as flat, and refuses a list it cannot read', () => {
    expect(readPush(push({ ...v2PositionsPush, data: [] }))).toEqual({ ok: true, push: { kind: 'positions-snapshot', productType: 'USDT-FUTURES', positions: [] } });
    expect(readPush(push({ ...v2PositionsPush, data: [{ ...v2PositionsPush.data[0], total: 'abc' }] })).ok).toBe(false);
    expect(readPush(push({ ...v2PositionsPush, data: [{ ...v2PositionsPush.data[0], holdSide: undefined }] })).ok).toBe(false);
    expect(readPush(push({ ...v2PositionsPush, arg: { ...v2PositionsPush.arg, instType: 'SPOT' } })).ok).toBe(false);
    // `data: null` is not a push at all, never an empty list.
    expect(parseFrame(JSON.stringify({ ...v2PositionsPush, data: null })).kind).toBe('unreadable');
  });

  it('reads V3 position pushes: a snapshot, then changes where an ended position has size 0', () => {
    const item = { symbol: 'BTCUSDT', leverage: '20', available: '0.5', liqPrice: '', marginMode: 'crossed', unrealisedPnl: '3', markPrice: '94987.1', avgPrice: '94000', marginCoin: 'USDT', frozen: '0', size: '0.5', positionStatus: 'normal', posSide: 'long', holdMode: 'hedge_mode' };
    const snapshot = readPush(push({ action: 'snapshot', arg: { instType: 'UTA', topic: 'position' }, data: [item], ts: 1 }));
    expect(snapshot).toMatchObject({ ok: true, push: { kind: 'unified-positions', snapshot: true, positions: [{ symbol: 'BTCUSDT', productType: 'USDT-FUTURES', size: '0.5', entryPrice: '94000', holdSide: 'long' }] } });
    const ended = readPush(push({ action: 'update', arg: { instType: 'UTA', topic: 'position' }, data: [{ ...item, size: '0', positionStatus: 'ended' }], ts: 2 }));
    expect(ended).toMatchObject({ ok: true, push: { kind: 'unified-positions', snapshot: false, positions: [{ size: '0' }] } });
    expect(readPush(push({ action: 'update', arg: { instType: 'UTA', topic: 'position' }, data: [{ ...item, posSide: 'both' }] })).ok).toBe(false);
  });

  it('reads V2 and V3 account pushes; a V2 push without (or with an unreadable) unrealized PnL keeps its equity', () => {
    const v2 = { action: 'snapshot', arg: { instType: 'USDT-FUTURES', channel: 'account', coin: 'default' }, data: [{ marginCoin: 'USDT', frozen: '0', available: '11.98', equity: '11.98545761', usdtEquity: '11.98', unrealizedPL: '-0.5' }], ts: 1 };
    expect(readPush(push(v2))).toEqual({ ok: true, push: { kind: 'balances', balances: [{ marginCoin: 'USDT', equity: '11.98545761', unrealizedPnl: '-0.5' }] } });
    // The live push (bitget-live/ws_v2_account.no_unrealizedPL.live.json) has no unrealizedPL: the feed works it out.
    expect(readPush(push({ ...v2, data: [{ marginCoin: 'USDT', equity: '11.9' }] }))).toEqual({ ok: true, push: { kind: 'balances', balances: [{ marginCoin: 'USDT', equity: '11.9' }] } });
    expect(readPush(push({ ...v2, data: [{ marginCoin: 'USDT', equity: '11.9', unrealizedPL: 'abc' }] }))).toEqual({
      ok: true,
      push: { kind: 'balances', balances: [{ marginCoin: 'USDT', equity: '11.9' }] },
      unread: ['account push: USDT unrealizedPL is not a number'],
    });
    expect(readPush(push({ ...v2, data: [{ marginCoin: 'USDT', equity: '', unrealizedPL: '0' }] })).ok).toBe(false);
    const v3 = { action: 'snapshot', arg: { instType: 'UTA', topic: 'account' }, data: [{ unrealisedPnL: '-10116.55', totalEquity: '4976919.05', coin: [] }], ts: 1 };
    expect(readPush(push(v3))).toEqual({ ok: true, push: { kind: 'balances', balances: [{ marginCoin: 'USD', equity: '4976919.05', unrealizedPnl: '-10116.55' }] } });
    // Each coin as well: equity 980 on a balance of 1000 is -20 unrealized, the figure the guard measures in.
    const coins = { ...v3, data: [{ ...v3.data[0], coin: [{ coin: 'USDT', equity: '980', balance: '1000', available: '1000' }] }] };
    expect(readPush(push(coins))).toEqual({
      ok: true,
      push: { kind: 'balances', balances: [{ marginCoin: 'USD', equity: '4976919.05', unrealizedPnl: '-10116.55' }, { marginCoin: 'USDT', equity: '980', unrealizedPnl: '-20' }] },
    });
    expect(readPush(push({ ...v3, data: [{ ...v3.data[0], coin: [{ coin: 'USDT', equity: 'x', balance: '1000' }] }] })).ok).toBe(false);
  });

  it('reads mark prices from V2 and V3 tickers', () => {
    const v2 = { action: 'snapshot', arg: { instType: 'USDT-FUTURES', channel: 'ticker', instId: 'BTCUSDT' }, data: [{ instId: 'BTCUSDT', lastPr: '27000.5', markPrice: '27000.0', symbolType: 1, ts: '1695715383021' }], ts: 1 };
    expect(readPush(push(v2))).toEqual({ ok: true, push: { kind: 'marks', marks: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', markPrice: '27000.0' }] } });
    const v3 = { action: 'snapshot', arg: { instType: 'coin-futures', topic: 'ticker', symbol: 'BTCUSD' }, data: [{ symbol: 'BTCUSD', markPrice: '60000' }], ts: 1 };
    expect(readPush(push(v3))).toEqual({ ok: true, push: { kind: 'marks', marks: [{ productType: 'COIN-FUTURES', symbol: 'BTCUSD', markPrice: '60000' }] } });
    expect(readPush(push({ ...v2, data: [{ instId: 'BTCUSDT', markPrice: 'NaN' }] })).ok).toBe(false);
  });

  it('ignores channels it never subscribed to, and reads the string pong and event answers', () => {
    expect(readPush(push({ arg: { instType: 'USDT-FUTURES', channel: 'orders', instId: 'default' }, data: [] }))).toEqual({ ok: 'ignored' });
    expect(parseFrame('pong')).toEqual({ kind: 'pong' });
    expect(parseFrame('{"event":"login","code":"0","msg":""}')).toMatchObject({ kind: 'event', frame: { event: 'login', code: '0' } });
    expect(parseFrame('{"event":"error","code":30012,"msg":"x"}')).toMatchObject({ kind: 'event', frame: { event: 'error', code: '30012' } });
    expect(parseFrame('garbage').kind).toBe('unreadable');
  });
});

describe('login and URLs', () => {
  it('signs timestamp + GET + /user/verify with the secret, the timestamp in seconds of exchange time', () => {
    const secret = 'the-secret';
    const frame = JSON.parse(loginFrame({ apiKey: 'key', passphrase: 'pp', timestampMs: () => 1_700_000_123_456, sign: (prehash) => createHmac('sha256', secret).update(prehash).digest('base64') }));
    expect(frame).toEqual({
      op: 'login',
      args: [{ apiKey: 'key', passphrase: 'pp', timestamp: '1700000123', sign: createHmac('sha256', secret).update('1700000123GET/user/verify').digest('base64') }],
    });
  });

  it('uses Bitget’s WS host (demo: wspap) for Bitget’s REST host, and ws/wss on a custom endpoint', () => {
    const bitget = 'https://api.bitget.com';
    expect(socketOrigin(bitget, bitget, false)).toBe('wss://ws.bitget.com');
    expect(socketOrigin(bitget, bitget, true)).toBe('wss://wspap.bitget.com');
    expect(socketOrigin('http://127.0.0.1:4567', bitget, false)).toBe('ws://127.0.0.1:4567');
    expect(socketOrigin('https://localhost:8443', bitget, true)).toBe('wss://localhost:8443/wspap');
  });

  it('explains a refused login in plain words', () => {
    expect(explainRefusal('30011', 'Invalid ACCESS_KEY')).toMatch(/refused the live feed's login.*30011/);
    expect(explainRefusal('30014', 'expired')).toMatch(/clock/);
  });
});

describe('backoff', () => {
  it('doubles from the base, stays between half and all of it, and is capped', () => {
    const timing = { backoffBaseMs: 500, backoffMaxMs: 30_000 };
    expect(backoffDelay(0, timing, () => 0)).toBe(250);
    expect(backoffDelay(0, timing, () => 1)).toBe(500);
    expect(backoffDelay(3, timing, () => 1)).toBe(4_000);
    expect(backoffDelay(3, timing, () => 0)).toBe(2_000);
    expect(backoffDelay(20, timing, () => 1)).toBe(30_000);
    expect(backoffDelay(1_000, timing, () => 0.5)).toBe(22_500);
  });
});
