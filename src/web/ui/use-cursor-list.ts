/**
 * The cursor-paged list every "load more" page uses (issue 17, one hook instead of ~15 copies):
 * pages fetched with `{ cursor }` from the previous page's `nextCursor`, and their items in order.
 */
import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { useMemo } from 'react';

export type CursorPage = { cursor: string } | Record<string, never>;

export const useCursorList = <P extends { items: readonly unknown[]; nextCursor?: string | null }>(
  queryKey: QueryKey,
  fetchPage: (page: CursorPage) => Promise<P>,
  options: { enabled?: boolean } = {},
) => {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam ? { cursor: pageParam } : {}),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    ...options,
  });
  const items = useMemo(() => (query.data?.pages.flatMap((p) => p.items) ?? []) as P['items'][number][], [query.data]);
  return Object.assign(query, { items });
};
