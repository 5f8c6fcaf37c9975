"use client";
import { useMutation } from "@tanstack/react-query";
import { apiFetch, beginSignOut } from "@/lib/api/client";
import { apiUrls } from "@/lib/api/urls";

/** Local-account sign-in; a success is followed by a full page load, so nothing is cached here. */
export function useSignIn() {
  return useMutation({
    mutationFn: (body: { username: string; password: string }) =>
      apiFetch<unknown>(apiUrls.signIn(), { method: "POST", json: body }),
  });
}

/** Signs out and says where to go next; the 401s that refreshes get meanwhile are expected. */
export function useSignOut() {
  return useMutation({
    mutationFn: async () => {
      const undo = beginSignOut();
      try {
        return await apiFetch<{ redirect: string | null }>(apiUrls.signOut(), { method: "POST" });
      } catch (err) {
        undo();
        throw err;
      }
    },
  });
}
