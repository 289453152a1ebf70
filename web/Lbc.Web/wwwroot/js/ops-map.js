// Thin interop over Leaflet (+ leaflet.markercluster), loaded globally from lib/ by index.html.
// One map per element id; C# passes plain data, this module owns the Leaflet objects.
// Text from the server goes in with textContent, never as HTML.

const maps = new Map();

// Liaoning: roughly 118.8-125.8 E, 38.7-43.5 N. Used until (or if no) county polygons arrive.
const liaoningBounds = [[38.7, 118.8], [43.5, 125.8]];

// The county FeatureCollection (properties code, name, city), fetched once per page. It stays in the browser:
// parsed here and drawn by Leaflet, never sent through .NET (which cost a parse and a re-serialisation of ~425 KB).
// index.html starts the request before the runtime boots (js/early.js); this only fetches when that did not.
let countiesPromise = null;

function loadCounties() {
    if (!countiesPromise) {
        const early = window.lbcEarly ? window.lbcEarly.take('counties') : Promise.resolve(null);
        countiesPromise = early
            .then(g => g || fetch('api/geo/counties', { credentials: 'same-origin' }).then(r => (r.ok ? r.json() : null)))
            .catch(() => null)
            .then(g => {
                if (!g) {
                    countiesPromise = null; // try again on the next map
                }
                return g;
            });
    }
    return countiesPromise;
}

function countiesLayer(geoJson) {
    return L.geoJSON(geoJson, {
        style: { color: '#8a8f98', weight: 0.8, opacity: 0.9, fillColor: '#eef1f4', fillOpacity: 0.6 },
        onEachFeature: (feature, layer) => {
            const p = feature.properties || {};
            if (p.name) {
                layer.bindTooltip(textNode(p.city ? `${p.city} ${p.name}` : p.name), { sticky: true });
            }
        },
    });
}

// The map painted before the runtime booted (js/early.js calls paintEarly): the first initMap adopts it instead of
// making a second one, so the borders, the markers and the view the user may already have moved stay as they are.
let early = null;

// Resolves to whether the county borders are drawn (false: none, the map still shows the data), or null when no map was made.
export async function initMap(elementId, options) {
    dispose(elementId);
    if (!document.getElementById(elementId) || !window.L) {
        return null;
    }
    if (early) {
        // Adopted: the map stays in the early page until handOver moves it here, in the same task as the early page
        // goes away, so the user never sees an empty map pane; the data .NET sends meanwhile redraws the same map.
        const entry = early;
        early = null;
        entry.labels = (options || {}).labels || {};
        entry.adoptedBy = elementId;
        maps.set(elementId, entry);
        return entry.borders;
    }
    const countiesGeoJson = await loadCounties();
    // The component may have gone (or started over) while the borders were loading.
    const element = document.getElementById(elementId);
    if (!element || maps.has(elementId)) {
        return null;
    }
    const entry = createMap(element, options || {}, countiesGeoJson);
    maps.set(elementId, entry);
    return entry.borders;
}

// The Blazor page has rendered the adopted map's data: the map moves into its element and the early page goes.
export function handOver(mapId) {
    const entry = maps.get(mapId);
    const element = document.getElementById(mapId);
    if (entry && element && entry.adoptedBy === mapId) {
        entry.adoptedBy = null;
        const container = entry.map.getContainer();
        if (container.parentElement !== element) {
            element.appendChild(container);
            entry.map.invalidateSize({ pan: false });
        }
    }
    if (window.lbcEarly) {
        window.lbcEarly.handOver();
    }
}

// The early page's map (js/early.js): the same layers as initMap's, drawn from the snapshot the early script fetched,
// in the same colours and order as OpsMap.razor.cs sends them. No popups or tooltips with case data until .NET
// redraws the markers (a second or two later).
export function paintEarly(container, options, countiesGeoJson, snapshot) {
    const entry = createMap(container, options, countiesGeoJson);
    early = entry;
    const now = Date.now();
    const rules = snapshot.rules || {};
    const cases = (snapshot.openCases || []).filter(c => !c.closed).map(c => ({ c, breached: isBreached(c, now) }));
    // Model/CaseRules.cs Order: searching first, then priority, breached first, oldest, id.
    cases.sort((a, b) => (b.c.searching - a.c.searching) || (a.c.priority - b.c.priority) || (b.breached - a.breached)
        || (Date.parse(a.c.receivedAt) - Date.parse(b.c.receivedAt)) || (a.c.caseId < b.c.caseId ? -1 : a.c.caseId > b.c.caseId ? 1 : 0));
    drawCases(entry, cases.map(({ c, breached }) => ({ lat: c.lat, lon: c.lon, color: colorOf(breached, c.priority), breached, priority: c.priority })), false);
    drawInstitutions(entry, (snapshot.institutions || []).map(i => ({
        lat: i.lat, lon: i.lon, capacity: i.capacity, accepting: i.accepting,
        free: Math.max(0, i.capacity - i.occupied - i.reserved),
    })), false);
    drawSearches(entry, cases.filter(({ c }) => c.searching).map(({ c }) => ({ lat: c.lat, lon: c.lon, radiusKm: searchRadiusKm(c, now, rules) })), false);
    return entry.borders;
}

// The early map when Blazor never took it (another page, signed out): removed with the early page.
export function dropEarly() {
    if (early) {
        early.map.remove();
        early = null;
    }
    if (window.lbcEarly) {
        window.lbcEarly.handOver();
    }
}

// Model/CaseRules.cs IsBreached and SearchRadiusKm; OpsMap.razor.cs ColorOf.
function isBreached(c, now) {
    if (c.slaState === 'breached') {
        return true;
    }
    return (c.clocks || []).some(k => k.state === 'breached' || (!k.doneAt && now > Date.parse(k.due)));
}

function searchRadiusKm(c, now, rules) {
    const hours = Math.max(0, (now - Date.parse(c.lastSeenAt || c.receivedAt)) / 3_600_000);
    return Math.min(rules.searchCapKm ?? 50, (rules.searchBaseKm ?? 2) + (rules.searchGrowthKmPerHour ?? 5) * hours);
}

function colorOf(breached, priority) {
    return breached ? '#d32f2f' : priority === 1 ? '#ef6c00' : priority === 2 ? '#f9a825' : '#1976d2';
}

function createMap(element, opts, countiesGeoJson) {
    // zoomSnap 0.25: the province (or the user's county) fills the panel; with whole zoom levels Liaoning took half of it.
    const map = L.map(element, { zoomControl: true, attributionControl: !!opts.tileUrl, preferCanvas: true, minZoom: 5, maxZoom: 18, zoomSnap: 0.25 });

    if (opts.tileUrl) {
        L.tileLayer(opts.tileUrl, { attribution: opts.tileAttribution || '' }).addTo(map);
    }

    let bounds = L.latLngBounds(liaoningBounds);
    let focusBounds = null;
    const borders = !!(countiesGeoJson && countiesGeoJson.features);
    if (countiesGeoJson && countiesGeoJson.features && countiesGeoJson.features.length) {
        const counties = countiesLayer(countiesGeoJson).addTo(map);
        const b = counties.getBounds();
        if (b.isValid()) {
            bounds = b;
        }
        // Open on the user's jurisdiction (a city or county code), outlined; the province stays one zoom away.
        const focus = opts.focus && opts.focus.length > 2 ? opts.focus.slice(0, 6) : null;
        if (focus) {
            const mine = L.geoJSON({ type: 'FeatureCollection', features: countiesGeoJson.features.filter(f => String((f.properties || {}).code || '').startsWith(focus)) },
                { style: { color: '#1f4e79', weight: 2, fill: false }, interactive: false }).addTo(map);
            const fb = mine.getBounds();
            if (fb.isValid()) {
                focusBounds = fb;
            }
        }
        // A hook (not case data): the borders are on this map.
        element.dataset.borders = String(countiesGeoJson.features.length);
    }
    map.fitBounds(focusBounds || bounds, { padding: [8, 8] });

    const cases = L.markerClusterGroup
        ? L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40, iconCreateFunction: clusterIcon })
        : L.layerGroup();
    cases.addTo(map);
    const institutions = L.layerGroup();
    if (opts.showInstitutions !== false) {
        institutions.addTo(map);
    }
    const labels = opts.labels || {};
    const overlays = {};
    if (!opts.heatOnly) {
        overlays[labels.cases || 'Cases'] = cases;
        overlays[labels.institutions || 'Institutions'] = institutions;
    }
    // Overdue-visit share per township, squared (leaflet.heat); max 0.36 makes a township with 60% overdue full red.
    // maxZoom 7: leaflet.heat fades points by 2^(maxZoom - zoom), so full strength already at the province view.
    const heat = L.heatLayer ? L.heatLayer([], { radius: 14, blur: 12, maxZoom: 7, max: 0.36, minOpacity: 0.15 }) : null;
    if (heat) {
        overlays[labels.heat || 'Overdue visits'] = heat;
        if (opts.showHeat) {
            heat.addTo(map);
        }
    }
    L.control.layers(null, overlays, { collapsed: false }).addTo(map);

    // Missing-child search areas: circles growing with the time since the child was last seen.
    const searches = L.layerGroup().addTo(map);
    return { map, cases, institutions, heat, searches, labels, borders, adoptedBy: null };
}

// Sets a data-* count on the map's element and on the Leaflet container inside it when the map was adopted.
function mark(mapId, entry, name, value) {
    const container = entry.map.getContainer();
    container.dataset[name] = value;
    const element = mapId ? document.getElementById(mapId) : null;
    if (element && element !== container) {
        element.dataset[name] = value;
    }
}

export function setCases(mapId, items) {
    const entry = maps.get(mapId);
    if (entry) {
        drawCases(entry, items, true, mapId);
    }
}

function drawCases(entry, items, interactive, mapId) {
    const markers = [];
    for (const c of items || []) {
        const marker = L.circleMarker([c.lat, c.lon], {
            radius: c.priority === 1 ? 8 : 6,
            color: '#ffffff',
            weight: 1.5,
            fillColor: c.color,
            fillOpacity: 0.95,
        });
        marker.options.severity = c.breached ? 2 : (c.priority === 1 ? 1 : 0);
        if (interactive) {
            marker.bindPopup(() => {
                const div = popup([
                    [null, c.category],
                    [entry.labels.stage, c.stage],
                    [entry.labels.township, c.township],
                ]);
                // The case's hooks (ARCHITECTURE.md "Pages and hooks") and the way into its case view.
                div.dataset.case = c.id;
                div.dataset.stage = c.stageCode || '';
                const open = document.createElement('a');
                open.href = `cases/${encodeURIComponent(c.id)}`;
                open.className = 'ops-map-open';
                open.textContent = entry.labels.open || 'Open';
                div.appendChild(open);
                return div;
            });
        }
        markers.push(marker);
    }
    entry.cases.clearLayers();
    if (entry.cases.addLayers) {
        entry.cases.addLayers(markers);
    } else {
        markers.forEach(m => entry.cases.addLayer(m));
    }
    // A count only (never case data), so browser tests and the load benchmark can see live data arrive.
    mark(mapId, entry, 'caseCount', String(markers.length));
}

export function setSearches(mapId, items) {
    const entry = maps.get(mapId);
    if (entry) {
        drawSearches(entry, items, true, mapId);
    }
}

function drawSearches(entry, items, interactive, mapId) {
    entry.searches.clearLayers();
    for (const s of items || []) {
        const circle = L.circle([s.lat, s.lon], {
            radius: s.radiusKm * 1000,
            color: '#c62828',
            weight: 2,
            dashArray: '6 4',
            fillColor: '#c62828',
            fillOpacity: 0.08,
            interactive,
        });
        if (interactive) {
            circle.bindTooltip(textNode(s.label), { sticky: true });
        }
        entry.searches.addLayer(circle);
    }
    mark(mapId, entry, 'searchCount', String((items || []).length));
}

// Centres the map on one place (the case view), at a zoom that shows the township and its surroundings.
export function focusOn(mapId, lat, lon, zoom) {
    const entry = maps.get(mapId);
    if (entry) {
        entry.map.setView([lat, lon], zoom || 11);
    }
}

export function setHeat(mapId, points) {
    const entry = maps.get(mapId);
    if (!entry || !entry.heat) {
        return;
    }
    entry.heat.setLatLngs(points || []);
    mark(mapId, entry, 'heatPoints', String((points || []).length));
}

export function setInstitutions(mapId, items) {
    const entry = maps.get(mapId);
    if (entry) {
        drawInstitutions(entry, items, true);
    }
}

function drawInstitutions(entry, items, interactive) {
    entry.institutions.clearLayers();
    for (const i of items || []) {
        // Sized by capacity (a square-root scale, so a 200-bed station does not hide its neighbours), coloured by free
        // beds: blue with room, amber with one or two, grey when full or not accepting.
        const color = !i.accepting || i.free <= 0 ? '#b8c2cc' : i.free <= 2 ? '#f0a500' : '#4f9bd9';
        const marker = L.circleMarker([i.lat, i.lon], {
            radius: Math.max(5, Math.min(18, 3 + Math.sqrt(Math.max(0, i.capacity)))),
            color: '#1f4e8c',
            weight: 2,
            fillColor: color,
            fillOpacity: 0.85,
        });
        if (interactive) {
            marker.bindPopup(() => popup([
                [null, i.name],
                [null, i.kind],
                [entry.labels.free, `${i.free} / ${i.capacity}`],
                [null, i.accepting ? entry.labels.accepting : entry.labels.notAccepting],
            ]));
        }
        entry.institutions.addLayer(marker);
    }
}

export function dispose(mapId) {
    const entry = maps.get(mapId);
    if (entry) {
        maps.delete(mapId);
        const container = entry.map.getContainer();
        entry.map.remove();
        // An adopted map's container is the early page's element, moved in: it goes too.
        if (container.id !== mapId) {
            container.remove();
        }
        if (entry.adoptedBy && window.lbcEarly) {
            window.lbcEarly.handOver();
        }
    }
}

function popup(rows) {
    const div = document.createElement('div');
    div.className = 'ops-map-popup';
    for (const [label, value] of rows) {
        if (value === null || value === undefined || value === '') {
            continue;
        }
        const line = document.createElement('div');
        if (label) {
            const b = document.createElement('span');
            b.className = 'ops-map-popup-label';
            b.textContent = `${label}: `;
            line.appendChild(b);
        }
        line.appendChild(document.createTextNode(value));
        div.appendChild(line);
    }
    return div;
}

function textNode(text) {
    const span = document.createElement('span');
    span.textContent = text;
    return span;
}

// Cluster color follows its worst member: red if any breached, amber if any top priority.
function clusterIcon(cluster) {
    let severity = 0;
    for (const m of cluster.getAllChildMarkers()) {
        severity = Math.max(severity, m.options.severity || 0);
    }
    const cls = severity === 2 ? 'breached' : severity === 1 ? 'urgent' : 'normal';
    return L.divIcon({
        html: `<div><span>${cluster.getChildCount()}</span></div>`,
        className: `marker-cluster ops-cluster-${cls}`,
        iconSize: L.point(36, 36),
    });
}

// ---- The drill-down map (the leading group's view): a choropleth of the level below and heat layers. ----

const choropleths = new Map();

// Creates a map for the drill-down; clicking a region calls back into .NET (OnRegionClicked) to drill in.
export async function initChoropleth(elementId, options, dotnet) {
    disposeChoropleth(elementId);
    const element = document.getElementById(elementId);
    if (!element || !window.L) {
        return false;
    }
    const counties = await loadCounties();
    if (!document.getElementById(elementId) || choropleths.has(elementId)) {
        return false;
    }
    const opts = options || {};
    // minZoom 3: a national leading group's map holds the whole country (its provinces as circles) in the panel.
    const map = L.map(element, { zoomControl: true, attributionControl: !!opts.tileUrl, minZoom: 3, maxZoom: 14, zoomSnap: 0.25 });
    if (opts.tileUrl) {
        L.tileLayer(opts.tileUrl, {}).addTo(map);
    }
    map.fitBounds(liaoningBounds);
    const labels = opts.labels || {};
    const regions = L.layerGroup().addTo(map);
    const heat = L.heatLayer ? L.heatLayer([], { radius: 16, blur: 14, maxZoom: 9, minOpacity: 0.2 }) : null;
    const stale = L.heatLayer ? L.heatLayer([], { radius: 16, blur: 14, maxZoom: 9, minOpacity: 0.2, gradient: { 0.4: '#6a51a3', 0.7: '#9e9ac8', 1: '#3f007d' } }) : null;
    const overlays = {};
    overlays[labels.regions || 'Regions'] = regions;
    if (heat) { overlays[labels.heatOverdue || 'Overdue visits'] = heat; }
    if (stale) { overlays[labels.heatStale || 'Stale records'] = stale; }
    L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    const legend = L.control({ position: 'bottomright' });
    legend.onAdd = () => { const d = L.DomUtil.create('div', 'choropleth-legend'); return d; };
    legend.addTo(map);
    choropleths.set(elementId, { map, counties, regions, heat, stale, legend, dotnet, labels });
    return !!counties;
}

// regions: [{ code, value (0..1 or null = hidden), color, tooltip: [[label, text]...] , lat, lon }]; level: the level of these regions.
export function setChoropleth(elementId, level, focus, regions, legendRows) {
    const entry = choropleths.get(elementId);
    if (!entry) {
        return;
    }
    entry.regions.clearLayers();
    const byCode = new Map((regions || []).map(r => [r.code, r]));
    let bounds = null;
    // County outlines where the reference has them (Liaoning's); another province's cities and counties (a national leading
    // group's drill-down) are drawn as circles at their points, like townships.
    const outlined = (level === 'city' || level === 'county') && entry.counties && entry.counties.features
        ? entry.counties.features.filter(f => String((f.properties || {}).code || '').startsWith(focus))
        : [];
    if (outlined.length) {
        const width = level === 'city' ? 4 : 6;
        const features = outlined;
        const layer = L.geoJSON({ type: 'FeatureCollection', features }, {
            style: f => {
                const r = byCode.get(String(f.properties.code).slice(0, width));
                return { color: '#555', weight: 0.8, fillColor: r ? r.color : '#dddddd', fillOpacity: 0.75 };
            },
            onEachFeature: (f, l) => {
                const r = byCode.get(String(f.properties.code).slice(0, width));
                if (!r) {
                    return;
                }
                l.bindTooltip(tooltip(r), { sticky: true });
                l.on('click', () => entry.dotnet.invokeMethodAsync('OnRegionClicked', r.code));
            },
        });
        layer.addTo(entry.regions);
        bounds = layer.getBounds();
    } else {
        // Townships have no public polygons: a circle at each township's point, coloured alike.
        const markers = [];
        // Provinces, and cities and counties without outlines, are few and far apart on a map with no base layer: their
        // names beside the circles say where the reader is.
        const named = level !== 'township';
        for (const r of regions || []) {
            const m = L.circleMarker([r.lat, r.lon], { radius: 8, color: '#333', weight: 1, fillColor: r.color, fillOpacity: 0.9 });
            m.bindTooltip(tooltip(r), { sticky: true });
            m.on('click', () => entry.dotnet.invokeMethodAsync('OnRegionClicked', r.code));
            m.addTo(entry.regions);
            if (named) {
                const label = document.createElement('span');
                label.textContent = r.name;
                L.marker([r.lat, r.lon], { icon: L.divIcon({ className: 'region-label', html: label, iconSize: null, iconAnchor: [-11, 7] }), interactive: false, keyboard: false })
                    .addTo(entry.regions);
            }
            markers.push([r.lat, r.lon]);
        }
        if (entry.counties && entry.counties.features && focus) {
            const outline = L.geoJSON({ type: 'FeatureCollection', features: entry.counties.features.filter(f => String((f.properties || {}).code || '').startsWith(focus.slice(0, 6))) },
                { style: { color: '#1f4e79', weight: 2, fill: false }, interactive: false });
            outline.addTo(entry.regions);
            bounds = outline.getBounds();
        }
        if ((!bounds || !bounds.isValid()) && markers.length) {
            bounds = L.latLngBounds(markers);
        }
    }
    if (bounds && bounds.isValid()) {
        // Circles need room for their names on the right, and must not hide under the zoom buttons (top left) or the layer
        // choice (top right); outlines fill the panel.
        entry.map.fitBounds(bounds, outlined.length ? { padding: [10, 10] } : { paddingTopLeft: [50, 90], paddingBottomRight: [90, 30] });
    }
    const div = entry.legend.getContainer();
    if (div) {
        div.textContent = '';
        for (const [color, text] of legendRows || []) {
            const row = document.createElement('div');
            const swatch = document.createElement('span');
            swatch.className = 'swatch';
            swatch.style.background = color;
            row.appendChild(swatch);
            row.appendChild(document.createTextNode(text));
            div.appendChild(row);
        }
    }
    const element = document.getElementById(elementId);
    if (element) {
        element.dataset.regionCount = String((regions || []).length);
    }
}

// points: [[lat, lon, weight], ...] per layer ('overdue' or 'stale'); weights are counts, scaled by the largest.
export function setHeatLayers(elementId, overdue, stale) {
    const entry = choropleths.get(elementId);
    if (!entry) {
        return;
    }
    for (const [layer, points] of [[entry.heat, overdue], [entry.stale, stale]]) {
        if (!layer) {
            continue;
        }
        const max = Math.max(1, ...(points || []).map(p => p[2]));
        layer.setOptions({ max });
        layer.setLatLngs(points || []);
    }
    const element = document.getElementById(elementId);
    if (element) {
        element.dataset.heatPoints = String((overdue || []).length);
    }
}

export function showHeat(elementId, which) {
    const entry = choropleths.get(elementId);
    if (!entry) {
        return;
    }
    for (const [name, layer] of [['overdue', entry.heat], ['stale', entry.stale]]) {
        if (!layer) {
            continue;
        }
        if (name === which) {
            layer.addTo(entry.map);
        } else {
            entry.map.removeLayer(layer);
        }
    }
}

export function disposeChoropleth(elementId) {
    const entry = choropleths.get(elementId);
    if (entry) {
        choropleths.delete(elementId);
        entry.map.remove();
    }
}

function tooltip(r) {
    const div = document.createElement('div');
    div.className = 'ops-map-popup';
    const title = document.createElement('strong');
    title.textContent = r.name;
    div.appendChild(title);
    for (const [label, text] of r.tooltip || []) {
        const line = document.createElement('div');
        line.textContent = `${label}: ${text}`;
        div.appendChild(line);
    }
    return div;
}

// Children waiting for temporary care, at their townships (the civil-affairs board): one marker per township with the count.
export function setWaiting(mapId, items) {
    const entry = maps.get(mapId);
    if (!entry) {
        return;
    }
    if (!entry.waiting) {
        entry.waiting = L.layerGroup().addTo(entry.map);
    }
    entry.waiting.clearLayers();
    for (const w of items || []) {
        const marker = L.marker([w.lat, w.lon], {
            icon: L.divIcon({ className: 'waiting-marker' + (w.late ? ' late' : ''), html: `<span>${Number(w.count) | 0}</span>`, iconSize: [26, 26] }),
        });
        marker.bindTooltip(textNode(w.label), { sticky: true });
        entry.waiting.addLayer(marker);
    }
}
