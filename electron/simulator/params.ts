// Reading and validating request parameters the way the exchange does.
import { UNIFIED_CATEGORIES, parseProductType, resolveSymbol } from './contracts.ts';
import { parameterDoesNotExist, parameterEmpty, parameterError } from './responses.ts';
import type { RouteContext } from './route.ts';
import type { HoldSide, ProductTypeName } from './types.ts';

/** A string parameter; blank or absent is undefined; a non-string value is a parameter error. */
export function optionalText(params: Record<string, unknown>, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw parameterError(name);
  return value;
}

export function requiredProductType(params: Record<string, unknown>, name: 'productType' | 'category'): ProductTypeName {
  const value = optionalText(params, name);
  if (value === undefined) throw parameterEmpty(name);
  const type = parseProductType(value);
  if (!type) throw parameterError(name);
  if (name === 'category' && !UNIFIED_CATEGORIES.includes(type as (typeof UNIFIED_CATEGORIES)[number])) {
    throw parameterError(name);
  }
  return type;
}

/** The contract named by `symbol`, if given; unknown or badly formed names answer 40034. */
export function optionalSymbol(context: RouteContext, name = 'symbol'): string | undefined {
  const symbol = optionalText(context.params, name);
  if (symbol === undefined || context.requestedType === undefined) return symbol;
  const known = resolveSymbol(symbol, context.requestedType);
  if (!known) throw parameterDoesNotExist(symbol);
  return known;
}

export function optionalSide(params: Record<string, unknown>, name: 'holdSide' | 'posSide'): HoldSide | undefined {
  const side = optionalText(params, name);
  if (side === undefined) return undefined;
  if (side !== 'long' && side !== 'short') throw parameterError(name);
  return side;
}

export function optionalUpper(params: Record<string, unknown>, name: string): string | undefined {
  return optionalText(params, name)?.toUpperCase();
}
