// Every profile's guard as the core reports it: read once, then kept current by the core's guard events.
import { useCallback, useEffect, useState } from 'react';
import type { ExplainedError } from '../shared/bitget.ts';
import type { GuardStatus } from '../shared/guard.ts';
import { api, call } from './api.ts';
import { createReadOrder, type MayShow } from './read-order.ts';

export interface GuardsState {
  statuses: GuardStatus[] | null;
  error: ExplainedError | null;
  reload: () => void;
}

export function useGuards(): GuardsState {
  const [statuses, setStatuses] = useState<GuardStatus[] | null>(null);
  const [error, setError] = useState<ExplainedError | null>(null);
  const [order] = useState(() => createReadOrder<string>());

  const reload = useCallback(() => {
    const answered = order.reading();
    void call((panic) => panic.listGuards()).then((result) => {
      if (!result.ok) return setError(result.error);
      setError(null);
      const mayShow = answered();
      if (mayShow) setStatuses((previous) => guardsAfterRead(previous, result.value, mayShow));
    });
  }, [order]);

  useEffect(() => {
    reload();
    return api().onGuard((status) => {
      order.pushed(status.profile);
      setStatuses((previous) => byProfile([...(previous ?? []).filter((item) => item.profile !== status.profile), status]));
    });
  }, [reload, order]);

  return { statuses, error, reload };
}

/** Every profile's guard as read, except those whose pushed status is newer than the read: they stay as shown. */
export function guardsAfterRead(previous: readonly GuardStatus[] | null, read: readonly GuardStatus[], mayShow: MayShow<string>): GuardStatus[] {
  const kept = (previous ?? []).filter((status) => !mayShow(status.profile));
  return byProfile([...kept, ...read.filter((status) => mayShow(status.profile))]);
}

function byProfile(statuses: GuardStatus[]): GuardStatus[] {
  return statuses.sort((a, b) => a.profile.localeCompare(b.profile));
}
