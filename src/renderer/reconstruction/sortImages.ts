import type { ReconstructionImage } from './reconstructionData';
import type { ImageSortKey } from './reconstructionStore';

/**
 * Images by one column, either way. Images without a value (no observation, NaN error) go last
 * whichever the direction, since "unknown" is neither best nor worst; ties keep id order.
 */
export function sortImages(images: readonly ReconstructionImage[], key: ImageSortKey, descending: boolean): ReconstructionImage[] {
  const sign = descending ? -1 : 1;
  return [...images].sort((a, b) => {
    if (key === 'name') return sign * a.name.localeCompare(b.name, undefined, { numeric: true }) || a.imageId - b.imageId;
    const na = Number.isNaN(a[key]);
    const nb = Number.isNaN(b[key]);
    if (na || nb) return Number(na) - Number(nb) || a.imageId - b.imageId;
    return sign * (a[key] - b[key]) || a.imageId - b.imageId;
  });
}
