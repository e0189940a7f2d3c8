export const PILLARS_HELP = `  cairn assist pillars --pfe <pfe.onnx> --rpn <rpn.onnx> --card <card.json> <dataset dir> -o <dir> [--score S] [--limit N]
      Pre-label with a 3D detector: a PointPillars or CenterPoint model exported as two ONNX files
      (the pillar feature net and the backbone with its head, see docs/models.md) and its card
      (task detect3d). Every frame's LiDAR scan is cut into pillars, run through both graphs and
      decoded; each box of a class the card maps becomes a proposal. Writes <dir>/proposals.json
      as above (no camera, no detection), every proposal with its provenance (the model by the
      hash of both files, the card's grid and thresholds, runtime, time). Progress on stderr.
      Exit status as above.
      --score S   keep boxes scoring at least S (default: the card's threshold)
      --limit N   only the first N frames of each scene
`;
