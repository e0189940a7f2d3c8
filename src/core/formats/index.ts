export { openPointCloud, sniffPointCloudFormat, type OpenHint, type PointCloudFormat } from './openPointCloud';
export { openLas, type LasOptions } from './las/openLas';
export { openCopc } from './copc/openCopc';
export { openPcd, type PcdReader, type PcdEncoding } from './pcd/openPcd';
export { openPly, type PlyEncoding } from './ply/openPly';
export { openKittiBin, type KittiBinOptions } from './kitti/openKittiBin';
export { openPotree2 } from './potree/openPotree2';
export type { LazDecoder, LazChunkReader, LazDecoderProvider } from './laz/lazDecoder';
export { parseKittiBin, KITTI_BIN_STRIDE, type XyziCloud } from './kittiBin';
