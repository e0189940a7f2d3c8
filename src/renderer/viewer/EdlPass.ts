import * as THREE from 'three';

const vertexShader = /* glsl */ `
  out vec2 vUv;
  void main() {
    vUv = uv;
    gl_Position = vec4(position.xy, 0.0, 1.0);
  }
`;

// Eye-dome lighting (Boucher, 2011): darken a pixel by how much nearer its neighbours are, in
// log depth, so a point cloud's shape reads without normals or lights.
const fragmentShader = /* glsl */ `
  precision highp float;
  in vec2 vUv;
  out vec4 fragColor;
  uniform sampler2D tColor;
  uniform sampler2D tDepth;
  uniform vec2 uTexel;
  uniform float uNear;
  uniform float uFar;
  uniform float uStrength;
  uniform float uRadius;
  uniform vec3 uBackground;

  float logDepth(vec2 uv) {
    float z = texture(tDepth, uv).x;
    if (z >= 1.0) return -1.0;
    float ndc = z * 2.0 - 1.0;
    float linear = (2.0 * uNear * uFar) / (uFar + uNear - ndc * (uFar - uNear));
    return log2(linear);
  }

  void main() {
    vec4 colour = texture(tColor, vUv);
    float d = logDepth(vUv);
    if (d < 0.0) {
      fragColor = vec4(uBackground, 1.0);
      return;
    }
    float response = 0.0;
    const int N = 8;
    for (int i = 0; i < N; i++) {
      float a = 6.2831853 * float(i) / float(N);
      float n = logDepth(vUv + uTexel * uRadius * vec2(cos(a), sin(a)));
      // Background counts as far away: silhouettes get a dark rim.
      response += n < 0.0 ? 1.0 : max(0.0, d - n);
    }
    response /= float(N);
    float shade = exp(-response * 300.0 * uStrength);
    fragColor = vec4(colour.rgb * shade, colour.a);
  }
`;

/** Renders a scene into a target with a depth texture, then composites it with eye-dome lighting. */
export class EdlPass {
  private target: THREE.WebGLRenderTarget | null = null;
  private readonly material: THREE.ShaderMaterial;
  private readonly quad: THREE.Mesh;
  private readonly quadCamera = new THREE.OrthographicCamera(-1, 1, 1, -1, 0, 1);
  private readonly size = new THREE.Vector2();

  constructor(
    public strength = 1,
    public radius = 1.4,
  ) {
    this.material = new THREE.ShaderMaterial({
      glslVersion: THREE.GLSL3,
      vertexShader,
      fragmentShader,
      depthTest: false,
      depthWrite: false,
      uniforms: {
        tColor: { value: null },
        tDepth: { value: null },
        uTexel: { value: new THREE.Vector2() },
        uNear: { value: 0.1 },
        uFar: { value: 1000 },
        uStrength: { value: strength },
        uRadius: { value: radius },
        uBackground: { value: new THREE.Vector3() },
      },
    });
    this.quad = new THREE.Mesh(new THREE.PlaneGeometry(2, 2), this.material);
    this.quad.frustumCulled = false;
  }

  /** `background` is the sRGB clear colour: the target holds linear values, the canvas sRGB. */
  render(gl: THREE.WebGLRenderer, scene: THREE.Scene, camera: THREE.PerspectiveCamera, background: THREE.Color): void {
    const target = this.targetFor(gl);
    gl.setRenderTarget(target);
    gl.clear();
    gl.render(scene, camera);
    gl.setRenderTarget(null);
    const u = this.material.uniforms;
    u.tColor.value = target.texture;
    u.tDepth.value = target.depthTexture;
    u.uTexel.value.set(1 / this.size.x, 1 / this.size.y);
    u.uNear.value = camera.near;
    u.uFar.value = camera.far;
    u.uStrength.value = this.strength;
    u.uRadius.value = this.radius;
    const srgb = background.clone().convertLinearToSRGB();
    u.uBackground.value.set(srgb.r, srgb.g, srgb.b);
    gl.render(this.quad, this.quadCamera);
  }

  /**
   * Compiles the programs `scene` and the lighting pass will draw with, as they will be drawn
   * (into the off-screen target: three keys programs by the target's colour space and tone
   * mapping), so the first frame with points does not wait for a software shader compiler.
   */
  compile(gl: THREE.WebGLRenderer, scene: THREE.Object3D, camera: THREE.Camera): Promise<unknown> {
    const previous = gl.getRenderTarget();
    gl.setRenderTarget(this.targetFor(gl));
    const points = gl.compileAsync(scene, camera);
    gl.setRenderTarget(previous);
    return Promise.all([points, gl.compileAsync(this.quad, this.quadCamera)]);
  }

  private targetFor(gl: THREE.WebGLRenderer): THREE.WebGLRenderTarget {
    gl.getDrawingBufferSize(this.size);
    if (!this.target || this.target.width !== this.size.x || this.target.height !== this.size.y) {
      this.target?.dispose();
      this.target = new THREE.WebGLRenderTarget(this.size.x, this.size.y, {
        depthTexture: new THREE.DepthTexture(this.size.x, this.size.y, THREE.FloatType),
        samples: 0,
      });
    }
    return this.target;
  }

  dispose(): void {
    this.target?.dispose();
    this.material.dispose();
    this.quad.geometry.dispose();
  }
}
