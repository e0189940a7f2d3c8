import * as THREE from 'three';
import type { CloudColorMode } from '../state/viewStore';
import { TURBO_GLSL } from './turboGlsl';

/** ASPRS LAS classification colours (0–18), then a neutral grey for the rest. */
const CLASS_COLOURS = [
  '#9e9e9e', '#bdbdbd', '#a1887f', '#81c784', '#43a047', '#1b5e20', '#ef5350', '#ff00ff', '#fff176',
  '#29b6f6', '#8d6e63', '#90a4ae', '#ffb74d', '#fdd835', '#ab47bc', '#ff7043', '#26c6da', '#7e57c2', '#f06292',
];

const MODES: Record<CloudColorMode, number> = { rgb: 0, elevation: 1, intensity: 2, classification: 3, return: 4 };

const vertexShader = /* glsl */ `
  in vec4 rgba;
  in float intensity;
  in float classification;
  in float returnNumber;
  in vec4 labelColour;
  uniform int uMode;
  uniform bool uLabels;
  uniform float uPointSize;
  uniform vec2 uElevation;
  uniform vec2 uIntensity;
  uniform vec3 uClassColours[32];
  out vec3 vColor;

  ${TURBO_GLSL}

  void main() {
    vec4 world = modelMatrix * vec4(position, 1.0);
    if (uMode == 0) {
      vColor = rgba.rgb;
    } else if (uMode == 1) {
      vColor = turbo((world.z - uElevation.x) / max(uElevation.y - uElevation.x, 1e-3));
    } else if (uMode == 2) {
      float i = clamp((intensity - uIntensity.x) / max(uIntensity.y - uIntensity.x, 1.0), 0.0, 1.0);
      vColor = mix(vec3(0.10, 0.13, 0.30), vec3(1.0, 0.96, 0.80), sqrt(i));
    } else if (uMode == 3) {
      vColor = uClassColours[int(clamp(classification, 0.0, 31.0))];
    } else {
      vColor = turbo((returnNumber - 1.0) / 4.0);
    }
    gl_Position = projectionMatrix * viewMatrix * world;
    gl_PointSize = uPointSize;
    // Point labels (see labelColours): alpha 0 hides the point, 1 draws the label's colour, ½ keeps the mode's.
    if (uLabels) {
      if (labelColour.a < 0.25) {
        gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
        gl_PointSize = 0.0;
      } else if (labelColour.a > 0.75) {
        vColor = labelColour.rgb;
      }
    }
  }
`;

const fragmentShader = /* glsl */ `
  in vec3 vColor;
  out vec4 fragColor;
  void main() {
    vec2 c = gl_PointCoord - 0.5;
    if (dot(c, c) > 0.25) discard;
    fragColor = vec4(vColor, 1.0);
  }
`;

/**
 * The material Cairn draws streamed octree nodes with: the same colour ramps as the frame view,
 * computed from the node's own attributes (potree-core's Potree 2 shader path colours by RGB only).
 */
export function createPotreeNodeMaterial(): THREE.ShaderMaterial {
  // The shader writes its colour as is (no output conversion), so keep the sRGB numbers as given.
  const classColours = Array.from({ length: 32 }, (_, i) => new THREE.Color().setStyle(CLASS_COLOURS[i] ?? '#9e9e9e', THREE.LinearSRGBColorSpace));
  return new THREE.ShaderMaterial({
    glslVersion: THREE.GLSL3,
    vertexShader,
    fragmentShader,
    uniforms: {
      uMode: { value: MODES.elevation },
      uPointSize: { value: 2 },
      uElevation: { value: new THREE.Vector2(0, 1) },
      uIntensity: { value: new THREE.Vector2(0, 65535) },
      uClassColours: { value: classColours },
      // On only while every drawn node carries a labelColour attribute (see PotreeCloudLayer.setLabelColours).
      uLabels: { value: false },
    },
  });
}

export function setNodeMaterialMode(material: THREE.ShaderMaterial, mode: CloudColorMode): void {
  material.uniforms.uMode.value = MODES[mode];
}

/**
 * Gives a freshly loaded node our material. potree-core names attributes as the metadata does
 * ("return number"); GLSL needs identifiers, so that one is aliased.
 */
export function adoptNode(points: THREE.Points, material: THREE.ShaderMaterial): void {
  if (points.material === material) return;
  const g = points.geometry;
  const returns = g.getAttribute('return number');
  if (returns && !g.getAttribute('returnNumber')) g.setAttribute('returnNumber', returns);
  points.material = material;
  // potree-core's per-node hook feeds uniforms of its own material; ours needs none per node.
  points.onBeforeRender = () => undefined;
}
