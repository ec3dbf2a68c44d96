import { describe, expect, it } from 'vitest';
import { parseFaultCommand } from './fault-command.ts';

describe('fault commands typed by a person', () => {
  it.each([
    ['drop', { kind: 'drop' }],
    ['hang times=Infinity', { kind: 'hang', times: Number.POSITIVE_INFINITY }],
    ['http-status status=502 path=/api/v2/mix/order/close-positions', { kind: 'http-status', status: 502, path: '/api/v2/mix/order/close-positions' }],
    ['failure-list errorCode=40888 errorMsg="exceeds max size" symbol=ETHUSDT', { kind: 'failure-list', errorCode: '40888', errorMsg: 'exceeds max size', symbol: 'ETHUSDT' }],
    ['failure-list errorCode=40888', { kind: 'failure-list', errorCode: '40888', errorMsg: 'refused by the simulator' }],
    ['close-partial remainingFraction=0.5 method=post', { kind: 'close-partial', remainingFraction: 0.5, method: 'POST' }],
  ])('reads %s', (line, fault) => {
    expect(parseFaultCommand(line)).toEqual({ ok: true, fault });
  });

  it.each([
    ['explode', /unknown fault/],
    ['delay', /needs ms=/],
    ['delay ms=soon', /ms must be a number/],
    ['drop color=red', /unknown option/],
    ['drop times', /not key=value/],
  ])('refuses %s', (line, problem) => {
    const parsed = parseFaultCommand(line);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(problem);
  });
});
