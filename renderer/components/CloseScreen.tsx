// The main screen: what to close, the live positions, the confirmation and the latest outcome.
import { useEffect, useRef, useState } from 'react';
import type { CloseEverythingRequest, HoldSide, PanicRequest, ProductType, ProfileSummary } from '../../shared/bitget.ts';
import type { CloseTarget } from '../../shared/target.ts';
import { accountRef } from '../account.ts';
import { call } from '../api.ts';
import { duringClose, type RunningClose } from '../close-flow.ts';
import { everyProfile, shownStatus, type EverythingScope, type ShownOutcome } from '../everything.ts';
import { STATUS_WORDS, clockTime, normaliseSymbol } from '../format.ts';
import { finishRun, useRunEvents } from '../run-events.ts';
import { usePositions } from '../usePositions.ts';
import { ClosingPanel } from './ClosingPanel.tsx';
import { CloseForm, type CloseFormValues, type SideChoice } from './CloseForm.tsx';
import { ConfirmDialog, type ConfirmTarget } from './ConfirmDialog.tsx';
import { EverythingDialog } from './EverythingDialog.tsx';
import { EverythingOutcomePanel } from './EverythingOutcomePanel.tsx';
import { FlattenEverything } from './FlattenEverything.tsx';
import { OutcomePanel, type CloseStillOpen } from './OutcomePanel.tsx';
import { PositionsSection } from './PositionsSection.tsx';
import { PracticePanel } from './PracticePanel.tsx';
import '../close-flow.css';

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
  const [confirming, setConfirming] = useState<{ target: ConfirmTarget; reason?: string } | null>(null);
  const [flattening, setFlattening] = useState<EverythingScope | null>(null);
  const [closing, setClosing] = useState<'one' | 'everything' | false>(false);
  /** This window's own close in flight: what it targets and when it was sent (before any progress event arrives). */
  const [sent, setSent] = useState<{ target: CloseTarget; at: number } | null>(null);
  const events = useRunEvents();
  const [ownRefresh, setOwnRefresh] = useState(0);
  const outcomeRef = useRef<HTMLElement>(null);
  const focusOutcome = useRef(false);
  const live = usePositions(profile.name, productType, props.refreshToken + ownRefresh, closing !== false);

  // A run on the shown profile: from this window, or a hotkey / tray / command line in the app.
  const eventRun = events.running[profile.name];
  const run: RunningClose | undefined =
    eventRun ?? (sent && closing === 'one' ? { profile: profile.name, target: sent.target, startedAt: sent.at, attempt: 0, waitingFor: '' } : undefined);
  const runOnTable = run && run.target.productType === productType ? run : undefined;
  // After a verified outcome, until the table's next read lands, rows the re-read found closed are not shown again.
  const justClosed =
    !runOnTable && live.outdated && latest?.outcome?.verified && latest.outcome.profile.name === profile.name && latest.outcome.target.productType === productType
      ? { target: latest.outcome.target, stillOpen: latest.outcome.stillOpen }
      : undefined;
  const table = duringClose(live.positions ?? [], runOnTable ?? justClosed);
  const shownState = live.positions ? { ...live, positions: table.rows } : live;
  const closingRows = runOnTable ? table.closing : undefined;

  // A close on this profile is in flight (this window's, or a hotkey's): no second one is started from here meanwhile.
  const busy = closing !== false || eventRun !== undefined;

  // An outcome is in: its run is over, whether or not the last progress event arrived.
  useEffect(() => {
    if (latest?.outcome) finishRun(latest.outcome.profile.name, latest.outcome.runId);
    for (const part of latest?.everything?.result?.outcomes ?? []) finishRun(part.profile.name, part.runId);
  }, [latest]);

  const suggestions = [...new Set((live.positions ?? []).map((position) => position.symbol))].sort();

  const targetFor = (symbol: string, side: SideChoice): ConfirmTarget => ({
    profile: accountRef(profile),
    productType,
    symbol: normaliseSymbol(symbol) || undefined,
    holdSide: side === 'both' ? undefined : side,
    cancelOrders: values.cancelOrders,
  });

  const closeRow = (symbol: string, holdSide: HoldSide) => {
    setValues({ ...values, symbol, side: holdSide });
    setConfirming({ target: targetFor(symbol, holdSide) });
  };

  const closeStillOpen: CloseStillOpen = (account, target) => {
    const known = profiles.find((item) => item.name === account.name);
    const status = latest ? (latest.everything ? 'flatten-everything' : STATUS_WORDS[latest.outcome ? shownStatus(latest.outcome) : 'failed']) : '';
    setConfirming({
      target: { profile: accountRef(known ?? account), ...target, cancelOrders: values.cancelOrders },
      reason: `Close what is still open after the ${status} result${latest ? ` of ${clockTime(latest.receivedAt)}` : ''}.`,
    });
  };

  const runClose = async (target: ConfirmTarget) => {
    setConfirming(null);
    setClosing('one');
    setSent({
      target: { productType: target.productType, ...(target.symbol ? { symbol: target.symbol } : {}), ...(target.holdSide ? { holdSide: target.holdSide } : {}) },
      at: Date.now(),
    });
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
    setSent(null);
    if (result.ok) finishRun(result.value.profile.name, result.value.runId);
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
    setSent({ target: { productType }, at: Date.now() });
    const request: CloseEverythingRequest = {
      ...(scope.all ? {} : { profile: scope.profiles[0]!.name }),
      cancelOrders: values.cancelOrders,
      trigger: 'window',
    };
    const result = await call((panic) => panic.closeEverything(request));
    setClosing(false);
    setSent(null);
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
    if (focusOutcome.current && !closing && !eventRun && outcomeRef.current) {
      focusOutcome.current = false;
      outcomeRef.current.focus();
    }
  }, [latest, closing, eventRun]);

  return (
    <div className="close-screen">
      <div className="close-column">
        <CloseForm
          profiles={profiles}
          profile={profile}
          productType={productType}
          values={values}
          symbolSuggestions={suggestions}
          busy={busy}
          onProfile={props.onProfile}
          onProductType={props.onProductType}
          onValues={setValues}
          onSubmit={() => setConfirming({ target: targetFor(values.symbol, values.side) })}
        />
        <FlattenEverything
          profiles={profiles}
          profile={profile}
          cancelOrders={values.cancelOrders}
          busy={busy}
          onProfile={() => setFlattening(scopeOf(false))}
          onEveryProfile={() => setFlattening(scopeOf(true))}
        />
        {profile.practice ? (
          <PracticePanel
            refreshToken={props.refreshToken + ownRefresh}
            busy={busy}
            onChanged={() => setOwnRefresh((count) => count + 1)}
          />
        ) : null}
      </div>
      <div className="results-column">
        {closing || eventRun ? (
          <ClosingPanel kind={closing === 'everything' ? 'everything' : 'one'} run={eventRun} sentAt={sent?.at} />
        ) : latest?.everything?.result ? (
          <EverythingOutcomePanel
            ref={outcomeRef}
            shown={latest}
            scope={latest.everything.scope}
            result={latest.everything.result}
            costs={events.costs}
            onCloseStillOpen={closeStillOpen}
          />
        ) : latest ? (
          <OutcomePanel ref={outcomeRef} shown={latest} costs={events.costs} onCloseStillOpen={closeStillOpen} />
        ) : null}
        <PositionsSection
          profile={profile}
          productType={productType}
          state={shownState}
          busy={busy}
          onCloseRow={closeRow}
          {...(closingRows ? { closingRows } : {})}
        />
      </div>
      {confirming ? (
        <ConfirmDialog
          target={confirming.target}
          {...(confirming.reason ? { reason: confirming.reason } : {})}
          onConfirm={() => void runClose(confirming.target)}
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
