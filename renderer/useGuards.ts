// Every profile's guard as the core reports it: read once, then kept current by the core's guard events.
import { useCallback, useEffect, useState } from 'react';
import type { ExplainedError } from '../shared/bitget.ts';
import type { GuardStatus } from '../shared/guard.ts';
import { api, call } from './api.ts';

export interface GuardsState {
  statuses: GuardStatus[] | null;
  error: ExplainedError | null;
  reload: () => void;
}

export function useGuards(): GuardsState {
  const [statuses, setStatuses] = useState<GuardStatus[] | null>(null);
  const [error, setError] = useState<ExplainedError | null>(null);

  const reload = useCallback(() => {
    void call((panic) => panic.listGuards()).then((result) => {
      if (result.ok) {
        setStatuses([...result.value].sort((a, b) => a.profile.localeCompare(b.profile)));
        setError(null);
      } else setError(result.error);
    });
  }, []);

  useEffect(() => {
    reload();
    return api().onGuard((status) =>
      setStatuses((previous) => {
        const others = (previous ?? []).filter((item) => item.profile !== status.profile);
        return [...others, status].sort((a, b) => a.profile.localeCompare(b.profile));
      }),
    );
  }, [reload]);

  return { statuses, error, reload };
}
