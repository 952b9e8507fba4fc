/* mtudoctor's HTML report: draws each problem finding's flows with uPlot from the data block,
   makes the fix's copy buttons and the flow table's sorting work. No request leaves the page. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('mtudoctor-data').textContent);
  var style = getComputedStyle(document.documentElement);
  function color(name) { return style.getPropertyValue('--' + name).trim() || '#888'; }

  /* A points renderer of one shape, so that series differ by shape as well as colour. */
  function marks(shape, size) {
    return function (u, si, i0, i1) {
      var path = new Path2D(), xs = u.data[0], ys = u.data[si], series = u.series[si];
      var r = size * (window.devicePixelRatio || 1) / 2;
      // One mark per pixel: a flow of 100,000 packets draws what the canvas can show, not
      // 100,000 overlapping shapes (which the browser fills as one huge path, for many seconds).
      var left = u.bbox.left, top = u.bbox.top, w = Math.ceil(u.bbox.width) + 1, h = Math.ceil(u.bbox.height) + 1;
      var drawn = new Uint8Array(w * h);
      for (var i = i0; i <= i1; i++) {
        var y = ys[i];
        if (y == null) continue;
        var cx = u.valToPos(xs[i], 'x', true), cy = u.valToPos(y, series.scale, true);
        var px = Math.round(cx - left), py = Math.round(cy - top);
        if (px >= 0 && py >= 0 && px < w && py < h) {
          if (drawn[py * w + px]) continue;
          drawn[py * w + px] = 1;
        }
        if (shape === 'circle') { path.moveTo(cx + r, cy); path.arc(cx, cy, r, 0, 2 * Math.PI); }
        else if (shape === 'triangle') { path.moveTo(cx, cy - r); path.lineTo(cx + r, cy + r * 0.8); path.lineTo(cx - r, cy + r * 0.8); path.closePath(); }
        else if (shape === 'square') { path.rect(cx - r * 0.7, cy - r * 0.7, r * 1.4, r * 1.4); }
        else if (shape === 'cross') { path.moveTo(cx - r, cy - r); path.lineTo(cx + r, cy + r); path.moveTo(cx + r, cy - r); path.lineTo(cx - r, cy + r); }
        else if (shape === 'bar' || shape === 'bracket') {
          var low = u.valToPos(series.low[i], series.scale, true);
          path.moveTo(cx, low); path.lineTo(cx, cy);
          path.moveTo(cx - r * 0.6, cy); path.lineTo(cx + r * 0.6, cy);
          if (shape === 'bracket') { path.moveTo(cx - r * 0.6, low); path.lineTo(cx + r * 0.6, low); }
        }
      }
      var open = shape === 'cross' || shape === 'bar' || shape === 'bracket';
      return { stroke: path, fill: open ? null : path };
    };
  }

  function markSeries(label, name, shape, size) {
    var c = color(name);
    return {
      label: label, stroke: c, width: 0, paths: function () { return null; },
      points: { show: true, size: size, width: 1.5, stroke: c, fill: c, paths: marks(shape, size) }
    };
  }

  /* Time on x: seconds from the flow's first packet; the legend adds the capture time in UTC. */
  function timeAxis(flow) {
    return {
      label: "seconds from the flow's first packet",
      value: function (u, v) {
        if (v == null) return '';
        var utc = new Date(flow.startMillis + v * 1000).toISOString().replace('T', ' ').replace('Z', ' UTC');
        return v.toFixed(6) + ' s (' + utc + ')';
      }
    };
  }

  /* Horizontal lines at given values, each with its label, drawn after the series. */
  function lines(list) {
    return function (u) {
      var ctx = u.ctx, ratio = window.devicePixelRatio || 1;
      list.forEach(function (line) {
        if (line.value == null || line.value <= 0) return;
        var y = u.valToPos(line.value, 'y', true);
        ctx.save();
        ctx.strokeStyle = color(line.color); ctx.fillStyle = color(line.color);
        ctx.lineWidth = 1.5 * ratio; ctx.setLineDash(line.dash.map(function (d) { return d * ratio; }));
        ctx.beginPath(); ctx.moveTo(u.bbox.left, y); ctx.lineTo(u.bbox.left + u.bbox.width, y); ctx.stroke();
        ctx.setLineDash([]); ctx.font = (12 * ratio) + 'px system-ui, sans-serif'; ctx.textAlign = 'right';
        ctx.fillText(line.label, u.bbox.left + u.bbox.width - 4 * ratio, y - 4 * ratio);
        ctx.restore();
      });
    };
  }

  /* Events (parallel arrays: time, series, value, bar bottom) sorted by time, one x array for all
     series (uPlot's aligned data), null where a series has none. No object per event: a flow of
     100,000 packets is a few flat arrays. */
  function Events() { this.t = []; this.series = []; this.y = []; this.low = []; }
  Events.prototype.add = function (t, series, y, low) {
    this.t.push(t); this.series.push(series); this.y.push(y); this.low.push(low);
  };
  function aligned(events, seriesCount) {
    var n = events.t.length, t = events.t, order = new Uint32Array(n), i, k, s;
    for (i = 0; i < n; i++) order[i] = i;
    for (i = 1; i < n && t[i] >= t[i - 1]; i++) { }
    if (i < n) order.sort(function (a, b) { return t[a] - t[b] || a - b; });
    var x = new Array(n), columns = [x], lows = [];
    for (s = 0; s < seriesCount; s++) { columns.push(new Array(n).fill(null)); lows.push(new Array(n).fill(null)); }
    for (k = 0; k < n; k++) {
      i = order[k];
      x[k] = t[i];
      columns[events.series[i] + 1][k] = events.y[i];
      lows[events.series[i]][k] = events.low[i];
    }
    return { columns: columns, lows: lows };
  }

  function sizePlot(target, finding, flow, width) {
    var events = new Events();
    for (var i = 0; i < flow.t.length; i++) {
      events.add(flow.t[i] / 1e6, flow.kind[i], flow.size[i], null);
    }
    for (var j = 0; j < flow.icmpT.length; j++) {
      events.add(flow.icmpT[j] / 1e6, 3, flow.icmpMtu[j], null);
    }
    var table = aligned(events, 4);
    var options = {
      width: width, height: 300, scales: { x: { time: false } },
      series: [timeAxis(flow),
        markSeries("sender's data", 'sent', 'circle', 6),
        markSeries("sender's resends", 'resent', 'triangle', 9),
        markSeries("peer's packets", 'peer', 'square', 5),
        markSeries('ICMP too-big (at its MTU)', 'icmp', 'cross', 10)],
      axes: [{ label: "seconds from the flow's first packet", stroke: color('fg') },
        { label: 'IP packet, bytes', stroke: color('fg'), size: 60 }],
      hooks: { draw: [lines([
        { value: finding.mtu, label: 'MTU ' + finding.mtu + ' (ICMP)', color: 'mtu', dash: [6, 4] },
        { value: flow.largestThrough, label: 'largest through ' + flow.largestThrough, color: 'through', dash: [2, 3] }])] }
    };
    var chart = new uPlot(options, table.columns, target);
    var resent = {};
    flow.t.forEach(function (t, i) { if (flow.kind[i] === 1) resent[flow.size[i]] = (resent[flow.size[i]] || 0) + 1; });
    target.dataset.marks = JSON.stringify({ packets: flow.t.length, icmp: flow.icmpT.length, resentBySize: resent,
      mtuLine: finding.mtu, largestThrough: flow.largestThrough });
    return chart;
  }

  function sequencePlot(target, flow, width) {
    var events = new Events();
    for (var i = 0; i < flow.t.length; i++) {
      if (flow.kind[i] === 2) continue;
      events.add(flow.t[i] / 1e6, flow.kind[i], flow.seq[i] + flow.len[i], flow.seq[i]);
    }
    for (var j = 0; j < flow.ackT.length; j++) {
      events.add(flow.ackT[j] / 1e6, 2, flow.ack[j], null);
    }
    // The last ACK holds until the flow's last packet: a stall is a flat line to the end.
    var lastT = flow.t.length ? flow.t[flow.t.length - 1] : 0;
    if (flow.ackT.length && lastT > flow.ackT[flow.ackT.length - 1]) {
      events.add(lastT / 1e6, 2, flow.ack[flow.ack.length - 1], null);
    }
    // The blocks the peer holds beyond its ACK, each at the time it said so.
    for (var k = 0; k < flow.sackT.length; k++) {
      events.add(flow.sackT[k] / 1e6, 3, flow.sackR[k], flow.sackL[k]);
    }
    var table = aligned(events, 4);
    var sent = markSeries("sender's segments", 'sent', 'bar', 7);
    sent.low = table.lows[0];
    var resent = markSeries("sender's resends", 'resent', 'bar', 11);
    resent.low = table.lows[1];
    var ack = { label: "peer's ACK", stroke: color('ack'), width: 1.5, spanGaps: true,
      paths: uPlot.paths.stepped({ align: 1 }), points: { show: false } };
    var sack = markSeries("peer's SACK blocks", 'sack', 'bracket', 9);
    sack.low = table.lows[3];
    var options = {
      width: width, height: 300, scales: { x: { time: false } },
      series: [timeAxis(flow), sent, resent, ack, sack],
      axes: [{ label: "seconds from the flow's first packet", stroke: color('fg') },
        { label: "sequence number, bytes from the sender's first", stroke: color('fg'), size: 80 }]
    };
    target.dataset.marks = JSON.stringify({ segments: flow.kind.filter(function (k) { return k !== 2; }).length,
      acks: flow.ackT.length, sacks: flow.sackT.length });
    return new uPlot(options, table.columns, target);
  }

  function drawPlots(container, finding) {
    var charts = [];
    var width = Math.max(320, container.clientWidth || 900);
    var label = document.createElement('label');
    label.textContent = 'Flow';
    var select = document.createElement('select');
    finding.flows.forEach(function (flow, i) {
      var option = document.createElement('option');
      option.value = i;
      option.textContent = flow.flow + (flow.truncated ? ' (first packets only)' : '');
      select.appendChild(option);
    });
    label.appendChild(select);
    container.appendChild(label);
    var sizeBox = document.createElement('div'), sequenceBox = document.createElement('div');
    sizeBox.className = sequenceBox.className = 'plot';
    sizeBox.innerHTML = '<h3>Packet size against time</h3>';
    sequenceBox.innerHTML = '<h3>Sequence number against time (time-sequence graph)</h3>';
    var sizeNote = document.createElement('p'), sequenceNote = document.createElement('p');
    sizeNote.className = sequenceNote.className = 'legend-note';
    sizeNote.textContent = "\u25CF sender's data, \u25B2 its resends, \u25A0 the peer's packets, \u2715 ICMP too-big at the MTU it"
      + " reported; dashed: that MTU, dotted: the largest packet that got through. Hover for values and the capture time (UTC).";
    sequenceNote.textContent = "Each segment a bar from its first to its last byte (resends wider), the peer's ACK a step line,"
      + " the blocks its SACK options hold beyond the ACK as brackets: where the ACK stays flat while the sender resends,"
      + " nothing gets through.";
    var sizeChart = document.createElement('div'), sequenceChart = document.createElement('div');
    sizeChart.className = 'size-plot'; sequenceChart.className = 'sequence-plot';
    sizeBox.appendChild(sizeChart); sequenceBox.appendChild(sequenceChart);
    sizeBox.appendChild(sizeNote); sequenceBox.appendChild(sequenceNote);
    container.appendChild(sizeBox); container.appendChild(sequenceBox);
    function show(index) {
      charts.forEach(function (chart) { chart.destroy(); });
      var flow = finding.flows[index];
      charts = [sizePlot(sizeChart, finding, flow, width), sequencePlot(sequenceChart, flow, width)];
    }
    select.addEventListener('change', function () { show(+select.value); });
    show(0);
  }

  data.plots.forEach(function (finding) {
    var container = document.querySelector('.plots[data-finding="' + finding.finding + '"]');
    if (container && finding.flows.length > 0) drawPlots(container, finding);
  });

  /* Copy buttons: the clipboard where the browser allows it, else a selection and copy. */
  document.querySelectorAll('button.copy').forEach(function (button) {
    button.addEventListener('click', function () {
      var text = button.parentNode.querySelector('code').textContent;
      function done() { button.textContent = 'Copied'; setTimeout(function () { button.textContent = 'Copy'; }, 1500); }
      function fallback() {
        var area = document.createElement('textarea');
        area.value = text; document.body.appendChild(area); area.select();
        try { document.execCommand('copy'); done(); } finally { document.body.removeChild(area); }
      }
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, fallback);
      else fallback();
    });
  });

  /* The flow table sorts by the column clicked, again to reverse. */
  document.querySelectorAll('table.sortable').forEach(function (table) {
    table.querySelectorAll('th').forEach(function (th, column) {
      th.addEventListener('click', function () {
        var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
        var up = th.dataset.order !== 'up';
        th.dataset.order = up ? 'up' : 'down';
        rows.sort(function (a, b) {
          var x = a.cells[column].textContent, y = b.cells[column].textContent;
          var nx = parseFloat(x), ny = parseFloat(y);
          var order = !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y);
          return up ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  document.documentElement.dataset.plotsDrawn = 'true';
})();
