// Demo vs live: a demo key sends `paptrading: 1` with normal product types, or no header with the
// S-prefixed types; a live key sends neither. Anything else is 40099.
import { isLegacyDemoType } from './contracts.ts';
import { apiError } from './responses.ts';
import type { ProductTypeName } from './types.ts';

export function checkEnvironment(demoAccount: boolean, paptrading: string | undefined, requestedType: ProductTypeName | undefined): void {
  if (paptrading !== undefined && paptrading !== '1') throw apiError(400, '40099');
  const demoHeader = paptrading === '1';
  const legacyType = requestedType !== undefined && isLegacyDemoType(requestedType);
  const consistent = demoAccount ? demoHeader !== legacyType : !demoHeader && !legacyType;
  if (!consistent) throw apiError(400, '40099');
}
