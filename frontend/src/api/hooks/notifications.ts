/** The signed-in person's reminder-email preferences, one per network (issue 14). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../client";
import { notificationKeys } from "../keys";

export type NotificationPreference = Schemas["NotificationPreferenceRead"];
export type Cadence = NotificationPreference["cadence"];

export function useMyNotifications() {
  return useQuery({
    queryKey: notificationKeys.mine(),
    queryFn: () => unwrap(api.GET("/api/v1/auth/me/notifications")),
  });
}

export function useUpdateNotifications() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (items: Schemas["NotificationChange"][]) =>
      unwrap(api.PATCH("/api/v1/auth/me/notifications", { body: { items } })),
    // The answer is the whole list, so it replaces the cache rather than forcing a refetch.
    onSuccess: (settings) => client.setQueryData(notificationKeys.mine(), settings),
    onError: () => client.invalidateQueries({ queryKey: notificationKeys.mine() }),
  });
}
