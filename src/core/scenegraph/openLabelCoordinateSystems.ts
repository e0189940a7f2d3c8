import { childPath, type JsonReader } from './jsonPath';

/**
 * Which Cairn frame ("world", "ego" or a sensor id) each OpenLABEL coordinate system is. OpenLABEL
 * names them freely; the conventions in its examples are a `scene_cs` for the world and a
 * `local_cs` called "vehicle-iso8855" for the vehicle, and sensors keep their stream names.
 * `frameNames` overrides the guess where a document does otherwise.
 */
export class CoordinateSystems {
  private readonly declared = new Map<string, string>();
  private readonly used = new Map<string, string>();

  constructor(
    private readonly reader: JsonReader,
    value: unknown,
    private readonly frameNames: Readonly<Record<string, string>>,
    private readonly defaultFrame: string | undefined,
  ) {
    const systems = reader.optionalRecord(value, 'openlabel.coordinate_systems') ?? {};
    for (const [name, raw] of Object.entries(systems)) {
      const path = childPath('openlabel.coordinate_systems', name);
      const cs = reader.record(raw, path);
      const type = reader.optionalString(cs.type, `${path}.type`);
      this.declared.set(name, this.renamed(name) ?? guessFrame(name, type));
    }
  }

  /** The Cairn frame of a cuboid that names `name`, or the document's default when it names none. */
  frameOf(name: string | undefined, path: string): string {
    if (name === undefined) return this.fallback();
    let frame = this.declared.get(name);
    if (frame === undefined) {
      if (this.declared.size > 0) {
        this.reader.fail(path, `coordinate system "${name}" is not one of openlabel.coordinate_systems (${[...this.declared.keys()].join(', ')})`);
      }
      frame = this.renamed(name) ?? guessFrame(name, undefined);
    }
    this.used.set(name, frame);
    return frame;
  }

  /** OpenLABEL name → Cairn frame, for every coordinate system a converted cuboid used. */
  mapping(): Record<string, string> {
    return Object.fromEntries([...this.used].sort(([a], [b]) => a.localeCompare(b)));
  }

  private renamed(name: string): string | undefined {
    return Object.hasOwn(this.frameNames, name) ? this.frameNames[name] : undefined;
  }

  private fallback(): string {
    if (this.defaultFrame !== undefined) return this.defaultFrame;
    // A document with one coordinate system leaves no doubt which one its cuboids are in.
    if (this.declared.size === 1) {
      const [name, frame] = [...this.declared][0];
      this.used.set(name, frame);
      return frame;
    }
    return 'ego';
  }
}

function guessFrame(name: string, type: string | undefined): string {
  if (type === 'scene_cs') return 'world';
  if (/iso8855|^vehicle|^ego$|base_link/i.test(name)) return 'ego';
  return name;
}
