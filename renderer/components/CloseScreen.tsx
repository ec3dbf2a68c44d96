// The main screen: what to close, the live positions, the confirmation and the latest outcome.
import { useEffect, useRef, useState } from 'react';
import type { CloseEverythingRequest, HoldSide, PanicRequest, ProductType, ProfileSummary } from '../../shared/bitget.ts';
import { accountRef } from '../account.ts';
import { call } from '../api.ts';
import { everyProfile, type EverythingScope } from '../everything.ts';
import { matchingPositions, normaliseSymbol } from '../format.ts';
import { usePositions } from '../usePositions.ts';
import { CloseForm, type CloseFormValues, type SideChoice } from './CloseForm.tsx';
import { ConfirmDialog, type CloseTarget } from './ConfirmDialog.tsx';
import { EverythingDialog } from './EverythingDialog.tsx';
import { EverythingOutcomePanel } from './EverythingOutcomePanel.tsx';
import { FlattenEverything } from './FlattenEverything.tsx';
import { OutcomePanel, type ShownOutcome } from './OutcomePanel.tsx';
import { PositionsSection } from './PositionsSection.tsx';
import { PracticePanel } from './PracticePanel.tsx';

interface Props {
  profiles: readonly ProfileSummary[];
  profile: ProfileSummary;
  productType: ProductType;
  latest: ShownOutcome | undefined;
  refreshToken: number;
  onProfile: (name: string) => void;
  onProductType: (productType: ProductType) => void;
  onOutcome: (shown: ShownOutcome) => void;
}

export function CloseScreen(props: Props) {
  const { profiles, profile, productType, latest } = props;
  const [values, setValues] = useState<CloseFormValues>({ symbol: '', side: 'both', cancelOrders: false });
  const [confirming, setConfirming] = useState<CloseTarget | null>(null);
  const [flattening, setFlattening] = useState<EverythingScope | null>(null);
  const [closing, setClosing] = useState<'one' | 'everything' | false>(false);
  const [ownRefresh, setOwnRefresh] = useState(0);
  const outcomeRef = useRef<HTMLElement>(null);
  const focusOutcome = useRef(false);
  const live = usePositions(profile.name, productType, props.refreshToken + ownRefresh, closing !== false);

  const suggestions = [...new Set((live.positions ?? []).map((position) => position.symbol))].sort();

  const targetFor = (symbol: string, side: SideChoice): CloseTarget => ({
    profile: accountRef(profile),
    productType,
    symbol: normaliseSymbol(symbol) || undefined,
    holdSide: side === 'both' ? undefined : side,
    cancelOrders: values.cancelOrders,
  });

  const closeRow = (symbol: string, holdSide: HoldSide) => {
    setValues({ ...values, symbol, side: holdSide });
    setConfirming(targetFor(symbol, holdSide));
  };

  const runClose = async (target: CloseTarget) => {
    setConfirming(null);
    setClosing('one');
    const request: PanicRequest = {
      profile: target.profile.name,
      productType: target.productType,
      cancelOrders: target.cancelOrders,
      trigger: 'window',
      ...(target.symbol ? { symbol: target.symbol } : {}),
      ...(target.holdSide ? { holdSide: target.holdSide } : {}),
    };
    const result = await call((panic) => panic.close(request));
    setClosing(false);
    props.onOutcome(
      result.ok ? { outcome: result.value, receivedAt: new Date() } : { error: result.error, receivedAt: new Date() },
    );
    setOwnRefresh((count) => count + 1);
    focusOutcome.current = true;
  };

  const scopeOf = (all: boolean): EverythingScope => ({
    all,
    profiles: (all ? everyProfile(profiles) : [profile]).map(accountRef),
  });

  const runEverything = async (scope: EverythingScope) => {
    setFlattening(null);
    setClosing('everything');
    const request: CloseEverythingRequest = {
      ...(scope.all ? {} : { profile: scope.profiles[0]!.name }),
      cancelOrders: values.cancelOrders,
      trigger: 'window',
    };
    const result = await call((panic) => panic.closeEverything(request));
    setClosing(false);
    props.onOutcome(
      result.ok
        ? { everything: { scope, result: result.value }, receivedAt: new Date() }
        : { everything: { scope }, error: result.error, receivedAt: new Date() },
    );
    setOwnRefresh((count) => count + 1);
    focusOutcome.current = true;
  };

  // After a close from this window, focus moves to its result (not for outcomes pushed by a hotkey).
  useEffect(() => {
    if (focusOutcome.current && !closing && outcomeRef.current) {
      focusOutcome.current = false;
      outcomeRef.current.focus();
    }
  }, [latest, closing]);

  return (
    <div className="close-screen">
      <div className="close-column">
        <CloseForm
          profiles={profiles}
          profile={profile}
          productType={productType}
          values={values}
          symbolSuggestions={suggestions}
          busy={closing !== false}
          onProfile={props.onProfile}
          onProductType={props.onProductType}
          onValues={setValues}
          onSubmit={() => setConfirming(targetFor(values.symbol, values.side))}
        />
        <FlattenEverything
          profiles={profiles}
          profile={profile}
          cancelOrders={values.cancelOrders}
          busy={closing !== false}
          onProfile={() => setFlattening(scopeOf(false))}
          onEveryProfile={() => setFlattening(scopeOf(true))}
        />
        {profile.practice ? (
          <PracticePanel
            refreshToken={props.refreshToken + ownRefresh}
            busy={closing !== false}
            onChanged={() => setOwnRefresh((count) => count + 1)}
          />
        ) : null}
      </div>
      <div className="results-column">
        {closing ? (
          <section className="outcome outcome-closing" aria-live="polite">
            <h2 className="outcome-status">{closing === 'everything' ? 'CLOSING EVERYTHING…' : 'CLOSING…'}</h2>
            <p className="outcome-line">
              {closing === 'everything'
                ? 'Reading every product type, closing what is open, re-reading until flat.'
                : 'Sent to the exchange. Waiting for the answer and re-reading positions.'}
            </p>
          </section>
        ) : latest?.everything?.result ? (
          <EverythingOutcomePanel ref={outcomeRef} shown={latest} scope={latest.everything.scope} result={latest.everything.result} />
        ) : latest ? (
          <OutcomePanel ref={outcomeRef} shown={latest} />
        ) : null}
        <PositionsSection profile={profile} productType={productType} state={live} busy={closing !== false} onCloseRow={closeRow} />
      </div>
      {confirming ? (
        <ConfirmDialog
          target={confirming}
          matching={live.positions ? matchingPositions(live.positions, confirming.symbol ?? '', confirming.holdSide) : null}
          asOf={live.updatedAt}
          onConfirm={() => void runClose(confirming)}
          onCancel={() => setConfirming(null)}
        />
      ) : null}
      {flattening ? (
        <EverythingDialog
          scope={flattening}
          cancelOrders={values.cancelOrders}
          onConfirm={() => void runEverything(flattening)}
          onCancel={() => setFlattening(null)}
        />
      ) : null}
    </div>
  );
}
