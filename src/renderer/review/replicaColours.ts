/** One colour per replica, in lane order: the 3D overlay, the cameras and the legend use the same. */
export const REPLICA_COLORS = ['#f472b6', '#38bdf8', '#a3e635', '#fbbf24', '#c084fc', '#2dd4bf', '#fb7185', '#facc15'];
export const replicaColour = (index: number): string => REPLICA_COLORS[index % REPLICA_COLORS.length];
