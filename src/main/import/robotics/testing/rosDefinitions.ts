import { parse } from '@foxglove/rosmsg';
import { MessageWriter as Ros1Writer } from '@foxglove/rosmsg-serialization';
import { MessageWriter as CdrWriter } from '@foxglove/rosmsg2-serialization';

/** Test support: the message definitions the fixtures write, in ROS 1 and ROS 2 spelling. */
export type Dialect = 'ros1' | 'ros2';

const SHARED: Readonly<Record<string, string>> = {
  'sensor_msgs/PointCloud2': 'std_msgs/Header header\nuint32 height\nuint32 width\nsensor_msgs/PointField[] fields\nbool is_bigendian\nuint32 point_step\nuint32 row_step\nuint8[] data\nbool is_dense',
  'sensor_msgs/PointField': 'uint8 INT8=1\nuint8 UINT8=2\nuint8 INT16=3\nuint8 UINT16=4\nuint8 INT32=5\nuint8 UINT32=6\nuint8 FLOAT32=7\nuint8 FLOAT64=8\nstring name\nuint32 offset\nuint8 datatype\nuint32 count',
  'sensor_msgs/CompressedImage': 'std_msgs/Header header\nstring format\nuint8[] data',
  'sensor_msgs/Image': 'std_msgs/Header header\nuint32 height\nuint32 width\nstring encoding\nuint8 is_bigendian\nuint32 step\nuint8[] data',
  'sensor_msgs/RegionOfInterest': 'uint32 x_offset\nuint32 y_offset\nuint32 height\nuint32 width\nbool do_rectify',
  'tf2_msgs/TFMessage': 'geometry_msgs/TransformStamped[] transforms',
  'geometry_msgs/TransformStamped': 'std_msgs/Header header\nstring child_frame_id\ngeometry_msgs/Transform transform',
  'geometry_msgs/Transform': 'geometry_msgs/Vector3 translation\ngeometry_msgs/Quaternion rotation',
  'geometry_msgs/Vector3': 'float64 x\nfloat64 y\nfloat64 z',
  'geometry_msgs/Point': 'float64 x\nfloat64 y\nfloat64 z',
  'geometry_msgs/Quaternion': 'float64 x\nfloat64 y\nfloat64 z\nfloat64 w',
  'geometry_msgs/Pose': 'geometry_msgs/Point position\ngeometry_msgs/Quaternion orientation',
  'nav_msgs/Odometry': 'std_msgs/Header header\nstring child_frame_id\ngeometry_msgs/PoseWithCovariance pose\ngeometry_msgs/TwistWithCovariance twist',
  'geometry_msgs/PoseWithCovariance': 'geometry_msgs/Pose pose\nfloat64[36] covariance',
  'geometry_msgs/TwistWithCovariance': 'geometry_msgs/Twist twist\nfloat64[36] covariance',
  'geometry_msgs/Twist': 'geometry_msgs/Vector3 linear\ngeometry_msgs/Vector3 angular',
  'visualization_msgs/MarkerArray': 'visualization_msgs/Marker[] markers',
  'visualization_msgs/Marker': 'std_msgs/Header header\nstring ns\nint32 id\nint32 type\nint32 action\ngeometry_msgs/Pose pose\ngeometry_msgs/Vector3 scale\nstd_msgs/ColorRGBA color\nbool frame_locked\nstring text',
  'std_msgs/ColorRGBA': 'float32 r\nfloat32 g\nfloat32 b\nfloat32 a',
  'rosgraph_msgs/Log': 'std_msgs/Header header\nbyte level\nstring name\nstring msg',
};

const BY_DIALECT: Readonly<Record<Dialect, Readonly<Record<string, string>>>> = {
  ros1: {
    'std_msgs/Header': 'uint32 seq\ntime stamp\nstring frame_id',
    'sensor_msgs/CameraInfo': 'std_msgs/Header header\nuint32 height\nuint32 width\nstring distortion_model\nfloat64[] D\nfloat64[9] K\nfloat64[9] R\nfloat64[12] P\nuint32 binning_x\nuint32 binning_y\nsensor_msgs/RegionOfInterest roi',
  },
  ros2: {
    'std_msgs/Header': 'builtin_interfaces/Time stamp\nstring frame_id',
    'builtin_interfaces/Time': 'int32 sec\nuint32 nanosec',
    'sensor_msgs/CameraInfo': 'std_msgs/Header header\nuint32 height\nuint32 width\nstring distortion_model\nfloat64[] d\nfloat64[9] k\nfloat64[9] r\nfloat64[12] p\nuint32 binning_x\nuint32 binning_y\nsensor_msgs/RegionOfInterest roi',
  },
};

const body = (type: string, dialect: Dialect) => BY_DIALECT[dialect][type] ?? SHARED[type];

/** The concatenated definition (the type, then every type it uses) as ROS 1 and MCAP schemas hold it. */
export function fullDefinition(type: string, dialect: Dialect): string {
  const order: string[] = [];
  const visit = (t: string) => {
    if (order.includes(t)) return;
    const text = body(t, dialect);
    if (text === undefined) throw new Error(`test support has no definition of ${t}`);
    order.push(t);
    for (const line of text.split('\n')) {
      const fieldType = line.split(' ')[0].replace(/\[\d*\]$/, '');
      if (fieldType.includes('/')) visit(fieldType);
    }
  };
  visit(type);
  return [body(type, dialect), ...order.slice(1).map((t) => `${'='.repeat(80)}\nMSG: ${t}\n${body(t, dialect)}`)].join('\n');
}

/** A serialiser for one type: ROS 1 wire format or ROS 2 CDR. */
export function writerFor(type: string, dialect: Dialect): (message: unknown) => Uint8Array {
  const definition = parse(fullDefinition(type, dialect), { ros2: dialect === 'ros2' });
  const writer = dialect === 'ros1' ? new Ros1Writer(definition) : new CdrWriter(definition);
  return (message) => writer.writeMessage(message);
}

/** A header in the dialect's spelling (ROS 1 has seq and nsec, ROS 2 nanosec). */
export function header(dialect: Dialect, seconds: number, frameId: string): Record<string, unknown> {
  const sec = Math.floor(seconds);
  const ns = Math.round((seconds - sec) * 1e9);
  return dialect === 'ros1' ? { seq: 0, stamp: { sec, nsec: ns }, frame_id: frameId } : { stamp: { sec, nanosec: ns }, frame_id: frameId };
}
