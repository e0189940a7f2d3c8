import { Html } from '@react-three/drei';
import { useState, type CSSProperties } from 'react';
import type { PinnedThread } from './pinnedThreads';

const OPEN = '#f59e0b';
const RESOLVED = '#94a3b8';
const PENDING = '#fde047';

const dot = (colour: string): CSSProperties => ({ display: 'block', width: 12, height: 12, borderRadius: '50% 50% 50% 0', transform: 'rotate(-45deg)', background: colour, border: '2px solid #0d1017', cursor: 'pointer' });
const bubble: CSSProperties = { position: 'absolute', left: 16, top: -6, minWidth: 140, maxWidth: 260, padding: '3px 6px', fontSize: 11, lineHeight: 1.35, whiteSpace: 'normal', background: 'rgba(13, 16, 23, 0.92)', color: '#e5e7eb', border: `1px solid ${OPEN}`, borderRadius: 3 };

/** A thread pinned to a LiDAR point: a marker over the point whose text shows on hover, or while the thread is the one shown. */
export function PointCommentMarker({ thread, shown, onToggle }: { thread: PinnedThread; shown: boolean; onToggle: () => void }) {
  const [hovered, setHovered] = useState(false);
  const { root, replies, point } = thread;
  const colour = root.resolved ? RESOLVED : OPEN;
  return (
    <Html position={[point[0], point[1], point[2]]} zIndexRange={[6, 0]} style={{ transform: 'translate(-6px, -18px)' }}>
      <div
        data-testid="point-comment-marker"
        data-thread={root.address}
        data-resolved={root.resolved}
        title={hovered || shown ? undefined : root.text}
        onMouseEnter={() => setHovered(true)}
        onMouseLeave={() => setHovered(false)}
        onClick={onToggle}
        style={{ position: 'relative' }}
      >
        <span style={dot(colour)} />
        {(hovered || shown) && (
          <div style={{ ...bubble, borderColor: colour }} data-testid="point-comment-text">
            <b>{root.authorName}</b>: {root.text}
            {replies.map((r) => (
              <div key={r.address} style={{ opacity: 0.85, marginTop: 2 }}>
                <b>{r.authorName}</b>: {r.text || 'resolved'}
              </div>
            ))}
            {root.resolved && <div style={{ color: RESOLVED }}>resolved</div>}
          </div>
        )}
      </div>
    </Html>
  );
}

/** Where the Comment at a point tool placed its pin, before the comment is written. */
export function PendingPinMarker({ point }: { point: readonly [number, number, number] }) {
  return (
    <Html position={[point[0], point[1], point[2]]} zIndexRange={[6, 0]} style={{ transform: 'translate(-6px, -18px)', pointerEvents: 'none' }}>
      <span data-testid="point-comment-pending" style={dot(PENDING)} />
    </Html>
  );
}
