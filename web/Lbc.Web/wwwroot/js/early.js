// Starts the operations page's data requests at once, while the .NET runtime still downloads and boots
// (seconds on a slow machine), instead of after it: who is signed in, the snapshot, the region names and the
// county borders. With them, and before the runtime has booted, it paints the duty officer's page (the early
// paint: the indicator figures, the map with the county borders, the case markers and the places of care) in an
// overlay, which the Blazor page takes over (js/ops-map.js adopts the same Leaflet map) once it has rendered.
// A classic script, run by index.html before blazor.webassembly.js. Same-origin GETs carrying the HttpOnly
// sign-in cookie (nothing in the URL); without a session they just come back 401, nothing is painted and the app
// goes to sign-in as before. The results live only in this page's memory, are handed over once (take) and then
// dropped: nothing goes to browser storage, nothing is logged.
(() => {
    const pending = new Map();
    if (!/\/signin\/?$/i.test(location.pathname)) {
        const get = (url, as) => fetch(url, { credentials: 'same-origin' })
            .then(r => (r.ok ? r[as]() : null))
            .catch(() => null);
        // Relative to <base href>: the app may be hosted under a path.
        pending.set('me', get('api/auth/me', 'json'));
        pending.set('snapshot', get('api/snapshot', 'text'));
        pending.set('regions', get('api/geo/regions', 'text'));
        pending.set('counties', get('api/geo/counties', 'json'));
    }
    // The snapshot, parsed once for both the early paint and the hand-over to .NET.
    const snapshotValue = (pending.get('snapshot') ?? Promise.resolve(null))
        .then(text => (text ? JSON.parse(text) : null))
        .catch(() => null);

    // The response body (text; parsed JSON for the counties and the signed-in user), or null when it failed or was
    // taken already.
    // emptied: a top-level array property of a JSON object to hand over as [] (parsing JSON in .NET costs far
    // more than in the browser, so .NET need not parse what it will not show yet).
    function take(name, emptied) {
        const p = pending.get(name) ?? Promise.resolve(null);
        pending.delete(name);
        if (name === 'me') {
            return p.then(value => (value ? JSON.stringify(value) : null));
        }
        if (!emptied) {
            return p;
        }
        return (name === 'snapshot' ? p.then(text => (text ? snapshotValue : null)) : p.then(text => (text ? JSON.parse(text) : null)))
            .then(value => {
                if (!value || !Array.isArray(value[emptied])) {
                    return value ? JSON.stringify(value) : null;
                }
                return JSON.stringify({ ...value, [emptied]: [] });
            });
    }

    // ---- The early paint ----

    // The labels the early paint shows, from Resources/Strings.resx (zh-CN) and Strings.en.resx (en); a test
    // (EarlyPaintStringsTests) keeps them equal. Strict JSON between the markers.
    const strings = /* strings: */ {
        "zh-CN": {
            "App_Title": "辽宁省农村留守儿童关爱保护指挥中心",
            "Nav_Cases": "案件队列",
            "Nav_Drill": "地区下钻",
            "SignOut": "退出登录",
            "LastUpdated": "最后更新",
            "Alarm_SoundOn": "声音：开",
            "Alert_Bell": "告警",
            "Conn_Connecting": "正在连接",
            "Wall_Enter": "大屏模式",
            "Indicators_Title": "主要指标",
            "Map_Title": "案件与机构地图",
            "Map_Cases": "案件",
            "Map_Institutions": "救助保护机构",
            "Map_Heat": "走访逾期热力",
            "Role_police_duty_officer": "公安值班",
            "Role_administrator": "系统管理员",
            "Figure_openCases": "未结案件",
            "Figure_breachedCases": "超时案件",
            "Figure_visitOverdue": "逾期未走访",
            "Figure_visitDueSoon": "即将到期走访",
            "Figure_staleRecords": "台账未更新",
            "Figure_placementsWaiting": "待安置儿童",
            "Figure_freeBeds": "空余床位",
            "Figure_children": "留守儿童"
        },
        "en": {
            "App_Title": "Liaoning Rural Left-behind Children Care and Protection Command Center",
            "Nav_Cases": "Case queue",
            "Nav_Drill": "Drill-down",
            "SignOut": "Sign out",
            "LastUpdated": "Last update",
            "Alarm_SoundOn": "Sound on",
            "Alert_Bell": "Alerts",
            "Conn_Connecting": "Connecting",
            "Wall_Enter": "Wall mode",
            "Indicators_Title": "Headline indicators",
            "Map_Title": "Cases and institutions map",
            "Map_Cases": "Cases",
            "Map_Institutions": "Places of care",
            "Map_Heat": "Overdue visits (heat)",
            "Role_police_duty_officer": "Police duty officer",
            "Role_administrator": "Administrator",
            "Figure_openCases": "Open cases",
            "Figure_breachedCases": "SLA breached",
            "Figure_visitOverdue": "Visit overdue",
            "Figure_visitDueSoon": "Visit due soon",
            "Figure_staleRecords": "Stale records",
            "Figure_placementsWaiting": "Waiting for care",
            "Figure_freeBeds": "Free beds",
            "Figure_children": "Left-behind children"
        }
    } /* :strings */;

    // Components/Controls/IndicatorTiles.razor's tiles, in its order: [figure, alerts when above zero].
    const tiles = [
        ['openCases', false], ['breachedCases', true], ['visitOverdue', true], ['visitDueSoon', false],
        ['staleRecords', false], ['placementsWaiting', true], ['freeBeds', false], ['children', false],
    ];

    // The roles whose home is this page (Operations.razor sends the others elsewhere on a first load).
    const paintedRoles = ['police_duty_officer', 'administrator'];

    // Model/CultureSelection.cs: ?lang= wins, then the lbc.culture cookie, then zh-CN.
    function culture() {
        const normalize = v => (!v ? null : /^zh/i.test(v.trim()) ? 'zh-CN' : /^en/i.test(v.trim()) ? 'en' : null);
        const fromQuery = normalize(new URLSearchParams(location.search).get('lang'));
        let fromCookie = null;
        for (const part of document.cookie.split(';')) {
            const [k, v] = part.trim().split('=');
            if (k === 'lbc.culture' && v) {
                fromCookie = normalize(decodeURIComponent(v));
            }
        }
        return fromQuery ?? fromCookie ?? 'zh-CN';
    }

    // Only the operations page ("/" under <base href>), not in wall mode.
    function isOperationsPage() {
        const base = new URL(document.baseURI).pathname;
        const path = location.pathname.startsWith(base) ? location.pathname.slice(base.length) : location.pathname;
        const wall = new URLSearchParams(location.search).get('wall');
        return path === '' && wall !== '1' && wall !== 'true';
    }

    const domReady = new Promise(resolve => {
        if (document.readyState === 'loading') {
            document.addEventListener('DOMContentLoaded', () => resolve(), { once: true });
        } else {
            resolve();
        }
    });

    let overlay = null;
    let paintedPath = null;
    let watch = 0;

    function el(tag, className, text) {
        const e = document.createElement(tag);
        if (className) {
            e.className = className;
        }
        if (text !== undefined && text !== null) {
            e.textContent = text;
        }
        return e;
    }

    // The page's frame as MainLayout.razor and Operations.razor render it (same classes; css/app.css styles them
    // under #early like their scoped styles do), so the hand-over moves nothing.
    function frame(me, snapshot, s) {
        const root = el('div', 'shell');
        const top = el('header', 'topbar');
        top.appendChild(el('h1', 'title', s.App_Title));
        const nav = el('nav', 'mainnav');
        nav.appendChild(el('a', 'active', s.Nav_Cases));
        nav.appendChild(el('a', null, s.Nav_Drill));
        top.appendChild(nav);
        const status = el('div', 'status');
        // The top bar's live parts as they first read (Layout/MainLayout.razor, AlarmControl, AlertBell,
        // ConnectionIndicator), so the user's name and the buttons keep their places at the hand-over.
        const chinaTime = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(11, 19);
        status.appendChild(el('span', 'updated', `${s.LastUpdated} ${chinaTime}`));
        const alarm = el('div', 'alarm');
        const mute = el('button', 'mute', s.Alarm_SoundOn);
        mute.type = 'button';
        mute.tabIndex = -1;
        alarm.appendChild(mute);
        status.appendChild(alarm);
        const bell = el('button', 'bell');
        bell.type = 'button';
        bell.tabIndex = -1;
        const icon = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        icon.setAttribute('class', 'icon');
        icon.setAttribute('viewBox', '0 0 24 24');
        icon.setAttribute('width', '16');
        icon.setAttribute('height', '16');
        icon.setAttribute('aria-hidden', 'true');
        const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
        path.setAttribute('fill', 'currentColor');
        path.setAttribute('d', 'M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z');
        icon.appendChild(path);
        bell.appendChild(icon);
        bell.appendChild(el('span', 'label', s.Alert_Bell));
        const bellBox = el('div', 'alert-bell');
        bellBox.appendChild(bell);
        status.appendChild(bellBox);
        const connection = el('span', 'connection connection-connecting');
        connection.appendChild(el('span', 'dot'));
        connection.appendChild(el('span', 'text', s.Conn_Connecting));
        status.appendChild(connection);
        const user = el('span', 'user');
        user.appendChild(el('span', 'user-name', me.displayName));
        user.appendChild(el('span', 'user-role', s['Role_' + me.role] ?? me.role));
        user.appendChild(el('span', 'user-region', me.jurisdictionName));
        status.appendChild(user);
        const signout = el('button', 'signout', s.SignOut);
        signout.type = 'button';
        signout.tabIndex = -1;
        status.appendChild(signout);
        const lang = el('span', 'lang');
        const current = culture();
        for (const [name, label] of [['zh-CN', '中文'], ['en', 'English']]) {
            const b = el('button', name === current ? 'active' : null, label);
            b.type = 'button';
            b.lang = name;
            b.tabIndex = -1;
            lang.appendChild(b);
        }
        status.appendChild(lang);
        top.appendChild(status);
        root.appendChild(top);

        const content = el('main', 'content');
        const ops = el('div', 'ops');
        const opsTop = el('div', 'ops-top');
        const section = el('section', 'tiles');
        section.setAttribute('aria-label', s.Indicators_Title);
        const figures = snapshot.indicators || {};
        for (const [figure, alerts] of tiles) {
            // Model/FigureText.cs: a missing figure is 0, a null one suppressed ("<5").
            const raw = figures[figure];
            const value = raw === null ? null : (raw ?? 0);
            const tile = el('div', 'tile' + (alerts && value > 0 ? ' alert' : ''));
            tile.dataset.earlyFigure = figure;
            tile.appendChild(el('div', 'value', value === null ? '<5' : value.toLocaleString('en-US')));
            tile.appendChild(el('div', 'label', s['Figure_' + figure] ?? figure));
            section.appendChild(tile);
        }
        opsTop.appendChild(section);
        const tools = el('div', 'ops-tools');
        const wall = el('button', 'wall-enter', s.Wall_Enter);
        wall.type = 'button';
        wall.tabIndex = -1;
        tools.appendChild(wall);
        opsTop.appendChild(tools);
        ops.appendChild(opsTop);
        const body = el('div', 'ops-body');
        body.appendChild(el('div', 'ops-list-pane'));
        const mapPane = el('div', 'ops-map-pane');
        const mapFrame = el('div', 'ops-map-frame');
        const mapBox = el('div', 'ops-map');
        mapBox.setAttribute('role', 'region');
        mapBox.setAttribute('aria-label', s.Map_Title);
        const container = el('div', 'ops-map-canvas');
        mapBox.appendChild(container);
        mapFrame.appendChild(mapBox);
        mapPane.appendChild(mapFrame);
        body.appendChild(mapPane);
        ops.appendChild(body);
        content.appendChild(ops);
        root.appendChild(content);
        return { root, container };
    }

    async function paint() {
        if (!pending.has('me') || !isOperationsPage()) {
            return;
        }
        const me = await pending.get('me');
        if (!me || !paintedRoles.includes(me.role)) {
            return;
        }
        // The map module (modulepreloaded by index.html; the app imports the same one later) loads meanwhile.
        const mapModule = domReady.then(() => import('./ops-map.js'));
        const [snapshot, counties] = await Promise.all([snapshotValue, pending.get('counties') ?? Promise.resolve(null), domReady]);
        // Not yet replayed (the page shows the loading state), signed out meanwhile, or Blazor already there.
        if (!snapshot || !snapshot.progress || !snapshot.progress.ready || !window.L || !isOperationsPage()
            || document.querySelector('#app .ops')) {
            return;
        }
        const lang = culture();
        const s = strings[lang] ?? strings['zh-CN'];
        const map = await mapModule;
        const { root, container } = frame(me, snapshot, s);
        overlay = el('div');
        overlay.id = 'early';
        overlay.setAttribute('aria-busy', 'true');
        overlay.appendChild(root);
        document.body.insertBefore(overlay, document.body.firstChild);
        document.documentElement.classList.add('lbc-early');
        document.documentElement.lang = lang;
        paintedPath = location.pathname + location.search;
        map.paintEarly(container, {
            tileUrl: snapshot.tileUrl,
            focus: me.jurisdiction,
            labels: { cases: s.Map_Cases, institutions: s.Map_Institutions, heat: s.Map_Heat },
        }, counties, snapshot);
        // Blazor went elsewhere (sign-in, another page) before taking the map over: get out of its way.
        watch = setInterval(() => {
            if (location.pathname + location.search !== paintedPath) {
                map.dropEarly();
            }
        }, 250);
    }

    // Removes the overlay and shows the Blazor app (the map is already in its place).
    function handOver() {
        if (watch) {
            clearInterval(watch);
            watch = 0;
        }
        if (overlay) {
            overlay.remove();
            overlay = null;
        }
        document.documentElement.classList.remove('lbc-early');
    }

    window.lbcEarly = {
        take,
        handOver,
        // A JSON array in pieces of at most `size` elements (each a JSON text), so .NET can parse it between browser
        // tasks instead of in one long one that freezes the page; null when there is no such array.
        takeChunks(name, size) {
            return take(name).then(text => {
                const all = text ? JSON.parse(text) : null;
                if (!Array.isArray(all)) {
                    return null;
                }
                const chunks = [];
                for (let i = 0; i < all.length; i += size) {
                    chunks.push(JSON.stringify(all.slice(i, i + size)));
                }
                return chunks;
            });
        },
        // Whether the page was painted before the runtime (tests and the load benchmark look).
        get painted() { return overlay !== null; },
    };

    // The .NET runtime (index.html loads blazor.webassembly.js with autostart="false"): started once the early paint is
    // on screen, or at once when there is nothing to paint. Booting it takes the browser's only thread for long tasks
    // (seconds on a slow machine); started together, it would hold the paint back by as much. Its files download in
    // a few tens of milliseconds, so the app is interactive barely later. Never later than startAfterMs after the
    // DOM is ready, whatever the early requests do.
    const startAfterMs = 3000;
    let started = false;
    function startRuntime() {
        if (!started && !window.lbcRuntimeStarted && window.Blazor && typeof window.Blazor.start === 'function') {
            started = true;
            window.lbcRuntimeStarted = true; // js/start-fallback.js looks
            window.Blazor.start();
        }
    }
    function startAfterPaint() {
        // After the frame with the paint (a hidden tab gets no frames: the timer then).
        requestAnimationFrame(() => setTimeout(startRuntime, 0));
        setTimeout(startRuntime, 100);
    }
    const painting = paint().catch(() => handOver());
    domReady.then(() => {
        setTimeout(startRuntime, startAfterMs);
        return painting;
    }).then(() => (overlay ? startAfterPaint() : startRuntime()));
})();
