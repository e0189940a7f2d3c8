import type { Image2dAnnotation } from '../../core/annotations/guards';

/** A 2D label's camera and what it shows: the linked 3D object (and whether it follows it) or nothing (2D-only). */
export function ImageLabelTag({ record: r }: { readonly record: Image2dAnnotation }) {
  const link = r.linkedTrackId ? `→ ${r.linkedTrackId.slice(-6)}` : '2D only';
  const follows = r.kind === 'box2d' && r.derived ? (r.derived.detached ? ' (detached)' : ' (projected)') : '';
  const ignore = r.kind === 'box2d' && r.ignore ? ' · ignore' : '';
  return (
    <span className="id" data-testid="image-label-tag" data-camera={r.cameraId} data-linked={r.linkedTrackId ?? ''}>
      {r.kind === 'box2d' ? '▭' : '⬠'} {r.cameraId} {link}
      {follows}
      {ignore}
    </span>
  );
}
