"use client";
import { useEffect, useState } from "react";

/**
 * The value as of the last animation frame: a listing that streams 40 batches a second re-sorts
 * its rows at most once per frame, not once per batch.
 */
export function useFrameValue<T>(value: T): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    const frame = requestAnimationFrame(() => setShown(value));
    return () => cancelAnimationFrame(frame);
  }, [value]);
  return shown;
}
