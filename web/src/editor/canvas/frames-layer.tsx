/**
 * Frames (`_frames`, spec/UI.md §5.3): labelled grey boxes drawn behind their member nodes. A
 * frame has no position of its own; its box is the members' bounding box plus MISP's padding
 * (15 px left, 50 px top, 30 px right, 20 px bottom), recomputed as the nodes move.
 */
import { type Node, ViewportPortal } from '@xyflow/react'
import { memo } from 'react'
import type { DocFrame } from '../model/drawflow.ts'

/** The box of one frame in canvas coordinates, or null when no member is on the canvas. */
export function frameBox(
  frame: DocFrame,
  nodes: ReadonlyMap<string, Node>,
): { x: number; y: number; width: number; height: number } | null {
  let left = Number.POSITIVE_INFINITY
  let top = Number.POSITIVE_INFINITY
  let right = Number.NEGATIVE_INFINITY
  let bottom = Number.NEGATIVE_INFINITY
  for (const member of frame.nodes) {
    const node = nodes.get(String(member))
    if (!node) continue
    const width = node.measured?.width ?? 260
    const height = node.measured?.height ?? 80
    left = Math.min(left, node.position.x)
    top = Math.min(top, node.position.y)
    right = Math.max(right, node.position.x + width)
    bottom = Math.max(bottom, node.position.y + height)
  }
  if (!Number.isFinite(left)) return null
  return { x: left - 15, y: top - 50, width: right - left + 45, height: bottom - top + 70 }
}

function FramesLayerView({
  frames,
  nodes,
}: {
  frames: Record<string, DocFrame> | unknown[] | null
  nodes: readonly Node[]
}) {
  if (!frames || Array.isArray(frames)) return null
  const byId = new Map(nodes.map((node) => [node.id, node]))
  return (
    <ViewportPortal>
      {Object.values(frames).map((frame) => {
        const box = frameBox(frame, byId)
        if (!box) return null
        return (
          <section
            key={frame.id}
            className="sl-frame"
            aria-label={`Frame: ${frame.text}`}
            style={{ transform: `translate(${box.x}px, ${box.y}px)`, width: box.width, height: box.height }}
          >
            <span>{frame.text}</span>
          </section>
        )
      })}
    </ViewportPortal>
  )
}

/** The frames, redrawn only when the frames or the node positions change. */
export const FramesLayer = memo(FramesLayerView)
