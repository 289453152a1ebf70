// index.html turns Blazor's autostart off and js/early.js starts the runtime after its early paint. Should early.js not
// load or fail before that (a network error, a script error), the app must still start: this does it a few seconds
// after the page's load event, unless early.js already did.
(function () {
    'use strict';
    window.addEventListener('load', () => setTimeout(() => {
        if (!window.lbcRuntimeStarted && window.Blazor && typeof window.Blazor.start === 'function') {
            window.lbcRuntimeStarted = true;
            window.Blazor.start();
        }
    }, 4000));
})();
