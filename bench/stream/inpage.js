/* eslint-disable */
/**
 * In-page instrumentation of the streaming benchmarks, installed by common.ts with
 * context.addInitScript before the app's own scripts run. Plain JS on purpose (it is injected as
 * text). Reads the app from outside; changes nothing unless `geometryMaxLoading` > 0.
 *
 * - window.__THREE_DEVTOOLS__: three.js announces each Scene and WebGLRenderer it constructs to it
 *   (the three.js devtools hook); weak references are kept, so the streamed layer
 *   (`potree-cloud`), potree-core's LRU and renderer.info can be read.
 * - WebGL bufferData/deleteBuffer are wrapped to count the bytes of live GPU buffers.
 * - __bench.arm(thresholds): records, from the next form submit on (page clock, epoch ms), the
 *   points each frame drew (WebGLRenderer.render wrapped; renderer.info.render.points) and every
 *   change of cloud-stats `data-visible` (MutationObserver plus a 16 ms interval).
 * - geometryMaxLoading > 0: sets potree-core's per-octree cap of nodes in flight
 *   (cloud.pcoGeometry.maxNumNodesLoading, 3 by default) as soon as the cloud exists.
 */
function __cairnBenchInit(arg) {
  var bench = {
    scenes: [],
    renderers: [],
    gpuBufferBytes: 0,
    gpuBuffers: 0,
    gpuBufferPeak: 0,
    t0: null,
    samples: [],
    firstAbove: {},
    thresholds: [],
    geometryMaxLoadingApplied: 0,
    renders: 0,
    onFrame: null,
  };
  window.__bench = bench;

  var devtools = new EventTarget();
  devtools.addEventListener('observe', function (e) {
    var o = e.detail;
    if (o && o.isScene) bench.scenes.push(new WeakRef(o));
    else if (o && typeof o.render === 'function' && o.info) {
      bench.renderers.push(new WeakRef(o));
      // Each frame's drawn points: read right after the app's render call.
      var render = o.render;
      o.render = function (scene, camera) {
        if (scene && scene.isScene && camera && camera.isCamera) bench.camera = camera;
        var r = render.apply(this, arguments);
        bench.renders++;
        // Only scene renders count: eye-dome lighting adds a full-screen quad pass with no points.
        if (bench.onFrame && scene && scene.isScene) bench.onFrame(this.info.render.points);
        return r;
      };
    }
  });
  window.__THREE_DEVTOOLS__ = devtools;

  // Bytes of live WebGL buffers, as the app asked for them (the driver may pad).
  var sizes = new WeakMap();
  var bound = new WeakMap();
  [window.WebGLRenderingContext, window.WebGL2RenderingContext].forEach(function (Ctx) {
    if (!Ctx) return;
    var proto = Ctx.prototype;
    var bindBuffer = proto.bindBuffer;
    var bufferData = proto.bufferData;
    var deleteBuffer = proto.deleteBuffer;
    proto.bindBuffer = function (target, buffer) {
      var m = bound.get(this);
      if (!m) {
        m = new Map();
        bound.set(this, m);
      }
      m.set(target, buffer);
      return bindBuffer.call(this, target, buffer);
    };
    proto.bufferData = function (target, data) {
      var m = bound.get(this);
      var buf = m ? m.get(target) : null;
      if (buf) {
        var bytes = 0;
        if (typeof data === 'number') bytes = data;
        else if (data && typeof data.byteLength === 'number') {
          bytes = data.byteLength;
          // WebGL2: bufferData(target, view, usage, srcOffset, length)
          if (arguments.length >= 5 && typeof arguments[4] === 'number' && arguments[4] > 0) bytes = arguments[4] * (data.BYTES_PER_ELEMENT || 1);
        }
        var before = sizes.get(buf);
        if (before === undefined) bench.gpuBuffers++;
        bench.gpuBufferBytes += bytes - (before || 0);
        sizes.set(buf, bytes);
        if (bench.gpuBufferBytes > bench.gpuBufferPeak) bench.gpuBufferPeak = bench.gpuBufferBytes;
      }
      return bufferData.apply(this, arguments);
    };
    proto.deleteBuffer = function (buffer) {
      if (buffer) {
        var before = sizes.get(buffer);
        if (before !== undefined) {
          bench.gpuBufferBytes -= before;
          bench.gpuBuffers--;
          sizes.delete(buffer);
        }
      }
      return deleteBuffer.call(this, buffer);
    };
  });

  // Milestones of an open (page clock, epoch ms), reset by arm(): the pointcloud.open call over the
  // WebSocket and its reply, the cloud viewport in the DOM, the WebGL context creation.
  bench.marks = {};
  function now() {
    return performance.timeOrigin + performance.now();
  }
  function mark(name) {
    if (bench.armed && bench.marks[name] === undefined) bench.marks[name] = now();
  }
  var openIds = new Set();
  var watched = new WeakSet();
  var wsSend = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (typeof data === 'string' && data.indexOf('"pointcloud.open"') >= 0) {
      try {
        openIds.add(JSON.parse(data).id);
      } catch (e) {}
      mark('rpcSent');
    }
    if (!watched.has(this)) {
      watched.add(this);
      this.addEventListener('message', function (msg) {
        if (!openIds.size || typeof msg.data !== 'string') return;
        try {
          var d = JSON.parse(msg.data);
          if (d && openIds.has(d.id)) {
            openIds.delete(d.id);
            mark('rpcReply');
          }
        } catch (e) {}
      });
    }
    return wsSend.apply(this, arguments);
  };
  var getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (type) {
    var isGl = typeof type === 'string' && type.indexOf('webgl') === 0;
    if (isGl) mark('glContextStart');
    var ctx = getContext.apply(this, arguments);
    if (isGl) mark('glContextEnd');
    return ctx;
  };

  function findLayer() {
    for (var i = bench.scenes.length - 1; i >= 0; i--) {
      var scene = bench.scenes[i].deref();
      var layer = scene && scene.getObjectByName ? scene.getObjectByName('potree-cloud') : null;
      if (layer) return layer;
    }
    return null;
  }
  bench.findLayer = findLayer;

  bench.snapshot = function () {
    var el = document.querySelector('[data-testid="cloud-stats"]');
    var layer = findLayer();
    var loadedPoints = null, lruNodes = null, nodeGeometryBytes = null, nodesLoading = null, hierarchyNodes = null;
    if (layer) {
      var lru = layer.potree && layer.potree.lru;
      if (lru) {
        loadedPoints = lru.numPoints;
        lruNodes = typeof lru.size === 'number' ? lru.size : null;
        var bytes = 0;
        for (var item = lru.first; item; item = item.next) {
          var geo = item.node && item.node.geometry;
          if (!geo) continue;
          var attrs = geo.attributes || {};
          for (var k in attrs) bytes += (attrs[k] && attrs[k].array && attrs[k].array.byteLength) || 0;
          if (geo.index) bytes += geo.index.array.byteLength;
        }
        nodeGeometryBytes = bytes;
      }
      var pco = layer.cloud && layer.cloud.pcoGeometry;
      nodesLoading = pco ? pco.numNodesLoading : null;
      // Hierarchy nodes potree-core knows of (loaded or not); the layer folds idle chunks back.
      if (pco && pco.root) {
        hierarchyNodes = 0;
        var stack = [pco.root];
        while (stack.length) {
          var node = stack.pop();
          hierarchyNodes++;
          var children = node.children || [];
          for (var c = 0; c < children.length; c++) if (children[c]) stack.push(children[c]);
        }
      }
    }
    var three = null;
    for (var i = 0; i < bench.renderers.length; i++) {
      var r = bench.renderers[i].deref();
      if (r && r.info && r.info.memory) three = { geometries: r.info.memory.geometries, textures: r.info.memory.textures, calls: r.info.render.calls, points: r.info.render.points, renders: bench.renders };
    }
    var mem = performance.memory;
    return {
      t: performance.timeOrigin + performance.now(),
      visible: el ? Number(el.getAttribute('data-visible') || 0) : null,
      statsText: el ? el.textContent : null,
      loadedPoints: loadedPoints,
      lruNodes: lruNodes,
      nodeGeometryBytes: nodeGeometryBytes,
      nodesLoading: nodesLoading,
      hierarchyNodes: hierarchyNodes,
      gpuBufferBytes: bench.gpuBufferBytes,
      gpuBuffers: bench.gpuBuffers,
      three: three,
      usedJSHeapSize: mem ? mem.usedJSHeapSize : null,
      totalJSHeapSize: mem ? mem.totalJSHeapSize : null,
    };
  };

  /**
   * Starts recording an open (call just before submitting the dialog). Two series, both from the
   * submit on:
   * - frames: every WebGLRenderer.render call, with the points it drew (renderer.info.render
   *   .points): what is on screen. The thresholds (firstAbove) apply to these.
   * - stats: every change of cloud-stats data-visible (potree-core's numVisiblePoints: the points
   *   of the nodes selected within the budget, loaded or not).
   * A reopen starts from the old cloud's figures; each series counts only once it has been back
   * at 0 after the submit.
   */
  bench.arm = function (thresholds) {
    bench.t0 = null;
    bench.samples = [];
    bench.frames = [];
    bench.frameCount = 0;
    bench.frameTimes = [];
    bench.firstAbove = {};
    bench.statsFirstAbove = {};
    bench.thresholds = thresholds;
    bench.maxNodesLoading = 0;
    bench.marks = {};
    bench.armed = true;
    var statsReset = false;
    var framesReset = false;
    var last = -1;
    var lastDrawn = -1;
    bench.onFrame = function (drawn) {
      if (bench.t0 === null) return;
      bench.frameCount++;
      if (bench.frameTimes.length < 20000) bench.frameTimes.push(now());
      if (!framesReset) {
        if (drawn !== 0) return;
        framesReset = true;
      }
      var t = now();
      if (drawn !== lastDrawn && bench.frames.length < 20000) bench.frames.push([t, drawn]);
      lastDrawn = drawn;
      for (var i = 0; i < bench.thresholds.length; i++) {
        var th = bench.thresholds[i];
        if (drawn >= th && bench.firstAbove[th] === undefined) bench.firstAbove[th] = t;
      }
    };
    function read() {
      if (document.querySelector('[data-testid="cloud-viewport"]')) mark('viewport');
      var pco = null;
      var layer = findLayer();
      if (layer && layer.cloud) pco = layer.cloud.pcoGeometry;
      if (pco && pco.numNodesLoading > bench.maxNodesLoading) bench.maxNodesLoading = pco.numNodesLoading;
      var el = document.querySelector('[data-testid="cloud-stats"]');
      var v = el ? Number(el.getAttribute('data-visible') || 0) : 0;
      if (bench.t0 === null) return;
      if (!statsReset) {
        if (v !== 0) return;
        statsReset = true;
      }
      if (v === last) return;
      last = v;
      var t = now();
      if (bench.samples.length < 20000) bench.samples.push([t, v]);
      for (var i = 0; i < bench.thresholds.length; i++) {
        var th = bench.thresholds[i];
        if (v >= th && bench.statsFirstAbove[th] === undefined) bench.statsFirstAbove[th] = t;
      }
    }
    bench.read = read;
    if (bench.observer) bench.observer.disconnect();
    bench.observer = new MutationObserver(read);
    bench.observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-visible'] });
    clearInterval(bench.interval);
    bench.interval = setInterval(read, 16);
    document.addEventListener(
      'submit',
      function () {
        bench.t0 = now();
      },
      { capture: true, once: true },
    );
  };
  bench.disarm = function () {
    bench.armed = false;
    bench.onFrame = null;
    if (bench.observer) bench.observer.disconnect();
    clearInterval(bench.interval);
  };

  /**
   * A scripted camera path for the fly-through: every animation frame, the camera that the app
   * last rendered with is put on an orbit around `target` (the cloud's centre: the layer's local
   * origin), its distance swinging between `near` and `far` (period `dollyS`), its azimuth turning
   * once per `turnS`, its elevation swinging between 25° and 65°. The orbit controls follow (they
   * re-read the camera's offset from their target each update), so this is an orbit plus dolly.
   */
  bench.startPath = function (o) {
    var cam = bench.camera;
    if (!cam) return false;
    var tx = o.target[0], ty = o.target[1], tz = o.target[2];
    var t0 = performance.now();
    bench.pathFrames = 0;
    bench.pathRunning = true;
    function step() {
      if (!bench.pathRunning) return;
      var t = (performance.now() - t0) / 1000;
      var k = 0.5 - 0.5 * Math.cos((2 * Math.PI * t) / o.dollyS);
      var r = o.far + (o.near - o.far) * k;
      var az = o.az0 + (2 * Math.PI * t) / o.turnS;
      var el = ((45 + 20 * Math.sin((2 * Math.PI * t) / (o.turnS * 0.7))) * Math.PI) / 180;
      cam.position.set(tx + r * Math.cos(el) * Math.cos(az), ty + r * Math.cos(el) * Math.sin(az), tz + r * Math.sin(el));
      cam.lookAt(tx, ty, tz);
      bench.pathFrames++;
      requestAnimationFrame(step);
    }
    requestAnimationFrame(step);
    return true;
  };
  bench.stopPath = function () {
    bench.pathRunning = false;
  };

  if (arg && arg.geometryMaxLoading > 0) {
    setInterval(function () {
      var layer = findLayer();
      var geo = layer && layer.cloud && layer.cloud.pcoGeometry;
      if (geo && geo.maxNumNodesLoading !== arg.geometryMaxLoading) {
        geo.maxNumNodesLoading = arg.geometryMaxLoading;
        bench.geometryMaxLoadingApplied++;
      }
    }, 4);
  }
}
