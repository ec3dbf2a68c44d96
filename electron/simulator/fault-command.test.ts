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
    ['error-code code=1001 retryAfter=1', { kind: 'error-code', code: '1001', retryAfter: '1' }],
    ['error-code code=40084 noData=true', { kind: 'error-code', code: '40084', noData: true }],
    ['rate-limit retryAfter=2', { kind: 'rate-limit', retryAfter: '2' }],
    ['replace-data data=null', { kind: 'replace-data', data: null }],
    ['replace-data data={"list":[]} path=/api/v3/position/current-position', { kind: 'replace-data', data: { list: [] }, path: '/api/v3/position/current-position' }],
    ['omit-data', { kind: 'omit-data' }],
    ['item-field field=total value=abc', { kind: 'item-field', field: 'total', value: 'abc' }],
    ['item-field field=total value=""', { kind: 'item-field', field: 'total', value: '' }],
    ['cancel-failure orderId=2 errorMsg=notExistend', { kind: 'cancel-failure', orderId: '2', errorMsg: 'notExistend' }],
  ])('reads %s', (line, fault) => {
    expect(parseFaultCommand(line)).toEqual({ ok: true, fault });
  });

  it.each([
    ['explode', /unknown fault/],
    ['delay', /needs ms=/],
    ['delay ms=soon', /ms must be a number/],
    ['drop color=red', /unknown option/],
    ['drop times', /not key=value/],
    ['replace-data', /needs data=/],
    ['replace-data data=nul', /data must be JSON/],
    ['item-field field=total', /needs value=/],
    ['error-code code=1001 noData=yes', /noData must be true or false/],
  ])('refuses %s', (line, problem) => {
    const parsed = parseFaultCommand(line);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(problem);
  });
});
