// Map (templates/views/map/_body.html): Leaflet over an offline basemap of Natural Earth countries
// (the vendored world-atlas TopoJSON, so it works with no internet), an optional tile layer
// (MAP_TILE_URL), and the view's items as clustered markers. An item with a country sits at the
// centre of that country's largest polygon. Clicking a marker (or Enter on it) opens the item panel.
// User data only ever reaches the page as text (textContent, title), never as HTML.
(function () {
  "use strict";

  const maps = new WeakMap(); // map element -> its Leaflet map
  let world = null; // Promise of the countries FeatureCollection, fetched once per page

  function ready() {
    return window.L && window.L.markerClusterGroup && window.topojson;
  }

  function countries(url) {
    if (!world) {
      world = fetch(url, {credentials: "same-origin"})
        .then((response) => {
          if (!response.ok) throw new Error(`basemap: HTTP ${response.status}`);
          return response.json();
        })
        .then((topology) => unwrap(window.topojson.feature(topology, topology.objects.countries)))
        .catch((error) => {
          world = null; // try again next time
          throw error;
        });
    }
    return world;
  }

  // Natural Earth cuts Fiji and Chukotka at the antimeridian, so a ring jumps from 180 to -180
  // and, drawn flat, would cross the whole map. Such a ring is moved east past 180 instead
  // (Antarctica's own jump runs along its bottom edge and is left alone).
  function unwrap(collection) {
    collection.features.forEach((feature) => {
      const geometry = feature.geometry;
      if (!geometry) return;
      const polygons = geometry.type === "Polygon" ? [geometry.coordinates]
        : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
      polygons.forEach((polygon) => polygon.forEach((ring) => {
        const jumps = ring.some((point, i) => i > 0 && Math.abs(point[0] - ring[i - 1][0]) > 180);
        if (!jumps || ring.some((point) => point[1] < -80)) return;
        ring.forEach((point) => {
          if (point[0] < 0) point[0] += 360;
        });
      }));
    });
    return collection;
  }

  // The size (to compare rings) and the centroid of a ring of [lng, lat] points (planar: good enough
  // to put a marker inside a country).
  function ringCentroid(ring) {
    let area = 0;
    let x = 0;
    let y = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
      area += f;
      x += (ring[j][0] + ring[i][0]) * f;
      y += (ring[j][1] + ring[i][1]) * f;
    }
    if (!area) return {area: 0, at: [ring[0][1], ring[0][0]]};
    return {area: Math.abs(area), at: [y / (3 * area), x / (3 * area)]};
  }

  function centreOf(feature) {
    const geometry = feature.geometry;
    if (!geometry) return null;
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates]
      : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    let best = null;
    polygons.forEach((polygon) => {
      const centre = ringCentroid(polygon[0]);
      if (!best || centre.area > best.area) best = centre;
    });
    return best ? best.at : null;
  }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function label(marker) {
    const box = document.createElement("span");
    const name = document.createElement("strong");
    name.textContent = marker.name;
    box.appendChild(name);
    if (marker.address) {
      const address = document.createElement("span");
      address.className = "map-tooltip-address";
      address.textContent = marker.address;
      box.appendChild(document.createElement("br"));
      box.appendChild(address);
    }
    return box;
  }

  function openItem(itemId) {
    if (window.htmx) window.htmx.ajax("GET", `/items/${itemId}/panel`, {target: "#item-panel"});
  }

  function say(element, texts) {
    const status = element.parentElement.querySelector("[data-map-status]");
    if (!status) return;
    status.textContent = "";
    texts.filter(Boolean).forEach((text) => {
      const line = document.createElement("div");
      line.textContent = text;
      status.appendChild(line);
    });
  }

  async function fill(L, element, map, cluster) {
    const text = element.dataset;
    say(element, [text.textLoading]);
    let shapes = null;
    try {
      shapes = await countries(text.basemapUrl);
    } catch (error) {
      shapes = null; // markers with coordinates still show
    }
    let data;
    try {
      const response = await fetch(text.markersUrl, {credentials: "same-origin", headers: {Accept: "application/json"}});
      if (!response.ok) throw new Error(`markers: HTTP ${response.status}`);
      data = await response.json();
    } catch (error) {
      say(element, [text.textFailed]);
      return;
    }
    if (!document.body.contains(element)) return; // swapped out meanwhile
    const centres = new Map();
    if (shapes) {
      L.geoJSON(shapes, {pane: "basemap", interactive: false,
        style: {color: "#b4bacb", weight: 0.6, fillColor: "#f7f8fa", fillOpacity: 1}}).addTo(map);
      shapes.features.forEach((feature) => {
        if (feature.id !== undefined) centres.set(String(feature.id), centreOf(feature));
      });
    }
    const placed = [];
    const unplaced = [];
    data.markers.forEach((item) => {
      const at = item.lat !== undefined ? [item.lat, item.lng] : centres.get(String(item.numeric));
      if (!at) {
        unplaced.push(item.name);
        return;
      }
      const marker = L.marker(at, {title: item.name, alt: item.name, keyboard: true});
      marker.itemId = item.id;
      marker.bindTooltip(label(item), {direction: "top", offset: [0, -30]});
      marker.on("click", () => openItem(item.id));
      marker.on("keypress", (event) => {
        if (event.originalEvent.key === "Enter") openItem(item.id);
      });
      placed.push(marker);
    });
    cluster.addLayers(placed);
    if (placed.length) {
      map.fitBounds(L.latLngBounds(placed.map((marker) => marker.getLatLng())), {padding: [40, 40], maxZoom: 8});
    }
    say(element, [
      data.markers.length ? "" : text.textNone,
      data.truncated ? text.textTruncated : "",
      unplaced.length ? `${text.textUnplaced} ${unplaced.join(", ")}` : "",
    ]);
    element.dataset.markerCount = String(placed.length);
  }

  function draw(element) {
    const L = window.L;
    L.Icon.Default.prototype.options.imagePath = element.dataset.iconPath; // not guessed from the CSS
    // maxZoom is set here because the basemap is not tiles (and the clusters need it).
    const map = L.map(element, {worldCopyJump: true, minZoom: 1, maxZoom: 18}).setView([20, 0], 2);
    map.attributionControl.addAttribution(escapeHtml(element.dataset.attribution));
    // The offline basemap lies under any tiles: where tiles load they cover it, where they cannot
    // (no internet) it still shows.
    map.createPane("basemap").style.zIndex = 150;
    if (element.dataset.tileUrl) L.tileLayer(element.dataset.tileUrl, {maxZoom: 19}).addTo(map);
    const cluster = L.markerClusterGroup({chunkedLoading: true, showCoverageOnHover: false});
    map.addLayer(cluster);
    fill(L, element, map, cluster); // with this L: a swap may load Leaflet again meanwhile
    return map;
  }

  function start(root) {
    if (!ready() || !root.querySelectorAll) return; // retried once the vendored scripts have loaded
    const found = root.matches && root.matches("[data-map]") ? [root] : root.querySelectorAll("[data-map]");
    found.forEach((element) => {
      if (maps.has(element)) return;
      maps.set(element, null); // once per element, even if drawing fails
      try {
        maps.set(element, draw(element));
      } catch (error) {
        say(element, [element.dataset.textFailed]);
        throw error;
      }
    });
  }

  function stop(element) {
    if (!maps.has(element)) return;
    const map = maps.get(element);
    maps.delete(element);
    if (map) map.remove();
  }

  window.boardhouse.mountWidgets(start, stop);
})();
