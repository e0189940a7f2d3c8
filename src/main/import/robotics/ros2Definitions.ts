/**
 * ROS 2 message definitions of the standard types whose layout has not changed across ROS 2
 * distributions, as their .msg files define them. A rosbag2 sqlite3 bag recorded before Iron
 * stores no definitions, so its messages of these types are decoded with these; any other type
 * without a definition in the bag is left undecoded rather than guessed.
 */
const DEFINITIONS: Readonly<Record<string, string>> = {
  'builtin_interfaces/Time': 'int32 sec\nuint32 nanosec',
  'std_msgs/Header': 'builtin_interfaces/Time stamp\nstring frame_id',
  'sensor_msgs/PointField':
    'uint8 INT8    = 1\nuint8 UINT8   = 2\nuint8 INT16   = 3\nuint8 UINT16  = 4\nuint8 INT32   = 5\nuint8 UINT32  = 6\nuint8 FLOAT32 = 7\nuint8 FLOAT64 = 8\nstring name\nuint32 offset\nuint8  datatype\nuint32 count',
  'sensor_msgs/PointCloud2': 'std_msgs/Header header\nuint32 height\nuint32 width\nPointField[] fields\nbool    is_bigendian\nuint32  point_step\nuint32  row_step\nuint8[] data\nbool is_dense',
  'sensor_msgs/Image': 'std_msgs/Header header\nuint32 height\nuint32 width\nstring encoding\nuint8 is_bigendian\nuint32 step\nuint8[] data',
  'sensor_msgs/CompressedImage': 'std_msgs/Header header\nstring format\nuint8[] data',
  'sensor_msgs/RegionOfInterest': 'uint32 x_offset\nuint32 y_offset\nuint32 height\nuint32 width\nbool do_rectify',
  'sensor_msgs/CameraInfo':
    'std_msgs/Header header\nuint32 height\nuint32 width\nstring distortion_model\nfloat64[] d\nfloat64[9]  k\nfloat64[9]  r\nfloat64[12] p\nuint32 binning_x\nuint32 binning_y\nRegionOfInterest roi',
  'tf2_msgs/TFMessage': 'geometry_msgs/TransformStamped[] transforms',
  'geometry_msgs/TransformStamped': 'std_msgs/Header header\nstring child_frame_id\nTransform transform',
  'geometry_msgs/Transform': 'Vector3 translation\nQuaternion rotation',
  'geometry_msgs/Vector3': 'float64 x\nfloat64 y\nfloat64 z',
  'geometry_msgs/Quaternion': 'float64 x 0\nfloat64 y 0\nfloat64 z 0\nfloat64 w 1',
  'geometry_msgs/Point': 'float64 x\nfloat64 y\nfloat64 z',
  'geometry_msgs/Pose': 'Point position\nQuaternion orientation',
  'geometry_msgs/PoseWithCovariance': 'Pose pose\nfloat64[36] covariance',
  'geometry_msgs/Twist': 'Vector3  linear\nVector3  angular',
  'geometry_msgs/TwistWithCovariance': 'Twist twist\nfloat64[36] covariance',
  'nav_msgs/Odometry': 'std_msgs/Header header\nstring child_frame_id\ngeometry_msgs/PoseWithCovariance pose\ngeometry_msgs/TwistWithCovariance twist',
};

const PRIMITIVES = new Set(['bool', 'byte', 'char', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'float32', 'float64', 'string', 'wstring']);

/** A field's type as "pkg/Type": a bare name in a .msg file is a type of the same package. */
function qualified(fieldType: string, pkg: string): string | null {
  const bare = fieldType.replace(/\[[^\]]*\]$/, '').replace(/<=\d+$/, '');
  if (PRIMITIVES.has(bare)) return null;
  return bare.includes('/') ? bare.replace('/msg/', '/') : `${pkg}/${bare}`;
}

/**
 * The concatenated definition (the type's text, then each type it uses after a "MSG:" line) that
 * decoderFor takes as a ros2msg schema, for a standard type ("pkg/Type"); null for any other.
 */
export function standardRos2Definition(type: string): string | null {
  if (!(type in DEFINITIONS)) return null;
  const order: string[] = [];
  const visit = (t: string) => {
    if (order.includes(t)) return;
    order.push(t);
    const pkg = t.split('/')[0];
    for (const line of DEFINITIONS[t].split('\n')) {
      const [fieldType, name] = line.trim().split(/\s+/);
      if (name === undefined || line.includes('=')) continue;
      const used = qualified(fieldType, pkg);
      if (used) visit(used);
    }
  };
  visit(type);
  // A bare field type names its own package's type; spelled out so the parser finds it under its MSG: line.
  const spelled = (t: string) => {
    const pkg = t.split('/')[0];
    return DEFINITIONS[t]
      .split('\n')
      .map((line) => {
        const [fieldType, ...rest] = line.trim().split(/\s+/);
        if (rest.length === 0 || line.includes('=')) return line;
        const used = qualified(fieldType, pkg);
        return used && !fieldType.includes('/') ? `${used}${fieldType.slice(fieldType.replace(/\[[^\]]*\]$/, '').length)} ${rest.join(' ')}` : line;
      })
      .join('\n');
  };
  return [spelled(type), ...order.slice(1).map((t) => `${'='.repeat(80)}\nMSG: ${t}\n${spelled(t)}`)].join('\n');
}

/** The standard types built in, "pkg/Type". */
export const STANDARD_ROS2_TYPES: readonly string[] = Object.keys(DEFINITIONS);
