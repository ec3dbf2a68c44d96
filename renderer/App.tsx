// The window: a header that always names the account (LIVE/DEMO/PRACTICE), three screens, notices, pushed outcomes.
// First start (no real profile): the Practice account, with a plain path to "Add your Bitget API key".
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { accountModeOf, type ExplainedError, type ProductType, type ProfileSummary, type Result } from '../shared/bitget.ts';
import type { AppStatus } from '../shared/contract.ts';
import type { UiSettings } from '../shared/schema.ts';
import { defaultProfile } from './account.ts';
import { api, call } from './api.ts';
import { shownFromEvent, type ShownOutcome } from './everything.ts';
import { productTypeName } from './format.ts';
import { guardHeadline } from './guard.ts';
import { createNewestValue } from './read-order.ts';
import { useGuards } from './useGuards.ts';
import { CloseScreen } from './components/CloseScreen.tsx';
import { ExplainedErrorView } from './components/ExplainedErrorView.tsx';
import { FirstRun } from './components/FirstRun.tsx';
import { GuardView } from './components/GuardView.tsx';
import { HistoryView } from './components/HistoryView.tsx';
import { AccountName } from './components/ModeBadge.tsx';
import { Notices } from './components/Notices.tsx';
import { SettingsView } from './components/SettingsView.tsx';

type View = 'close' | 'guard' | 'history' | 'settings' | 'add-key';
const VIEWS: { view: View; label: string }[] = [
  { view: 'close', label: 'Close positions' },
  { view: 'guard', label: 'Guard' },
  { view: 'history', label: 'History' },
  { view: 'settings', label: 'Settings' },
];

export function App() {
  const [profiles, setProfiles] = useState<ProfileSummary[] | null>(null);
  const [profilesError, setProfilesError] = useState<ExplainedError | null>(null);
  const [settings, setSettings] = useState<UiSettings | null>(null);
  const [settingsError, setSettingsError] = useState<ExplainedError | null>(null);
  const [status, setStatus] = useState<AppStatus | null>(null);
  const [view, setView] = useState<View>('close');
  const [selected, setSelected] = useState('');
  const [productType, setProductType] = useState<ProductType>('USDT-FUTURES');
  const [latest, setLatest] = useState<ShownOutcome | undefined>(undefined);
  const [refreshToken, setRefreshToken] = useState(0);
  const guards = useGuards();
  const guardNow = guardHeadline(guards.statuses ?? []);
  /** The scrolling part of the window (the header never scrolls). */
  const mainRef = useRef<HTMLElement>(null);
  // What the outcome listener knows of the profiles (LIVE/DEMO/PRACTICE for a pushed flatten-everything result).
  const knownProfiles = useRef<readonly ProfileSummary[]>([]);
  useEffect(() => {
    knownProfiles.current = profiles ?? [];
  }, [profiles]);

  const applyProfiles = useCallback((result: Result<ProfileSummary[]>) => {
    if (result.ok) {
      setProfiles(result.value);
      setProfilesError(null);
    } else setProfilesError(result.error);
  }, []);
  const [newestStatus] = useState(() => createNewestValue(setStatus));
  const loadProfiles = useCallback(() => void call((panic) => panic.listProfiles()).then(applyProfiles), [applyProfiles]);
  const loadStatus = useCallback(() => {
    const answered = newestStatus.reading();
    void call((panic) => panic.getAppStatus()).then((result) => result.ok && answered(result.value));
  }, [newestStatus]);

  useEffect(() => {
    void call((panic) => panic.listProfiles()).then(applyProfiles);
    loadStatus();
    void call((panic) => panic.getSettings()).then((result) => {
      if (result.ok) setSettings(result.value);
      else setSettingsError(result.error);
    });
  }, [applyProfiles, loadStatus]);

  useEffect(() => {
    const offOutcome = api().onOutcome((event) => {
      setLatest(shownFromEvent(event, knownProfiles.current, new Date()));
      setRefreshToken((count) => count + 1);
      setView('close');
      loadProfiles();
    });
    const offStatus = api().onAppStatus((next) => newestStatus.pushed(next));
    return () => {
      offOutcome();
      offStatus();
    };
  }, [loadProfiles, newestStatus]);

  const current = profiles?.find((profile) => profile.name === selected) ?? (profiles ? defaultProfile(profiles) : undefined);
  const mode = current ? accountModeOf(current) : 'none';
  const practiceOnly = profiles !== null && profiles.length > 0 && profiles.every((profile) => profile.practice);
  const addKey = (
    <FirstRun
      onSaved={(profile) => {
        setSelected(profile.name);
        setView('close');
        loadProfiles();
      }}
      {...(practiceOnly ? { onCancel: () => setView('close') } : {})}
    />
  );

  const screen =
    profiles === null ? 'loading' : view === 'settings' || view === 'history' || view === 'guard' ? view : view === 'add-key' || !current ? 'add-key' : 'close';
  // Another screen (e.g. the close screen after the first profile was saved far down its form) starts at the top,
  // never where the previous one was scrolled to.
  useLayoutEffect(() => {
    mainRef.current?.scrollTo({ top: 0, left: 0 });
  }, [screen]);
  // An outcome pushed by a hotkey, the tray or the command line is brought into view (the header stays where it is).
  useLayoutEffect(() => {
    if (refreshToken > 0) mainRef.current?.querySelector('[data-testid="outcome"]')?.scrollIntoView({ block: 'nearest' });
  }, [refreshToken]);

  let body;
  if (profiles === null) {
    body = profilesError ? <ExplainedErrorView error={profilesError} title="Profiles could not be read" /> : <p className="screen">Loading…</p>;
  } else if (view === 'settings') {
    body = (
      <SettingsView
        profiles={profiles}
        settings={settings}
        settingsError={settingsError}
        status={status}
        onProfilesChanged={() => loadProfiles()}
        onSettingsSaved={(next) => {
          setSettings(next);
          loadStatus();
        }}
      />
    );
  } else if (view === 'history') {
    body = <HistoryView />;
  } else if (view === 'guard') {
    body = <GuardView profiles={profiles} guards={guards} />;
  } else if (view === 'add-key' || !current) {
    body = addKey;
  } else {
    body = (
      <CloseScreen
        profiles={profiles}
        profile={current}
        productType={productType}
        latest={latest}
        refreshToken={refreshToken}
        onProfile={setSelected}
        onProductType={setProductType}
        onOutcome={(shown) => {
          setLatest(shown);
          // A close may have learned the account kind (classic/unified): re-read what the window shows of profiles.
          loadProfiles();
        }}
      />
    );
  }

  return (
    <div className={`app mode-${mode}`}>
      <header className="topbar">
        <h1>Bitget Panic Button</h1>
        <p className="topbar-account" aria-label="Current account">
          {current ? (
            <>
              <AccountName profile={current} size="large" />
              <span className="topbar-product">{productTypeName(productType)}</span>
            </>
          ) : (
            <span className="muted">No profile yet</span>
          )}
        </p>
        <nav aria-label="Screens">
          {VIEWS.map((item) => (
            <button
              key={item.view}
              type="button"
              className="tab"
              aria-current={view === item.view ? 'page' : undefined}
              onClick={() => {
                setView(item.view);
                loadProfiles();
              }}
            >
              {item.label}
            </button>
          ))}
        </nav>
        {current?.practice ? (
          <p className="topbar-practice" role="note">
            <span>
              PRACTICE: <span className="wide-only">a simulated Bitget inside the app. No key, no network, </span>
              <span className="narrow-only">simulated exchange, </span>no real money.
            </span>
            {practiceOnly && view !== 'add-key' ? (
              <button type="button" className="primary" onClick={() => setView('add-key')}>
                Add your Bitget API key
              </button>
            ) : null}
          </p>
        ) : null}
        {guardNow ? (
          <p className={`topbar-guard topbar-guard-${guardNow.tone}`} role="status" data-testid="guard-headline">
            <button type="button" className="link" onClick={() => setView('guard')}>
              {guardNow.text}
            </button>
          </p>
        ) : null}
        {status?.customEndpoint ? (
          <p className="topbar-endpoint" role="status">
            {status.customEndpoint}
          </p>
        ) : null}
      </header>
      <main ref={mainRef} className="app-main">
        {profilesError && profiles ? <ExplainedErrorView error={profilesError} title="Profiles could not be refreshed" /> : null}
        <Notices status={status} />
        {body}
      </main>
    </div>
  );
}
