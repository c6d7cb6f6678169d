/**
 * The pieces every resource's hooks (api/hooks/*) are made of, so that each hook states only
 * what is its own: the request, its cache key and what it invalidates.
 */
import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { unwrap } from "./client";
import { rememberEtag } from "./etags";

/**
 * The data of an answer about one item, remembering its ETag so that the next edit of that
 * item sends it back as If-Match (and a stale edit gets 412).
 */
export async function unwrapTagged<T>(
  id: string,
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const result = await request;
  rememberEtag(id, result.response);
  return unwrap(Promise.resolve(result));
}

/** How every cursor-paginated list pages: from no cursor, on while the API gives a next one. */
export const byCursor = {
  initialPageParam: undefined as string | undefined,
  getNextPageParam: (last: { next_cursor?: string | null }) => last.next_cursor ?? undefined,
};

/**
 * A mutation after whose success one cached query (and everything under its key) is fetched
 * again. The mutation settles only once that refetch has, so a caller that awaits it (or
 * reacts in its own onSuccess) sees the fresh list.
 */
export function useInvalidatingMutation<TData, TVariables>(
  mutationFn: (variables: TVariables) => Promise<TData>,
  invalidates: QueryKey | ((variables: TVariables) => QueryKey),
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (_data: TData, variables: TVariables) =>
      client.invalidateQueries({
        queryKey: typeof invalidates === "function" ? invalidates(variables) : invalidates,
      }),
  });
}
