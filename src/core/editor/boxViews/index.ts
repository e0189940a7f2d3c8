export { BOX_VIEWS, boxViewId, boxViewOf, fromView, halfExtent, lookDirection, toView, viewAxes, type BoxAxis, type BoxView, type ViewAxes, type ViewPoint } from './viewFrames';
export { pointsInView, VIEW_MARGIN_M, type ViewPoints } from './viewPoints';
export { handleLabel, hitHandle, HANDLE_TOLERANCE_PX, rotateKnob, ROTATE_KNOB_OFFSET_PX, type BoxHandle } from './handles';
export { dragHandle, moveInView, resizeInView, rotateAbout, sweptAngle } from './viewEdits';
export { applyNudge, nudgeForKey, NUDGE_COARSE_DEG, NUDGE_COARSE_M, NUDGE_FINE_DEG, NUDGE_FINE_M, type Nudge } from './nudge';
export { groundAround, groundUnderBox, GROUND_CLEARANCE_M, shrinkToPoints, snapBottomTo } from './boxFit';
export { nudgeSelected, selectedFrameBox, shrinkSelected, snapSelectedToGround, type BoxActionContext } from './boxActions';
export { clampZoom, FIT_FILL, fitZoom, wheelZoom } from './viewZoom';
