/* bayatlas map script (first-party, needs only Leaflet): point layers drawn from compact column arrays on one
 * canvas, popups and tooltips built on demand with DOM text nodes (data is never parsed as HTML), a basemap
 * switcher that draws every vector in GCJ-02 on GCJ-02 bases, place search (simplified, traditional, pinyin),
 * commitment filters, fullscreen and a minimap. Exposed as window.BayAtlas; per-map state as map.bayatlas. */
(function () {
  'use strict';

  /* ---- WGS-84 -> GCJ-02: a port of bayatlas/geo/crs.py (the published formula) ---- */
  var A = 6378245.0, EE = 0.00669342162296594323, PI = Math.PI;

  function outOfChina(lon, lat) {
    return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
  }

  function wgs2gcj(lon, lat) {
    if (outOfChina(lon, lat)) return [lon, lat];
    var x = lon - 105.0, y = lat - 35.0;
    var dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
      + (20.0 * Math.sin(6.0 * x * PI) + 20.0 * Math.sin(2.0 * x * PI)) * 2.0 / 3.0
      + (20.0 * Math.sin(y * PI) + 40.0 * Math.sin(y / 3.0 * PI)) * 2.0 / 3.0
      + (160.0 * Math.sin(y / 12.0 * PI) + 320 * Math.sin(y * PI / 30.0)) * 2.0 / 3.0;
    var dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
      + (20.0 * Math.sin(6.0 * x * PI) + 20.0 * Math.sin(2.0 * x * PI)) * 2.0 / 3.0
      + (20.0 * Math.sin(x * PI) + 40.0 * Math.sin(x / 3.0 * PI)) * 2.0 / 3.0
      + (150.0 * Math.sin(x / 12.0 * PI) + 300.0 * Math.sin(x / 30.0 * PI)) * 2.0 / 3.0;
    var radlat = lat / 180.0 * PI, s = Math.sin(radlat), magic = 1 - EE * s * s, sq = Math.sqrt(magic);
    dlat = (dlat * 180.0) / ((A * (1 - EE)) / (magic * sq) * PI);
    dlon = (dlon * 180.0) / (A / sq * Math.cos(radlat) * PI);
    return [lon + dlon, lat + dlat];
  }

  function gcj2wgs(lon, lat) {  // fixed-point inverse, as in crs.py
    var w = [lon, lat];
    for (var i = 0; i < 30; i++) {
      var f = wgs2gcj(w[0], w[1]), ex = f[0] - lon, ey = f[1] - lat;
      w = [w[0] - ex, w[1] - ey];
      if (Math.abs(ex) < 1e-9 && Math.abs(ey) < 1e-9) break;
    }
    return w;
  }

  /* Web Mercator of the GCJ-02 position: every layer keeps its WGS-84 latlngs (what exports and clicks see)
   * and is drawn where a GCJ-02 basemap has the place. */
  var SM = L.Projection.SphericalMercator;
  var GCJProjection = {
    R: SM.R, MAX_LATITUDE: SM.MAX_LATITUDE, bounds: SM.bounds,
    project: function (ll) { var g = wgs2gcj(ll.lng, ll.lat); return SM.project(L.latLng(g[1], g[0])); },
    unproject: function (p) { var g = SM.unproject(p), w = gcj2wgs(g.lng, g.lat); return L.latLng(w[1], w[0]); }
  };
  var CRS_GCJ02 = L.extend({}, L.CRS.EPSG3857, {code: 'EPSG:3857/GCJ-02', projection: GCJProjection});

  function setCRS(map, crs) {
    if (map.options.crs === crs) return;
    var loaded = map._loaded, center = loaded && map.getCenter(), zoom = loaded && map.getZoom();
    map.options.crs = crs;
    if (loaded) map._resetView(center, zoom);  // re-projects every layer, tile grid and popup
  }

  /* ---- point layers: one canvas, every layer drawn in one pass from its column arrays ----
   * A set is {key, n, lat, lon, batch (Uint16Array: style per point), styles: [{color, radius, fill, stroke}],
   * mask (Uint8Array or null: 0 hides a point), on}. Points are projected once per CRS at zoom 0 and scaled per
   * zoom, drawn in set order with one Path2D per run of equal style (commitments are ordered by category, so a
   * category is one fill). The positions drawn are kept for hit-testing through a uniform grid built on the
   * first hover or click after a redraw; the point painted last (on top) wins. */
  var CELL = 32;
  function paint(ctx, path, style) {
    if (!path) return;
    ctx.globalAlpha = style.fill;
    ctx.fillStyle = style.color;
    ctx.fill(path);
    if (style.stroke) {
      ctx.globalAlpha = 1; ctx.lineWidth = style.stroke; ctx.strokeStyle = style.color;
      ctx.stroke(path);
    }
  }
  var PointCanvas = L.Renderer.extend({
    options: {padding: 0.3},
    initialize: function (sets, options) {
      L.Renderer.prototype.initialize.call(this, options);
      this.sets = sets;
      this.drawn = {};
    },
    _initContainer: function () {
      var c = this._container = document.createElement('canvas');
      c.className = 'ba-points';
      c.style.pointerEvents = 'none';  // hits are found from the map container (see hit), links stay clickable
      this._ctx = c.getContext('2d');
    },
    _destroyContainer: function () {
      L.DomUtil.remove(this._container);
      delete this._ctx; delete this._container;
    },
    _updatePaths: function () {},
    _onZoomEnd: function () {},
    _update: function () {
      if (this._map._animatingZoom && this._bounds) return;
      L.Renderer.prototype._update.call(this);
      var b = this._bounds, size = b.getSize(), m = L.Browser.retina ? 2 : 1, c = this._container;
      L.DomUtil.setPosition(c, b.min);
      c.width = m * size.x; c.height = m * size.y;
      c.style.width = size.x + 'px'; c.style.height = size.y + 'px';
      if (m === 2) this._ctx.scale(2, 2);
      this.redraw();
    },
    _project: function (set, crs) {  // zoom-0 pixel coordinates in the map's CRS (GCJ-02 on AMap)
      if (set.crs === crs) return;
      var px = set.px = new Float64Array(set.n), py = set.py = new Float64Array(set.n);
      for (var k = 0; k < set.n; k++) {
        var p = crs.latLngToPoint(L.latLng(set.lat[k], set.lon[k]), 0);
        px[k] = p.x; py[k] = p.y;
      }
      set.crs = crs;
    },
    redraw: function () {
      var map = this._map, ctx = this._ctx;
      if (!map || !ctx || !this._bounds) return;
      var b = this._bounds, w = b.max.x - b.min.x, h = b.max.y - b.min.y, crs = map.options.crs;
      var s = crs.scale(map.getZoom()) / crs.scale(0), o = map.getPixelOrigin().add(b.min);
      ctx.clearRect(0, 0, w, h);
      this._grid = null;
      this._origin = b.min;
      for (var si = 0; si < this.sets.length; si++) {
        var set = this.sets[si];
        set.count = 0;
        if (!set.on) { this.drawn[set.key] = 0; continue; }
        this._project(set, crs);
        var sx = set.sx = set.sx || new Float32Array(set.n), sy = set.sy = set.sy || new Float32Array(set.n);
        var sk = set.sk = set.sk || new Int32Array(set.n), mask = set.mask, c = 0, path = null, cur = -1;
        for (var k = 0; k < set.n; k++) {  // in data order; one path per run of equal style
          if (mask && !mask[k]) continue;
          var x = set.px[k] * s - o.x, y = set.py[k] * s - o.y, st = set.batch[k], r = set.styles[st].radius;
          if (x < -r || y < -r || x > w + r || y > h + r) continue;
          if (st !== cur) { paint(ctx, path, set.styles[cur]); path = new Path2D(); cur = st; }
          path.moveTo(x + r, y);
          path.arc(x, y, r, 0, 2 * Math.PI);
          sx[c] = x; sy[c] = y; sk[c] = k; c++;
        }
        paint(ctx, path, set.styles[cur]);
        ctx.globalAlpha = 1;
        set.count = c;
        this.drawn[set.key] = c;
      }
    },
    _buildGrid: function () {  // counting sort of drawn points into CELL-pixel cells (CSR arrays)
      var b = this._bounds, cols = Math.ceil((b.max.x - b.min.x) / CELL) + 1;
      var rows = Math.ceil((b.max.y - b.min.y) / CELL) + 1, start = new Int32Array(cols * rows + 1);
      var sets = this.sets, total = 0, si, k, cell;
      function cellOf(set, k) {
        var cx = Math.min(cols - 1, Math.max(0, Math.floor(set.sx[k] / CELL)));
        var cy = Math.min(rows - 1, Math.max(0, Math.floor(set.sy[k] / CELL)));
        return cy * cols + cx;
      }
      for (si = 0; si < sets.length; si++) {
        if (!sets[si].on) continue;
        for (k = 0; k < sets[si].count; k++) { start[cellOf(sets[si], k) + 1]++; total++; }
      }
      for (cell = 0; cell < cols * rows; cell++) start[cell + 1] += start[cell];
      var fill = start.slice(0, cols * rows), setOf = new Int32Array(total), drawnOf = new Int32Array(total);
      for (si = 0; si < sets.length; si++) {
        if (!sets[si].on) continue;
        for (k = 0; k < sets[si].count; k++) {
          var at = fill[cellOf(sets[si], k)]++;
          setOf[at] = si; drawnOf[at] = k;
        }
      }
      this._grid = {cols: cols, rows: rows, start: start, setOf: setOf, drawnOf: drawnOf};
    },
    hit: function (containerPoint, tolerance) {
      // the point under containerPoint that was painted last (so is on top): {set, k} or null
      if (!this._map || !this._bounds) return null;
      if (!this._grid) this._buildGrid();
      var g = this._grid, p = this._map.containerPointToLayerPoint(containerPoint).subtract(this._origin);
      var cx = Math.floor(p.x / CELL), cy = Math.floor(p.y / CELL), best = null, bestSet = -1, bestD = -1;
      for (var gy = cy - 1; gy <= cy + 1; gy++) {
        for (var gx = cx - 1; gx <= cx + 1; gx++) {
          if (gx < 0 || gy < 0 || gx >= g.cols || gy >= g.rows) continue;
          var cell = gy * g.cols + gx;
          for (var e = g.start[cell]; e < g.start[cell + 1]; e++) {
            var set = this.sets[g.setOf[e]], d = g.drawnOf[e];
            var dx = set.sx[d] - p.x, dy = set.sy[d] - p.y, dist = Math.sqrt(dx * dx + dy * dy);
            if (dist > set.styles[set.batch[set.sk[d]]].radius + (tolerance || 0)) continue;
            if (g.setOf[e] > bestSet || (g.setOf[e] === bestSet && d > bestD)) {  // drawn last wins
              best = {set: set, k: set.sk[d]}; bestSet = g.setOf[e]; bestD = d;
            }
          }
        }
      }
      return best;
    },
    drawnPoint: function (key, k) {  // container point where the last redraw put point k of a set, or null
      var set = this.sets.filter(function (st) { return st.key === key; })[0];
      if (!set || !this._map) return null;
      for (var d = 0; d < set.count; d++) {
        if (set.sk[d] === k) {
          return this._map.layerPointToContainerPoint(L.point(set.sx[d], set.sy[d]).add(this._origin));
        }
      }
      return null;
    }
  });

  /* A toggle in the layer control for one set of the shared PointCanvas. */
  var PointGroup = L.Layer.extend({
    initialize: function (canvas, set) { this.canvas = canvas; this.set = set; },
    onAdd: function () { this.set.on = true; this.canvas.redraw(); },
    onRemove: function () { this.set.on = false; this.canvas.redraw(); }
  });

  function styleTable(n, keyOf, styleOf) {  // per point style index into a list of distinct styles
    var batch = new Uint16Array(n), seen = {}, styles = [];
    for (var k = 0; k < n; k++) {
      var key = keyOf(k);
      if (!(key in seen)) { seen[key] = styles.length; styles.push(styleOf(k)); }
      batch[k] = seen[key];
    }
    return {batch: batch, styles: styles};
  }

  /* ---- small DOM helpers: text only, never innerHTML with data ---- */
  function el(tag, cls, text, parent) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null && text !== '') e.textContent = String(text);
    if (parent) parent.appendChild(e);
    return e;
  }
  function safeUrl(u) { return /^https?:\/\//i.test(u || '') ? u : ''; }
  function tipNode(name, en, extra) {
    var d = el('span', 'ba-tip');
    el('b', null, name, d);
    if (en) d.appendChild(document.createTextNode(' ' + en));
    if (extra) d.appendChild(document.createTextNode(' · ' + extra));
    return d;
  }

  function decode(col) {  // dictionary-encoded string columns: {u: unique values, i: indices}
    return col && col.u ? col.i.map(function (k) { return col.u[k]; }) : col;
  }

  function init(map, control, D) {
    var P = D.places, C = D.commitments;
    ['sname', 'metric', 'value', 'ev', 'subject'].forEach(function (k) { C[k] = decode(C[k]); });
    var nP = P.id.length, nC = C.id.length;
    var state = {cat: '', mod: '', year: ''};
    var S = {data: D, groups: {}, state: state};
    map.bayatlas = S;
    if (D.fit) map.fitBounds(D.fit, {padding: [20, 20], animate: false});  // final view before the first draw

    /* ---- basemaps ---- */
    var bases = D.bases.map(function (b) {
      var opts = {attribution: b.attribution, maxZoom: 20, maxNativeZoom: b.max_zoom};
      if (b.subdomains) opts.subdomains = b.subdomains;
      var t = L.tileLayer(b.url, opts);
      var layer = b.overlay_url ? L.layerGroup([t, L.tileLayer(b.overlay_url, L.extend({}, opts, {attribution: ''}))]) : t;
      layer.bayatlasBase = b;
      control.addBaseLayer(layer, b.label);
      return layer;
    });
    S.bases = bases;
    function useBase(layer) {
      setCRS(map, layer && layer.bayatlasBase.crs === 'gcj02' ? CRS_GCJ02 : L.CRS.EPSG3857);
      if (S.minimap) S.minimap.setBase(layer ? layer.bayatlasBase : null);
    }
    S.setBase = function (key) {
      var next = bases.filter(function (l) { return l.bayatlasBase.key === key; })[0];
      bases.forEach(function (l) { if (l !== next && map.hasLayer(l)) map.removeLayer(l); });
      if (next && !map.hasLayer(next)) map.addLayer(next);
      useBase(next);
    };
    map.on('baselayerchange', function (e) { useBase(e.layer.bayatlasBase ? e.layer : null); });

    /* ---- commitments: index by subject, filters ---- */
    var bySubject = {};
    for (var j = 0; j < nC; j++) (bySubject[C.subject[j]] = bySubject[C.subject[j]] || []).push(j);
    function yearText(j) { return C.year[j] === null ? '' : String(C.year[j]); }
    function matches(cat, mod, year) {
      return (!state.cat || state.cat === cat) && (!state.mod || state.mod === mod) &&
        (!state.year || state.year === (year || '-'));
    }
    function matchesIndex(j) { return matches(D.categories[C.cat[j]], D.modalities[C.mod[j]], yearText(j)); }

    function commitmentsTable(idx) {
      if (!idx.length) return el('p', 'ba-none', 'No stated figures. 无承诺数据');
      idx = idx.slice().sort(function (a, b) {
        var ya = C.year[a] === null ? 1e9 : C.year[a], yb = C.year[b] === null ? 1e9 : C.year[b];
        return ya - yb || (C.id[a] < C.id[b] ? -1 : C.id[a] > C.id[b] ? 1 : 0);
      });
      var t = el('table', 'ba-commitments'), head = el('tr', null, null, el('thead', null, null, t));
      ['Metric 指标', 'Value 数值', 'Year', 'Modality', 'Evidence 原文', 'Source'].forEach(function (h) {
        el('th', null, h, head);
      });
      var body = el('tbody', null, null, t);
      idx.forEach(function (j) {
        var tr = el('tr', null, null, body), src = D.sources[C.src[j]] || {label: '', url: ''};
        tr.setAttribute('data-category', D.categories[C.cat[j]]);
        tr.setAttribute('data-modality', D.modalities[C.mod[j]]);
        tr.setAttribute('data-year', yearText(j));
        el('td', null, C.metric[j], tr);
        el('td', 'ba-num', C.value[j], tr);
        el('td', null, yearText(j), tr);
        el('td', null, (D.modalityZh[C.mod[j]] + ' ' + D.modalities[C.mod[j]]).trim(), tr);
        var ev = el('td', 'ba-ev', '“' + C.ev[j] + '”', tr);
        if (C.draft[j]) { ev.appendChild(document.createTextNode(' ')); el('span', 'ba-draft', 'draft 未审核', ev); }
        var cell = el('td', null, null, tr), url = safeUrl(src.url);
        if (url) {
          var a = el('a', null, src.label, cell);
          a.href = url; a.target = '_blank'; a.rel = 'noopener';
          if (src.title) a.title = src.title;
        } else cell.textContent = src.label;
      });
      return t;
    }

    function applyFilter(root) {  // hide table rows (ours and the Python-built link popups) outside the filter
      if (!root) return;
      var rows = root.querySelectorAll('tr[data-category]'), shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var ok = matches(rows[i].getAttribute('data-category'), rows[i].getAttribute('data-modality'),
          rows[i].getAttribute('data-year'));
        rows[i].style.display = ok ? '' : 'none';
        if (ok) shown++;
      }
      var note = root.querySelector('.ba-filtered');
      if (note) note.remove();
      if (rows.length && shown < rows.length) {
        var n = el('div', 'ba-filtered', (rows.length - shown) + ' of ' + rows.length +
          ' commitment(s) hidden by the filter 已筛选');
        var table = root.querySelector('table.ba-commitments');
        table.parentNode.insertBefore(n, table);
      }
    }
    map.on('popupopen', function (e) { applyFilter(e.popup.getElement()); });

    /* ---- popups and tooltips, built when needed ---- */
    function placePopup(i) {
      var d = el('div', 'ba-popup'), h = el('h4', null, P.name[i], d);
      if (P.en[i]) { h.appendChild(document.createTextNode(' ')); el('small', null, P.en[i], h); }
      if (P.draft[i]) { h.appendChild(document.createTextNode(' ')); el('span', 'ba-draft', 'draft 未审核', h); }
      el('div', 'ba-meta', P.kind[i] + ' · bank: ' + P.bank[i] + ' · location: ' +
        (D.precisionLabel[P.prec[i]] || P.prec[i]), d);
      if (P.note[i]) el('div', 'ba-note', P.note[i], d);
      d.appendChild(commitmentsTable(bySubject[P.id[i]] || []));
      var here = P.here[i];
      if (here && here.length) {
        var det = el('details', 'ba-here', null, d);
        el('summary', null, here.length + ' place(s) located here at town precision (no sourced site) 以镇街位置表示', det);
        var ul = el('ul', null, null, det);
        here.forEach(function (h) {
          var li = el('li', null, h[0] + ' ', ul);
          el('small', null, h[1] + ' · ' + h[2] + ' commitments', li);
        });
      }
      el('div', 'ba-src', 'Location source: ' + P.src[i], d);
      return d;
    }
    function commitmentPopup(j) {
      var d = el('div', 'ba-popup');
      el('h4', null, C.sname[j], d);
      d.appendChild(commitmentsTable([j]));
      return d;
    }

    /* ---- point layers: one set per layer on the shared canvas ---- */
    var placeKeys = D.layers.map(function (l) { return l.key; });
    var sets = [];
    placeKeys.forEach(function (key) {
      if (key === 'commitments') return;
      var rows = [];
      for (var i = 0; i < nP; i++) if (placeKeys[P.layer[i]] === key) rows.push(i);
      var t = styleTable(rows.length, function (k) {
        var i = rows[k]; return P.color[i] + '|' + P.radius[i] + '|' + P.opacity[i];
      }, function (k) {
        var i = rows[k]; return {color: P.color[i], radius: P.radius[i], fill: P.opacity[i], stroke: 1.5};
      });
      sets.push({key: key, n: rows.length, rows: rows, batch: t.batch, styles: t.styles, mask: null, on: false,
        lat: rows.map(function (i) { return P.lat[i]; }), lon: rows.map(function (i) { return P.lon[i]; })});
    });
    var located = [];  // by category, then index: each category is one run of the draw loop
    for (var j = 0; j < nC; j++) if (C.lat[j] !== null) located.push(j);
    located.sort(function (a, b) { return C.cat[a] - C.cat[b] || a - b; });
    var ct = styleTable(located.length, function (k) { return C.cat[located[k]]; }, function (k) {
      return {color: D.categoryColor[C.cat[located[k]]], radius: 4.5, fill: 0.85, stroke: 0};
    });
    var cset = {key: 'commitments', n: located.length, rows: located, batch: ct.batch, styles: ct.styles,
      mask: new Uint8Array(located.length), on: false,
      lat: located.map(function (j) { return C.lat[j]; }), lon: located.map(function (j) { return C.lon[j]; })};
    sets.push(cset);  // drawn last, so on top (commitments sit at their subject's point)
    var points = new PointCanvas(sets);
    map.addLayer(points);
    S.points = points;
    S.drawn = points.drawn;  // features drawn per layer by the last redraw
    sets.forEach(function (set) { S.groups[set.key] = new PointGroup(points, set); });

    function openAt(latlng, content) {
      return L.popup({maxWidth: 640}).setLatLng(latlng).setContent(content).openOn(map);
    }
    S.openPlace = function (i) { return openAt([P.lat[i], P.lon[i]], placePopup(i)); };
    S.openCommitment = function (j) { return openAt([C.lat[j], C.lon[j]], commitmentPopup(j)); };
    S.drawnPoint = function (key, index) {  // container point where a place (P index) or commitment was drawn
      var set = sets.filter(function (st) { return st.key === key; })[0];
      return set ? points.drawnPoint(key, set.rows.indexOf(index)) : null;
    };
    function hitAt(e) {
      var r = map.getContainer().getBoundingClientRect();
      var h = points.hit(L.point(e.clientX - r.left, e.clientY - r.top), 2);
      if (!h) return null;
      var index = h.set.rows[h.k];
      return h.set === cset ? {j: index, latlng: [C.lat[index], C.lon[index]]} :
        {i: index, latlng: [P.lat[index], P.lon[index]]};
    }
    function onMap(e) {  // events over the map itself, not over controls, popups or tooltips
      var t = e.target;
      return map.getPane('mapPane').contains(t) && !map.getPane('popupPane').contains(t) &&
        !map.getPane('tooltipPane').contains(t) || t === map.getContainer();
    }
    var tip = L.tooltip({direction: 'top', offset: [0, -6]}), tipFor = null, mapEl = map.getContainer();
    mapEl.addEventListener('click', function (e) {  // capture: points are drawn above links, so win first
      if (!onMap(e) || (map.dragging && map.dragging.moved())) return;
      var h = hitAt(e);
      if (!h) return;
      L.DomEvent.stop(e);
      if (h.i !== undefined) S.openPlace(h.i); else S.openCommitment(h.j);
    }, true);
    mapEl.addEventListener('mousemove', function (e) {
      var h = onMap(e) ? hitAt(e) : null, key = h ? (h.i !== undefined ? 'p' + h.i : 'c' + h.j) : null;
      mapEl.classList.toggle('ba-hover', !!h);
      if (key === tipFor) return;
      tipFor = key;
      if (!h) { map.closeTooltip(tip); return; }
      tip.setContent(h.i !== undefined ? tipNode(P.name[h.i], P.en[h.i], P.n[h.i] ? P.n[h.i] + ' commitments' : '')
        : tipNode(C.sname[h.j], C.metric[h.j], C.value[h.j]));
      tip.setLatLng(h.latlng);
      map.openTooltip(tip);
    }, true);
    mapEl.addEventListener('mouseleave', function () { tipFor = null; map.closeTooltip(tip); });

    function refreshCommitments() {
      var shown = 0;
      for (var j2 = 0; j2 < nC; j2++) if (matchesIndex(j2)) shown++;
      var drawn = 0;
      for (var k = 0; k < cset.n; k++) { cset.mask[k] = matchesIndex(located[k]) ? 1 : 0; drawn += cset.mask[k]; }
      S.shown = {matching: shown, drawn: drawn, total: nC};
      points.redraw();
      updateCounter();
      var open = map._popup; if (open && open.isOpen()) applyFilter(open.getElement());
    }
    function updateCounter() {
      var sh = S.shown;
      if (S.counter && sh) S.counter.textContent = sh.matching + ' of ' + sh.total + ' commitments match' +
        (sh.matching > sh.drawn ? ' (' + (sh.matching - sh.drawn) + ' not mapped)' : '');
    }
    refreshCommitments();
    D.layers.forEach(function (spec) {
      control.addOverlay(S.groups[spec.key], spec.title);
      if (spec.show) map.addLayer(S.groups[spec.key]);
    });
    S.setFilter = function (f) {
      ['cat', 'mod', 'year'].forEach(function (key) { if (f[key] !== undefined) state[key] = String(f[key]); });
      if (S.selects) ['cat', 'mod', 'year'].forEach(function (key) { S.selects[key].value = state[key]; });
      refreshCommitments();
      return S.shown;
    };

    /* ---- filter control ---- */
    var Filter = L.Control.extend({
      options: {position: 'topright'},
      onAdd: function () {
        var box = el('div', 'leaflet-control leaflet-bar ba-filter');
        L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box);
        el('div', 'ba-sec', 'Filter commitments 筛选承诺', box);
        var years = {};
        for (var j3 = 0; j3 < nC; j3++) years[yearText(j3)] = 1;
        var yearList = Object.keys(years).filter(Boolean).sort();
        if (years['']) yearList.push('');
        S.selects = {};
        function select(key, label, values, labels) {
          var row = el('label', 'ba-frow', label, box), s = el('select', null, null, row);
          s.setAttribute('data-filter', key);
          el('option', null, 'all 全部', s).value = '';
          values.forEach(function (v, n) { var o = el('option', null, labels[n], s); o.value = v; });
          s.addEventListener('change', function () { state[key] = s.value; refreshCommitments(); });
          S.selects[key] = s;
        }
        select('cat', 'Category 类别 ', D.categories, D.categories);
        select('mod', 'Modality 语气 ', D.modalities, D.modalities.map(function (m, n) {
          return (D.modalityZh[n] + ' ' + m).trim();
        }));
        select('year', 'Year 年份 ', yearList.map(function (y) { return y || '-'; }),
          yearList.map(function (y) { return y || 'no year 无'; }));
        S.counter = el('div', 'ba-count', '', box);
        S.counter.id = 'ba-count';
        return box;
      }
    });
    new Filter().addTo(map);
    updateCounter();

    /* ---- search: simplified, traditional, pinyin and English keys ---- */
    function norm(q) { return String(q || '').toLowerCase().replace(/[\s'’·\-_.]/g, ''); }
    S.search = function (q) {
      q = norm(q);
      if (!q) return [];
      var hits = [];
      D.search.forEach(function (entry, n) {
        var keys = entry[3].split('|'), best = 9;
        for (var t = 0; t < keys.length; t++) {
          var pos = keys[t].indexOf(q);
          if (pos < 0) continue;
          best = Math.min(best, keys[t] === q ? 0 : pos === 0 ? 1 : 2);
        }
        if (best < 9) hits.push([best, entry[4][0] === 'p' ? 0 : 1, n]);
      });
      hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
      return hits.slice(0, 12).map(function (h) { return D.search[h[2]]; });
    };
    S.show = function (entry) {
      var target = entry[4];
      if (target[0] === 'p') {
        var i = target[1], group = S.groups[placeKeys[P.layer[i]]];
        if (!map.hasLayer(group)) map.addLayer(group);
        map.setView([P.lat[i], P.lon[i]], Math.max(map.getZoom(), 13), {animate: false});
        S.openPlace(i);
      } else {
        var b = target[1];
        map.fitBounds([[b[0], b[1]], [b[2], b[3]]], {animate: false, maxZoom: 14});
      }
    };
    var Search = L.Control.extend({
      options: {position: 'topleft'},
      onAdd: function () {
        var box = el('div', 'leaflet-control leaflet-bar ba-search');
        L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box);
        var input = el('input', null, null, box), list = el('ul', 'ba-results', null, box), found = [];
        input.type = 'search';
        input.placeholder = 'Search 搜索: 凤岗 / 鳳崗 / fenggang';
        input.setAttribute('aria-label', 'Search places');
        function render() {
          found = S.search(input.value);
          list.textContent = '';
          found.forEach(function (entry) {
            var li = el('li', null, null, list);
            el('b', null, entry[0], li);
            li.appendChild(document.createTextNode(' ' + entry[1] + ' '));
            el('small', null, entry[2], li);
            li.addEventListener('click', function () { S.show(entry); });
          });
          if (input.value && !found.length) el('li', 'ba-none', 'no match 无结果', list);
        }
        input.addEventListener('input', render);
        input.addEventListener('keydown', function (e) { if (e.key === 'Enter' && found.length) S.show(found[0]); });
        return box;
      }
    });
    new Search().addTo(map);

    /* ---- fullscreen (Fullscreen API, with a CSS fallback where it is refused) ---- */
    var container = map.getContainer();
    S.toggleFullscreen = function () {
      var done = function () { setTimeout(function () { map.invalidateSize(); }, 50); };
      if (document.fullscreenElement) { document.exitFullscreen().then(done); return; }
      if (container.classList.contains('ba-fullscreen')) {
        container.classList.remove('ba-fullscreen'); done(); return;
      }
      var fallback = function () { container.classList.add('ba-fullscreen'); done(); };
      if (container.requestFullscreen) container.requestFullscreen().then(done, fallback); else fallback();
    };
    var Full = L.Control.extend({
      options: {position: 'topleft'},
      onAdd: function () {
        var bar = el('div', 'leaflet-control leaflet-bar ba-fullscreen-control');
        var a = el('a', null, null, bar), ns = 'http://www.w3.org/2000/svg';
        var svg = document.createElementNS(ns, 'svg'), path = document.createElementNS(ns, 'path');
        svg.setAttribute('viewBox', '0 0 16 16'); svg.setAttribute('width', '16'); svg.setAttribute('height', '16');
        path.setAttribute('d', 'M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5');
        path.setAttribute('fill', 'none'); path.setAttribute('stroke', '#333'); path.setAttribute('stroke-width', '2');
        svg.appendChild(path); a.appendChild(svg);
        a.href = '#'; a.title = 'Full screen 全屏'; a.setAttribute('role', 'button');
        L.DomEvent.on(a, 'click', function (e) { L.DomEvent.preventDefault(e); S.toggleFullscreen(); });
        L.DomEvent.disableClickPropagation(bar);
        return bar;
      }
    });
    new Full().addTo(map);

    /* ---- legend (moved into a control so it stacks with the scale bar) ---- */
    var legend = document.getElementById('ba-legend');
    if (legend) {
      var Legend = L.Control.extend({
        options: {position: 'bottomleft'},
        onAdd: function () {
          var box = el('div', 'leaflet-control ba-legend-control');
          box.appendChild(legend);
          var sec = el('div', 'ba-sec', 'Commitments by category 承诺类别', legend);
          D.categories.forEach(function (c, n) {
            var row = el('div', null, null, legend), sw = el('i', null, null, row);
            sw.style.background = D.categoryColor[n];
            row.appendChild(document.createTextNode(c));
          });
          sec.id = 'ba-legend-categories';
          L.DomEvent.disableScrollPropagation(box);
          return box;
        }
      });
      new Legend().addTo(map);
    }

    /* ---- minimap: a second small map following the main one ---- */
    var Mini = L.Control.extend({
      options: {position: 'bottomright'},
      onAdd: function () {
        var box = el('div', 'leaflet-control ba-minimap');
        return box;
      }
    });
    var miniControl = new Mini().addTo(map);
    var mini = L.map(miniControl.getContainer(), {
      attributionControl: false, zoomControl: false, dragging: false, scrollWheelZoom: false,
      doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false, crs: map.options.crs
    });
    mini.setView(map.getCenter(), Math.max(map.getZoom() - 4, 3));  // loaded before any layer is added
    var miniOutline = L.layerGroup((D.outline || []).map(function (ring) {
      return L.polygon(ring, {color: '#666', weight: 0.8, fillColor: '#999', fillOpacity: 0.15, interactive: false});
    })).addTo(mini);
    var miniRect = L.rectangle(map.getBounds(), {color: '#d7301f', weight: 1.5, fillOpacity: 0.1, interactive: false})
      .addTo(mini);
    var miniBase = null;
    function syncMini() {
      if (mini.options.crs !== map.options.crs) { mini.options.crs = map.options.crs; }
      mini.setView(map.getCenter(), Math.max(map.getZoom() - 4, 3), {animate: false});
      miniRect.setBounds(map.getBounds());
    }
    mini.on('click', function (e) { map.panTo(e.latlng); });
    S.minimap = {
      map: mini, outline: miniOutline,
      setBase: function (b) {
        if (miniBase) mini.removeLayer(miniBase);
        miniBase = null;
        if (b) {
          var opts = {maxNativeZoom: b.max_zoom};
          if (b.subdomains) opts.subdomains = b.subdomains;
          miniBase = L.tileLayer(b.url, opts).addTo(mini);
          miniBase.bringToBack();
        }
        syncMini();
      }
    };
    map.on('moveend zoomend viewreset', syncMini);

    /* ---- first base, drawn flag ---- */
    if (bases.length) { map.addLayer(bases[0]); useBase(bases[0]); } else syncMini();
    S.ready = true;
    requestAnimationFrame(function () {
      requestAnimationFrame(function () { window.__bayatlasDrawn = performance.now(); });
    });
    return S;
  }

  window.BayAtlas = {init: init, wgs2gcj: wgs2gcj, gcj2wgs: gcj2wgs, CRS_GCJ02: CRS_GCJ02, setCRS: setCRS};
})();
