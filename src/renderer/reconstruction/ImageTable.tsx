import { useEffect, useMemo, useRef } from 'react';
import type { ReconstructionData } from './reconstructionData';
import { type ImageSortKey } from './reconstructionStore';
import { useReconstruction } from '../workbench/context';
import { sortImages } from './sortImages';
import { formatCount } from '../ui/format';

const COLUMNS: { key: ImageSortKey; label: string; numeric: boolean; title: string }[] = [
  { key: 'name', label: 'Image', numeric: false, title: 'Image file name' },
  { key: 'points2D', label: 'Keypoints', numeric: true, title: 'Keypoints (2D observations) in the image' },
  { key: 'triangulated', label: '3D', numeric: true, title: 'Keypoints with a 3D point' },
  { key: 'meanError', label: 'Error (px)', numeric: true, title: 'Mean reprojection error of those observations' },
];

/** Per-image figures, sortable by any column; a click selects the image. */
export function ImageTable({ data }: { data: ReconstructionData }) {
  const sort = useReconstruction((s) => s.sort);
  const selectedImageId = useReconstruction((s) => s.selectedImageId);
  const sortBy = useReconstruction((s) => s.sortBy);
  const selectImage = useReconstruction((s) => s.selectImage);
  const rows = useMemo(() => sortImages(data.images, sort.key, sort.descending), [data, sort]);
  const body = useRef<HTMLTableSectionElement>(null);
  useEffect(() => {
    body.current?.querySelector('tr.selected')?.scrollIntoView({ block: 'nearest' });
  }, [selectedImageId]);

  return (
    <section className="recon-images panel">
      <h2>Images</h2>
      <table className="recon-table" data-testid="recon-image-table">
        <thead>
          <tr>
            {COLUMNS.map((col) => (
              <th key={col.key} className={col.numeric ? 'n' : ''} title={col.title}>
                <button
                  className="link"
                  data-testid={`recon-sort-${col.key}`}
                  onClick={() => sortBy(col.key, col.numeric)}
                >
                  {col.label}
                  {sort.key === col.key ? (sort.descending ? ' ▼' : ' ▲') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody ref={body}>
          {rows.map((im) => (
            <tr
              key={im.imageId}
              data-testid="recon-image-row"
              data-image-id={im.imageId}
              className={im.imageId === selectedImageId ? 'selected' : ''}
              onClick={() => selectImage(im.imageId)}
            >
              <td>{im.name}</td>
              <td className="n">{formatCount(im.points2D)}</td>
              <td className="n">{formatCount(im.triangulated)}</td>
              <td className="n">{Number.isFinite(im.meanError) ? im.meanError.toFixed(3) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
