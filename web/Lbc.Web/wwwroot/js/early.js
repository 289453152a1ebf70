// Starts the operations page's data requests at once, while the .NET runtime still downloads and boots
// (seconds on a slow machine), instead of after it: who is signed in, the snapshot, the region names and the
// county borders.
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
        pending.set('me', get('api/auth/me', 'text'));
        pending.set('snapshot', get('api/snapshot', 'text'));
        pending.set('regions', get('api/geo/regions', 'text'));
        pending.set('counties', get('api/geo/counties', 'json'));
    }
    // The response body (text, or parsed JSON for the counties), or null when it failed or was taken already.
    // emptied: a top-level array property of a JSON object to hand over as [] (parsing JSON in .NET costs far
    // more than in the browser, so .NET need not parse what it will not show yet).
    function take(name, emptied) {
        const p = pending.get(name) ?? Promise.resolve(null);
        pending.delete(name);
        if (!emptied) {
            return p;
        }
        return p.then(text => {
            if (!text) {
                return text;
            }
            const value = JSON.parse(text);
            if (!value || !Array.isArray(value[emptied])) {
                return text;
            }
            value[emptied] = [];
            return JSON.stringify(value);
        });
    }

    window.lbcEarly = {
        take,
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
    };
})();
