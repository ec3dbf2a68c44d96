// What main pushes about close runs (progress, then what the orders cost), kept for the window's lifetime so that a
// screen mounted later (or re-mounted after the history) still sees a run's cost report.
import { useSyncExternalStore } from 'react';
import type { CloseProgressEvent, CostReport } from '../shared/bitget.ts';
import { api, hasApi } from './api.ts';
import { applyProgress, type RunningClose } from './close-flow.ts';

interface RunEvents {
  /** The latest run in flight per profile name (removed when its last event says done). */
  running: Readonly<Record<string, RunningClose>>;
  /** The latest cost report per runId. */
  costs: Readonly<Record<string, CostReport>>;
}

let state: RunEvents = { running: {}, costs: {} };
const listeners = new Set<() => void>();
let subscribed = false;
/** Runs whose outcome is in: a progress event that arrives after it (events and answers travel separately) is ignored. */
const finished = new Set<string>();

function update(next: RunEvents): void {
  state = next;
  for (const listener of listeners) listener();
}

function onProgress(event: CloseProgressEvent): void {
  if (finished.has(event.runId)) return;
  const name = event.profile.name;
  const running = { ...state.running };
  if (event.done) delete running[name];
  else running[name] = applyProgress(state.running[name], event, Date.now());
  update({ ...state, running });
}

function onCosts(report: CostReport): void {
  update({ ...state, costs: { ...state.costs, [report.runId]: report } });
}

function subscribe(listener: () => void): () => void {
  if (!subscribed && hasApi()) {
    subscribed = true;
    const panic = api();
    // An older bridge may not have these yet: then the window works without progress and cost reports.
    if (typeof panic.onProgress === 'function') panic.onProgress(onProgress);
    if (typeof panic.onCosts === 'function') panic.onCosts(onCosts);
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The run's outcome is in: it is no longer running, whether or not its last progress event arrived. */
export function finishRun(profile: string, runId: string | undefined): void {
  if (runId !== undefined) finished.add(runId);
  const current = state.running[profile];
  if (!current || (runId !== undefined && current.runId !== undefined && current.runId !== runId)) return;
  const running = { ...state.running };
  delete running[profile];
  update({ ...state, running });
}

const snapshot = () => state;

export function useRunEvents(): RunEvents {
  return useSyncExternalStore(subscribe, snapshot);
}
