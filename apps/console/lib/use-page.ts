import { useCallback, useEffect, useState, type DependencyList } from "react";
import { messageOf } from "./errors";

/**
 * One page of a list (or a whole short list), read again whenever `deps`
 * change (the cursor, the filters) or `reload()` is called after a write. An
 * answer that arrives after the next request started is dropped; the last page
 * stays shown meanwhile.
 */
export function usePage<P>(fetchPage: () => Promise<P>, deps: DependencyList) {
  const [page, setPage] = useState<P | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  // Bumped by reload() so the current page is read again.
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    setLoading(true);
    fetchPage()
      .then((result) => {
        if (!live) return;
        setPage(result);
        setError(null);
      })
      .catch((err) => live && setError(messageOf(err)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
    // `deps` name what `fetchPage` reads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { page, loading, error, reload };
}
