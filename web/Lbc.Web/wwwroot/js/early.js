// Starts the operations page's data requests at once, while the .NET runtime still downloads and boots
// (seconds on a slow machine), instead of after it: the snapshot, the region names and the county borders.
// A classic script, run by index.html before blazor.webassembly.js. Same-origin GETs carrying the HttpOnly
// sign-in cookie (nothing in the URL); without a session they just come back 401 and the app goes to sign-in
// as before. The results live only in this page's memory, are handed over once (take) and then dropped:
// nothing goes to browser storage.
(() => {
    const pending = new Map();
    if (!/\/signin\/?$/i.test(location.pathname)) {
        const get = (url, as) => fetch(url, { credentials: 'same-origin' })
            .then(r => (r.ok ? r[as]() : null))
            .catch(() => null);
        // Relative to <base href>: the app may be hosted under a path.
        pending.set('snapshot', get('api/snapshot', 'text'));
        pending.set('regions', get('api/geo/regions', 'text'));
        pending.set('counties', get('api/geo/counties', 'json'));
    }
    window.lbcEarly = {
        // The response body (text, or parsed JSON for the counties), or null when it failed or was taken already.
        take(name) {
            const p = pending.get(name);
            pending.delete(name);
            return p ?? Promise.resolve(null);
        },
    };
})();
