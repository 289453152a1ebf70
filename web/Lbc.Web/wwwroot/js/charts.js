// Thin interop over ApexCharts (npm, copied into lib/apexcharts by Lbc.Web.csproj): one chart per element id. C# sends
// plain data (each series as times and values, a null value for a point the server hid), labels already localised;
// this module owns the ApexCharts objects. Nothing here puts text into HTML: the chart's own labels are SVG text, and
// the only strings are the app's resources (no text from the server reaches a chart).
//
// The page's Content-Security-Policy has no 'unsafe-inline': the library (about 1 MB, so loaded on the first chart only)
// and its stylesheet come in as files, and ApexCharts is told not to inject a <style> element (injectStyleSheet: false).

const charts = new Map();   // element id -> { chart, options }
const pending = new Map();  // element id -> token of an initChart waiting for the library
let library = null;
let nextToken = 0;

const libraryUrl = 'lib/apexcharts/apexcharts.min.js';
// The legend's rules are a file of their own (ApexCharts would otherwise inject them into each chart's legend).
const stylesheetUrls = ['lib/apexcharts/apexcharts.css', 'lib/apexcharts/apexcharts-legend.css'];

function loadLibrary() {
    if (window.ApexCharts) {
        return Promise.resolve(window.ApexCharts);
    }
    if (!library) {
        library = new Promise((resolve, reject) => {
            if (!document.querySelector('link[data-lbc-charts]')) {
                for (const url of stylesheetUrls) {
                    const css = document.createElement('link');
                    css.rel = 'stylesheet';
                    css.href = url;
                    css.dataset.lbcCharts = '';
                    document.head.appendChild(css);
                }
            }
            const script = document.createElement('script');
            script.src = libraryUrl;
            script.onload = () => (window.ApexCharts ? resolve(window.ApexCharts) : reject(new Error('ApexCharts did not define itself')));
            script.onerror = () => {
                library = null; // the next chart tries again
                script.remove();
                reject(new Error(`${libraryUrl} did not load`));
            };
            document.head.appendChild(script);
        });
    }
    return library;
}

// ApexCharts writes a series name into its legend and tooltip as HTML (innerHTML): escaped here, so a name is always
// text, whoever wrote it. (Today every name is one of the app's resources.)
function escapeHtml(text) {
    return String(text ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

// [{ name, t: [ms], v: [number|null] }] -> ApexCharts' [{ name, data: [[ms, value|null]] }]; a null is a gap in the line.
function toApexSeries(series) {
    return (series || []).map(s => ({
        name: escapeHtml(s.name),
        data: (s.t || []).map((t, i) => [t, s.v && s.v[i] != null ? s.v[i] : null]),
    }));
}

function formatter(options) {
    const number = new Intl.NumberFormat(options.culture || 'zh-CN', { maximumFractionDigits: options.decimals ?? 1 });
    const suffix = options.suffix || '';
    return v => (v == null || Number.isNaN(v) ? '–' : number.format(v) + suffix);
}

// A target line (an SLA) must stay on the chart even when every value is far below it.
function yAxis(options, series) {
    const format = formatter(options);
    const axis = { min: 0, forceNiceScale: true, labels: { formatter: format } };
    const targets = options.targets || [];
    if (targets.length) {
        let max = 0;
        for (const s of series || []) {
            for (const v of s.v || []) {
                if (v != null && v > max) {
                    max = v;
                }
            }
        }
        for (const target of targets) {
            max = Math.max(max, target.value);
        }
        if (max > 0) {
            axis.max = niceCeiling(max * 1.05);
            axis.tickAmount = 5;
            axis.forceNiceScale = false;
        }
    }
    return axis;
}

// The smallest of 1, 2, 2.5, 5 x 10^k x 5 at or above the value, so five ticks fall on round numbers.
function niceCeiling(value) {
    const step = value / 5;
    const power = Math.pow(10, Math.floor(Math.log10(step)));
    const nice = [1, 2, 2.5, 5, 10].map(m => m * power).find(m => m >= step - 1e-12);
    return nice * 5;
}

function config(options) {
    const format = formatter(options);
    const locale = options.locale || {};
    const area = options.kind === 'area';
    return {
        chart: {
            type: area ? 'area' : 'line',
            height: options.height || 260,
            fontFamily: 'inherit',
            animations: { enabled: false },
            toolbar: { show: false },
            zoom: { enabled: false },
            // The stylesheet is a file (see loadLibrary): an injected <style> would be refused by the CSP.
            injectStyleSheet: false,
            defaultLocale: 'lbc',
            locales: [{
                name: 'lbc',
                options: {
                    months: locale.months, shortMonths: locale.shortMonths, days: locale.days, shortDays: locale.shortDays,
                    toolbar: {},
                },
            }],
        },
        colors: options.colors,
        series: toApexSeries(options.series),
        stroke: { width: 2, curve: 'straight' },
        fill: area ? { type: 'solid', opacity: 0.15 } : { type: 'solid', opacity: 1 },
        markers: { size: 0, hover: { size: 4 } },
        dataLabels: { enabled: false },
        legend: { show: (options.series || []).length > 1, position: 'top', horizontalAlign: 'left' },
        // Times arrive as China wall-clock time written as UTC: labels read the same in any browser's zone.
        xaxis: {
            type: 'datetime',
            labels: { datetimeUTC: true, datetimeFormatter: { year: 'yyyy', month: locale.monthFormat || 'MMM yyyy', day: locale.dayFormat || 'dd MMM', hour: 'HH:mm' } },
            tooltip: { enabled: false },
        },
        yaxis: yAxis(options, options.series),
        tooltip: { x: { format: options.xFormat || 'yyyy-MM-dd' }, y: { formatter: format } },
        annotations: {
            yaxis: (options.targets || []).map(target => ({
                y: target.value,
                borderColor: target.color || '#d32f2f',
                strokeDashArray: 6,
                label: { text: String(target.label ?? ''), borderColor: 'transparent', position: 'left', textAnchor: 'start' },
            })),
        },
        noData: { text: String(options.noData ?? '') },
        grid: { borderColor: '#e3e7ec' },
    };
}

// Draws the chart in the element with this id. Resolves to true once drawn; false when the element went away (or the
// chart was disposed or started over) while the library loaded. Rejects when the library cannot be loaded.
export async function initChart(elementId, options) {
    dispose(elementId);
    const token = ++nextToken;
    pending.set(elementId, token);
    const ApexCharts = await loadLibrary();
    const element = document.getElementById(elementId);
    if (pending.get(elementId) !== token || !element) {
        return false;
    }
    pending.delete(elementId);
    const opts = options || {};
    const chart = new ApexCharts(element, config(opts));
    charts.set(elementId, { chart, options: opts });
    await chart.render();
    return true;
}

// New values for the same shape (same series, in the same order): false when there is no such chart.
export function updateChart(elementId, series) {
    const entry = charts.get(elementId);
    if (!entry) {
        return false;
    }
    entry.options.series = series;
    entry.chart.updateOptions({ series: toApexSeries(series), yaxis: yAxis(entry.options, series) }, false, false);
    return true;
}

export function dispose(elementId) {
    pending.delete(elementId);
    const entry = charts.get(elementId);
    if (entry) {
        charts.delete(elementId);
        entry.chart.destroy();
    }
}
