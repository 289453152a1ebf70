// The duty officer's console in the browser: the new-report alarm (tones generated with Web Audio, no sound file),
// full screen for wall mode. No data is kept here.

let audio = null;

function context() {
    if (!audio) {
        const Ctx = window.AudioContext || window.webkitAudioContext;
        audio = Ctx ? new Ctx() : null;
    }
    return audio;
}

// Browsers start audio only after the user touched the page; any click or key on the page unlocks it.
for (const type of ['pointerdown', 'keydown']) {
    window.addEventListener(type, () => { const c = context(); if (c && c.state === 'suspended') { c.resume(); } }, { capture: true });
}

// 'running' when a tone would be heard; 'suspended' until the user has clicked or typed on the page.
export function audioState() {
    const c = context();
    return c ? c.state : 'unavailable';
}

function tone(c, start, frequency, duration) {
    const osc = c.createOscillator();
    const gain = c.createGain();
    osc.type = 'square';
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.25, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + duration);
    osc.connect(gain).connect(c.destination);
    osc.start(start);
    osc.stop(start + duration + 0.05);
}

// 'new': two rising tones; 'urgent': a three-tone siren, repeated by the caller until acknowledged.
export function beep(kind) {
    const c = context();
    if (!c || c.state !== 'running') {
        return false;
    }
    const t = c.currentTime + 0.01;
    if (kind === 'urgent') {
        tone(c, t, 880, 0.18);
        tone(c, t + 0.22, 660, 0.18);
        tone(c, t + 0.44, 880, 0.3);
    } else {
        tone(c, t, 660, 0.15);
        tone(c, t + 0.18, 990, 0.2);
    }
    return true;
}

export function enterFullScreen() {
    const root = document.documentElement;
    if (!document.fullscreenElement && root.requestFullscreen) {
        root.requestFullscreen().catch(() => { });
    }
}

export function exitFullScreen() {
    if (document.fullscreenElement && document.exitFullscreen) {
        document.exitFullscreen().catch(() => { });
    }
}

// Keeps keyboard focus on the queue after a render replaced the focused row.
export function focus(elementId) {
    const e = document.getElementById(elementId);
    if (e) {
        e.focus({ preventScroll: true });
    }
}

export function scrollIntoView(elementId) {
    const e = document.getElementById(elementId);
    if (e) {
        e.scrollIntoView({ block: 'nearest' });
    }
}
