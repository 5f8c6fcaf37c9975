"use client";
import { useEffect, useRef } from "react";
import type uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { readChartTheme, watchTheme, type ChartTheme } from "./chart-theme";

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  /** Series on the same scale share an axis; the second scale gets the right-hand axis. */
  scale: string;
  color: keyof Pick<ChartTheme, "accent" | "warn" | "ok" | "danger">;
  format?: (v: number) => string;
}

export interface ChartMarker {
  at: number;
  label: string;
}

interface Props {
  /** Epoch seconds, ascending. */
  x: number[];
  series: ChartSeries[];
  markers?: ChartMarker[];
  height?: number;
  label: string;
  /** The time span shown (epoch s), so that a few points sit where they belong in it. */
  xRange?: [number, number];
}

function options(p: Props, width: number, theme: ChartTheme): uPlot.Options {
  const scales = [...new Set(p.series.map((s) => s.scale))];
  const axis = (scale: string, side: 1 | 3): uPlot.Axis => {
    const fmt = p.series.find((s) => s.scale === scale)?.format;
    return {
      scale,
      side,
      stroke: theme.muted,
      grid: { stroke: theme.grid, width: 1, show: side === 3 },
      ticks: { stroke: theme.grid },
      size: 56,
      values: fmt ? (_u, vals) => vals.map((v) => fmt(v)) : undefined,
    };
  };
  return {
    width,
    height: p.height ?? 240,
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: true, ...(p.xRange ? { range: (): uPlot.Range.MinMax => p.xRange! } : {}) },
      ...Object.fromEntries(
        scales.map((s) => [
          s,
          { range: (_u: uPlot, min: number, max: number): uPlot.Range.MinMax => [0, Math.max(1, max, min)] },
        ]),
      ),
    },
    axes: [
      { stroke: theme.muted, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid } },
      axis(scales[0]!, 3),
      ...(scales[1] ? [axis(scales[1], 1)] : []),
    ],
    series: [
      {},
      ...p.series.map((s) => ({
        label: s.label,
        scale: s.scale,
        stroke: theme[s.color],
        width: 2,
        spanGaps: false,
        value: s.format ? (_u: uPlot, v: number | null) => (v === null ? "—" : s.format!(v)) : undefined,
      })),
    ],
    hooks: {
      draw: [
        (u: uPlot) => {
          if (!p.markers?.length) return;
          const { ctx } = u;
          ctx.save();
          ctx.strokeStyle = theme.danger;
          ctx.setLineDash([4, 4]);
          ctx.lineWidth = 1.5 * devicePixelRatio;
          for (const m of p.markers) {
            const x = u.valToPos(m.at, "x", true);
            if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
          }
          ctx.restore();
        },
      ],
    },
  };
}

/**
 * A uPlot canvas chart, created only in the browser (Next renders the empty frame on the server)
 * and rebuilt when the data or the theme changes. The text alternative is the caller's (ChartFrame).
 */
export function TimeChart({ x, series, markers, height = 240, label, xRange }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const from = xRange?.[0];
  const to = xRange?.[1];
  useEffect(() => {
    const p: Props = {
      x,
      series,
      markers,
      height,
      label,
      xRange: from !== undefined && to !== undefined ? [from, to] : undefined,
    };
    const el = box.current;
    if (!el) return;
    let chart: uPlot | null = null;
    let cancelled = false;
    const build = async () => {
      const { default: UPlot } = await import("uplot");
      if (cancelled) return;
      chart?.destroy();
      const data = [p.x, ...p.series.map((s) => s.values)] as uPlot.AlignedData;
      chart = new UPlot(options(p, el.clientWidth || 600, readChartTheme()), data, el);
    };
    void build();
    const unwatch = watchTheme(() => void build());
    const resize = new ResizeObserver(() => chart?.setSize({ width: el.clientWidth, height }));
    resize.observe(el);
    return () => {
      cancelled = true;
      unwatch();
      resize.disconnect();
      chart?.destroy();
    };
  }, [x, series, markers, height, label, from, to]);
  return (
    <div
      ref={box}
      aria-hidden="true"
      data-chart={label}
      className="w-full min-w-0 [&_.u-legend]:text-xs [&_.u-legend]:text-fg"
      style={{ minHeight: height + 32 }}
    />
  );
}
