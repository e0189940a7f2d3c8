import { useRef, useState } from 'react';
import { useStore } from 'zustand';
import { dragRect, editedByHand, handleAt, newBox2d, newPolygon2d, rectFromDrag, type BoxHandle } from '../../core/annotations/box2d/edit';
import type { Box2dAnnotation, Box2dRect } from '../../core/annotations/box2d/schema';
import type { Image2dAnnotation } from '../../core/annotations/guards';
import { polygonEdgeAt, polygonVertexAt, withVertexDeleted, withVertexInserted, withVertexMoved, withVertices } from '../../core/annotations/polygon2d/edit';
import type { Polygon2dAnnotation, Vertex2d } from '../../core/annotations/polygon2d/schema';
import type { Editor } from '../../core/editor/editor';
import { boxOnFrame } from '../../core/editor/tools/frameBoxes';
import type { CameraView } from '../viewer/cameraOverlay';
import type { Workbench } from '../workbench/workbench';
import { HANDLE_SIZE, imageLabelAt } from './drawImageLabels';
import { image2dTool } from './image2dTool';
import type { CameraBoxInput, CameraPointer } from './useCameraBoxTool';

/** A polygon's last click this close (pixels) to its first vertex closes it. */
const CLOSE_DISTANCE = 8;
/** How near a polygon's vertex or edge a press must land, in CSS pixels. */
const VERTEX_TOLERANCE_CSS_PX = 6;

interface Drag {
  readonly start: readonly [number, number];
  readonly label?: Box2dAnnotation;
  readonly handle?: BoxHandle;
  /** A vertex of the selected polygon being dragged. */
  readonly polygon?: Polygon2dAnnotation;
  readonly vertex?: number;
  /** The camera box tool took the press: the selected cuboid's footprint or yaw knob. */
  readonly cuboid?: boolean;
  moved: boolean;
}

export interface ImageLabelPointer {
  /** The box being dragged out or the polygon being clicked, for the overlay to show. */
  readonly draft: { readonly rect?: Box2dRect; readonly vertices?: readonly Vertex2d[] } | null;
  readonly handlers: {
    onPointerDown(e: React.PointerEvent<HTMLCanvasElement>): void;
    onPointerMove(e: React.PointerEvent<HTMLCanvasElement>): void;
    onPointerUp(e: React.PointerEvent<HTMLCanvasElement>): void;
    onDoubleClick(e: React.MouseEvent<HTMLCanvasElement>): void;
    onKeyDown(e: React.KeyboardEvent<HTMLCanvasElement>): void;
  };
}

/**
 * Pointer input of one camera panel as 2D label edits, every one through the editor's mutation
 * path: with the box tool a drag draws a box; with the polygon tool clicks add vertices and a
 * double-click, Enter or a click on the first vertex closes it; otherwise a press on the selected
 * box's corner resizes it, inside it moves it (one undo step per drag); on the selected polygon's
 * vertex drags that vertex, Alt-click or double-click on its edge inserts one, and Delete removes
 * the vertex last pressed (three are kept); on the selected cuboid's footprint or yaw knob hands
 * over to the camera box tool (`cuboid`), which moves or turns the 3D box; and a click picks the
 * label under it or, with none, hands over to the cuboid pick (`pickCuboid`). A new label is
 * linked to the selected 3D object, or 2D-only when none is selected. Escape puts a vertex drag back.
 */
export function useImageLabelPointer(
  view: CameraView,
  frameId: string | undefined,
  labels: React.RefObject<Image2dAnnotation[]>,
  editor: Editor | null | undefined,
  workbench: Workbench,
  pickCuboid: (u: number, v: number) => void,
  cuboid: CameraBoxInput,
): ImageLabelPointer {
  const tool = useStore(image2dTool, (s) => s.tool);
  const polygon = useStore(image2dTool, (s) => s.polygon);
  const drag = useRef<Drag | null>(null);
  const [rect, setRect] = useState<Box2dRect | null>(null);

  const imagePoint = (e: React.MouseEvent<HTMLCanvasElement>): [number, number] => {
    const r = e.currentTarget.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * view.width, ((e.clientY - r.top) / r.height) * view.height];
  };
  const cameraPointer = (e: React.MouseEvent<HTMLCanvasElement>): CameraPointer => {
    const r = e.currentTarget.getBoundingClientRect();
    const [u, v] = imagePoint(e);
    return { u, v, screen: [e.clientX - r.left, e.clientY - r.top], scale: view.width / Math.max(r.width, 1) };
  };
  const selectedPolygon = (): Polygon2dAnnotation | null => {
    const selectedId = workbench.view.getState().selectedId;
    const r = labels.current.find((l) => l.objectId === selectedId);
    return r?.kind === 'polygon2d' ? r : null;
  };
  const editPolygon = (label: string, before: Polygon2dAnnotation, vertices: readonly Vertex2d[]) => {
    editor?.commitChanges(label, [{ objectId: before.objectId, before, after: withVertices(before, vertices, Date.now()) }]);
  };
  /** Inserts a vertex on the selected polygon's edge under (u, v); says whether there was one. */
  const insertVertex = (e: React.MouseEvent<HTMLCanvasElement>): boolean => {
    const p = selectedPolygon();
    const [u, v] = imagePoint(e);
    const edge = p && polygonEdgeAt(p.vertices, u, v, VERTEX_TOLERANCE_CSS_PX * cameraPointer(e).scale);
    if (!p || !edge) return false;
    editPolygon('insert polygon vertex', p, withVertexInserted(p.vertices, edge.index, edge.point));
    image2dTool.setState({ vertex: { objectId: p.objectId, index: edge.index + 1 } });
    return true;
  };
  const newLabelInput = () => {
    const state = workbench.view.getState();
    const selected = state.selectedId && editor && frameId ? boxOnFrame(editor, state.selectedId, frameId) : null;
    return { frameId: frameId!, cameraId: view.sensorId, classId: selected?.classId ?? state.activeClassId, linkedTrackId: selected?.trackId ?? null };
  };
  const create = (label: string, record: Image2dAnnotation) => {
    editor!.commitChanges(label, [{ objectId: record.objectId, before: null, after: record }]);
    workbench.view.getState().pick(record.objectId);
  };
  const closePolygon = () => {
    const p = image2dTool.getState().polygon;
    image2dTool.setState({ polygon: null });
    // A double-click's two clicks land on one spot: a vertex on top of the one before adds nothing.
    const vertices = (p?.cameraId === view.sensorId ? p.vertices : []).filter((q, i, all) => i === 0 || Math.hypot(q[0] - all[i - 1][0], q[1] - all[i - 1][1]) >= 1);
    if (vertices.length < 3 || !editor || !frameId) return;
    create('draw 2D polygon', newPolygon2d(editor, newLabelInput(), vertices, Date.now()));
  };
  /** An edit of the box shown on this frame: its own record, or a new keyframe of its track where it was interpolated. */
  const editBox = (shown: Box2dAnnotation, box: Box2dRect) => {
    if (!editor || !frameId) return;
    const at = Date.now();
    if (shown.frameId === frameId) {
      const before = editor.get(shown.objectId);
      if (before?.kind === 'box2d') editor.commitChanges('edit 2D box', [{ objectId: before.objectId, before, after: editedByHand(before, box, at) }]);
      return;
    }
    const keyframe = editedByHand({ ...shown, objectId: editor.newId(), frameId, createdAt: at }, box, at);
    editor.commitChanges('edit 2D box', [{ objectId: keyframe.objectId, before: null, after: keyframe }]);
    drag.current = drag.current && { ...drag.current, label: keyframe };
  };

  const handlers: ImageLabelPointer['handlers'] = {
    onPointerDown(e) {
      if (e.button !== 0 || !editor || !frameId) return;
      const [u, v] = imagePoint(e);
      e.currentTarget.setPointerCapture(e.pointerId);
      if (tool === 'polygon') return;
      if (tool === 'box') {
        drag.current = { start: [u, v], moved: false };
        return;
      }
      const selectedId = workbench.view.getState().selectedId;
      const selected = labels.current.find((r): r is Box2dAnnotation => r.kind === 'box2d' && r.objectId === selectedId && !r.ignore);
      const handle = selected ? handleAt(selected.box, u, v, HANDLE_SIZE) : null;
      if (selected && handle) {
        drag.current = { start: [u, v], moved: false, label: selected, handle };
        editor.beginGesture(handle === 'move' ? 'move 2D box' : 'resize 2D box');
        return;
      }
      const polygon = selectedPolygon();
      if (image2dTool.getState().vertex) image2dTool.setState({ vertex: null });
      if (polygon && e.altKey && insertVertex(e)) return;
      const vertex = polygon && polygonVertexAt(polygon.vertices, u, v, VERTEX_TOLERANCE_CSS_PX * cameraPointer(e).scale);
      if (polygon && vertex !== null && vertex !== undefined) {
        image2dTool.setState({ vertex: { objectId: polygon.objectId, index: vertex } });
        drag.current = { start: [u, v], moved: false, polygon, vertex };
        editor.beginGesture('move polygon vertex');
        return;
      }
      drag.current = { start: [u, v], moved: false, ...(cuboid.down(cameraPointer(e)) ? { cuboid: true } : {}) };
    },
    onPointerMove(e) {
      const d = drag.current;
      if (!d) return;
      if (d.cuboid) {
        cuboid.move(cameraPointer(e));
        return;
      }
      const [u, v] = imagePoint(e);
      const du = u - d.start[0];
      const dv = v - d.start[1];
      if (!d.moved && Math.hypot(du, dv) < 2) return;
      d.moved = true;
      if (tool === 'box') setRect(rectFromDrag(d.start[0], d.start[1], u, v, view.width, view.height));
      else if (d.label && d.handle) {
        const box = dragRect(d.label.box, d.handle, du, dv);
        const current = d.label.frameId === frameId ? editor?.get(d.label.objectId) : undefined;
        if (box) editBox(current?.kind === 'box2d' ? current : d.label, box);
      } else if (d.polygon && d.vertex !== undefined) {
        const current = editor?.get(d.polygon.objectId);
        if (current?.kind === 'polygon2d') editPolygon('move polygon vertex', current, withVertexMoved(d.polygon.vertices, d.vertex, [u, v]));
      }
    },
    onPointerUp(e) {
      const d = drag.current;
      drag.current = null;
      const [u, v] = imagePoint(e);
      if (tool === 'polygon') {
        const p = image2dTool.getState().polygon;
        const vertices = p && p.cameraId === view.sensorId ? p.vertices : [];
        if (vertices.length >= 3 && Math.hypot(u - vertices[0][0], v - vertices[0][1]) <= CLOSE_DISTANCE) closePolygon();
        else image2dTool.setState({ polygon: { cameraId: view.sensorId, vertices: [...vertices, [u, v]] } });
        return;
      }
      if (!d) return;
      if (tool === 'box') {
        setRect(null);
        const box = rectFromDrag(d.start[0], d.start[1], u, v, view.width, view.height);
        if (box && editor && frameId) create('draw 2D box', newBox2d(editor, newLabelInput(), box, Date.now()));
        return;
      }
      if (d.cuboid && cuboid.up(cameraPointer(e))) return;
      if (d.handle || d.polygon) editor?.endGesture();
      if (d.moved || d.polygon) return;
      const hit = imageLabelAt(labels.current, u, v);
      if (hit) workbench.view.getState().pick(hit.objectId);
      else pickCuboid(u, v);
    },
    onDoubleClick(e) {
      if (tool === 'polygon') closePolygon();
      else if (tool === 'select') insertVertex(e);
    },
    onKeyDown(e) {
      if (tool === 'polygon' && e.key === 'Enter') closePolygon();
      const d = drag.current;
      if (e.key === 'Escape' && d && (d.handle || d.polygon)) {
        // Ahead of the window's Escape (deselect): only the drag is put back.
        drag.current = null;
        editor?.cancelGesture();
        e.stopPropagation();
        return;
      }
      const chosen = image2dTool.getState().vertex;
      const polygon = selectedPolygon();
      if ((e.key === 'Delete' || e.key === 'Backspace') && tool === 'select' && polygon && chosen?.objectId === polygon.objectId) {
        const vertices = withVertexDeleted(polygon.vertices, chosen.index);
        if (vertices) editPolygon('delete polygon vertex', polygon, vertices);
        else workbench.view.getState().say('A polygon keeps at least three vertices.');
        image2dTool.setState({ vertex: null });
        // The vertex, not the whole polygon (the window's Delete).
        e.stopPropagation();
        e.preventDefault();
      }
    },
  };
  const draft = tool === 'box' && rect ? { rect } : tool === 'polygon' && polygon?.cameraId === view.sensorId ? { vertices: polygon.vertices } : null;
  return { draft, handlers };
}
