using System.Globalization;
using System.Text.Json;
using Lbc.Web.Model;
using Lbc.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;

namespace Lbc.Web.Components.Controls;

/// <summary>
/// A trend of one region through wwwroot/js/charts.js (ApexCharts): for each <see cref="TrendSeries"/> it reads
/// GET /api/history over the <see cref="Range"/>, draws the lines (points the server hid are gaps, with a note), and
/// shows each line's latest value and its change against the previous quarter (the mean of the last 13 finished weeks
/// against the 13 before, from a weekly read of its own). After Aspire's chart pattern: the module is imported on the
/// first render; the chart is initialised again only when its shape changes (<see cref="Region"/> or
/// <see cref="Series"/>); new values otherwise go to <c>updateChart</c> at most every <see cref="DashboardTimings.ChartUpdateInterval"/>, and a
/// changed <see cref="Refresh"/> reads the server again at most every <see cref="DashboardTimings.ChartRefreshInterval"/>.
/// </summary>
public sealed partial class TrendChart : IAsyncDisposable
{
    internal const string ModulePath = "./js/charts.js";

    private static readonly string[] s_colors = ["#1f4e79", "#d32f2f", "#ef6c00", "#2e7d32"];
    private static int s_nextId;

    private readonly string _elementId = $"trend-chart-{Interlocked.Increment(ref s_nextId)}";
    private CallbackThrottler? _push;
    private CallbackThrottler? _refresh;
    private CancellationTokenSource? _loading;
    private IJSObjectReference? _module;
    private Shape? _shape;
    private TrendRange? _range;
    private object? _refreshSeen;
    private int _loads;
    private ChartData? _data;
    private Shape? _drawnShape;
    private int _sentVersion;
    private bool _initializing;
    private bool _disposed;
    private string? _error;
    private (Shape Shape, DateTimeOffset Week, IReadOnlyList<QuarterChange?> Changes)? _quarters;

    /// <summary>The region (province, city, county or township code) whose history is drawn.</summary>
    [Parameter, EditorRequired] public required string Region { get; set; }

    /// <summary>The lines; a new list with the same series (by value) is not a change.</summary>
    [Parameter, EditorRequired] public required IReadOnlyList<TrendSeries> Series { get; set; }

    /// <summary>The last span up to now and its step; a change reads again and updates the chart without re-initialising it.</summary>
    [Parameter] public TrendRange Range { get; set; } = TrendRange.LastWeeks(12);

    [Parameter] public TrendUnit Unit { get; set; } = TrendUnit.Count;

    /// <summary>A filled area under the lines instead of lines alone.</summary>
    [Parameter] public bool Area { get; set; }

    [Parameter] public string? Title { get; set; }

    [Parameter] public int Height { get; set; } = 260;

    /// <summary>Any value (e.g. the live store's AsOf): each change reads the server again, at most every <see cref="DashboardTimings.ChartRefreshInterval"/>.</summary>
    [Parameter] public object? Refresh { get; set; }

    [Inject] public required HttpClient Http { get; init; }
    [Inject] public required IJSRuntime JS { get; init; }
    [Inject] public required IStringLocalizer<Strings> L { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required DashboardTimings Timings { get; init; }

    internal string ElementId => _elementId;

    /// <summary>The first series' metric and stage, for the container's <c>data-chart</c> / <c>data-stage</c>.</summary>
    private string? ChartMetric => Series.Count > 0 ? Series[0].Metric : null;

    private string? ChartStage => Series.Count > 0 ? Series[0].Stage : null;

    /// <summary>Points drawn over all lines, gaps included (<c>data-points</c>); empty until the first answer.</summary>
    private string? PointCount => _data?.Lines.Sum(l => l.Points.Count).ToString(CultureInfo.InvariantCulture);

    private bool HasGaps => _data?.Lines.Any(l => l.Points.Any(p => p.V is null)) == true;

    protected override void OnInitialized()
    {
        _push = new CallbackThrottler(() => InvokeAsync(PushAsync), Timings.ChartUpdateInterval, Time);
        _refresh = new CallbackThrottler(() => InvokeAsync(LoadAsync), Timings.ChartRefreshInterval, Time);
    }

    protected override void OnParametersSet()
    {
        var shape = new Shape(Region, [.. Series], Unit, Area, Height);
        if (!shape.Equals(_shape) || Range != _range)
        {
            _shape = shape;
            _range = Range;
            _refreshSeen = Refresh;
            // A full load now: the refresh that usually follows a new region (its figures arrive just after) waits its turn.
            _refresh!.MarkInvoked();
            _ = LoadAsync();
        }
        else if (!Equals(Refresh, _refreshSeen))
        {
            _refreshSeen = Refresh;
            _ = _refresh!.Invoke();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_disposed)
        {
            return;
        }
        if (firstRender)
        {
            try
            {
                _module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
            }
            catch (JSDisconnectedException)
            {
                return;
            }
        }
        if (_module is null || _data is null)
        {
            return;
        }
        if (!Equals(_data.Shape, _drawnShape))
        {
            await InitializeAsync();
        }
        else if (_data.Version != _sentVersion)
        {
            _ = _push!.Invoke();
        }
    }

    /// <summary>Draws the chart anew for the current shape; again if the shape changed while it was being drawn.</summary>
    private async Task InitializeAsync()
    {
        if (_initializing)
        {
            return;
        }
        _initializing = true;
        try
        {
            while (!_disposed && _data is { } data && !Equals(data.Shape, _drawnShape))
            {
                _drawnShape = data.Shape;
                _sentVersion = data.Version;
                if (!await _module!.InvokeAsync<bool>("initChart", _elementId, Options(data)))
                {
                    return;
                }
            }
            if (!_disposed && _data is { } latest && latest.Version != _sentVersion)
            {
                _ = _push!.Invoke();
            }
        }
        catch (JSDisconnectedException)
        {
        }
        catch (JSException)
        {
            // The library could not be loaded (initChart rejects): say so instead of an empty frame.
            _error = L["Trend_LibraryError"];
            _drawnShape = null;
            StateHasChanged();
        }
        finally
        {
            _initializing = false;
        }
    }

    /// <summary>Sends the latest values when the chart already has their shape (otherwise the next initialisation carries them).</summary>
    private async Task PushAsync()
    {
        if (_disposed || _module is null || _data is not { } data || !Equals(data.Shape, _drawnShape) || data.Version == _sentVersion)
        {
            return;
        }
        _sentVersion = data.Version;
        try
        {
            await _module.InvokeAsync<bool>("updateChart", _elementId, SeriesData(data));
        }
        catch (JSDisconnectedException)
        {
        }
    }

    /// <summary>Reads every line (and, once a week, the weekly points of the quarter change); a newer read supersedes it.</summary>
    private async Task LoadAsync()
    {
        if (_disposed || _shape is not { } shape || _range is not { } range)
        {
            return;
        }
        var version = ++_loads;
        _loading?.Cancel();
        var cts = _loading = new CancellationTokenSource();
        try
        {
            var client = new HistoryClient(Http);
            var now = Time.GetUtcNow();
            var lines = await Task.WhenAll(shape.Series.Select(s => ReadLineAsync(client, shape.Region, s, now - range.Span, now,
                s.Step ?? range.Step, cts.Token)));
            var week = TrendMath.WeekStart(now);
            if (_quarters is not { } quarters || !quarters.Shape.Equals(shape) || quarters.Week != week)
            {
                // The last 26 finished weeks (one more for the week boundary); they change once a week, not on every refresh.
                var weekly = await Task.WhenAll(shape.Series.Select(s => ReadLineAsync(client, shape.Region, s, week - (TrendMath.Week * 27), week, "7d", cts.Token)));
                _quarters = quarters = (shape, week, [.. weekly.Select(points => TrendMath.QuarterOnQuarter(points, now))]);
            }
            if (version != _loads || _disposed)
            {
                return;
            }
            _data = new ChartData(shape, version, [.. shape.Series.Select((s, i) => new Line(s, lines[i], quarters.Changes[i]))]);
            _error = null;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or NotSupportedException
            || (ex is OperationCanceledException && !cts.IsCancellationRequested))
        {
            if (version != _loads || _disposed)
            {
                return;
            }
            _error = L["Trend_Error"];
        }
        catch (OperationCanceledException)
        {
            return;
        }
        await InvokeAsync(StateHasChanged);
    }

    private static async Task<IReadOnlyList<TrendPoint>> ReadLineAsync(HistoryClient client, string region, TrendSeries series,
        DateTimeOffset from, DateTimeOffset to, string step, CancellationToken cancellationToken)
    {
        var values = client.GetAsync(series.Metric, region, from, to, step, series.Fn, series.Stage, cancellationToken);
        var per = series.Per is { } divisor ? client.GetAsync(divisor, region, from, to, step, series.Fn, series.Stage, cancellationToken) : null;
        return TrendMath.Points(await values, per is null ? null : await per, series.Scale);
    }

    private ChartOptions Options(ChartData data)
    {
        var format = CultureInfo.CurrentUICulture.DateTimeFormat;
        var step = TrendRange.StepSpan(_range?.Step ?? "1d");
        return new ChartOptions(
            Kind: data.Shape.Area ? "area" : "line",
            Height: data.Shape.Height,
            Culture: CultureInfo.CurrentUICulture.Name,
            Decimals: 1,
            Suffix: data.Shape.Unit == TrendUnit.Percent ? "%" : "",
            XFormat: step >= TimeSpan.FromDays(1) ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm",
            Colors: [.. data.Lines.Select((_, i) => s_colors[i % s_colors.Length])],
            Series: SeriesData(data),
            Targets: [.. data.Lines.Select((l, i) => (l.Series, Color: s_colors[i % s_colors.Length]))
                .Where(x => x.Series.Target is not null)
                .Select(x => new ChartTarget(x.Series.Target!.Value, x.Series.TargetLabel ?? string.Format(CultureInfo.CurrentCulture, L["Trend_Target"], Number(x.Series.Target.Value)), x.Color))],
            NoData: L["Trend_NoData"],
            Locale: new ChartLocale([.. format.MonthNames.Take(12)], [.. format.AbbreviatedMonthNames.Take(12)], format.DayNames, format.AbbreviatedDayNames,
                L["Trend_DayFormat"], L["Trend_MonthFormat"]));
    }

    /// <summary>Each line as times and values; times are China wall-clock time written as UTC, so labels read alike in any browser.</summary>
    private static ChartSeriesData[] SeriesData(ChartData data) =>
        [.. data.Lines.Select(l => new ChartSeriesData(l.Series.Label,
            [.. l.Points.Select(p => (p.T + ChinaTime.Offset).ToUnixTimeMilliseconds())],
            [.. l.Points.Select(p => p.V)]))];

    /// <summary>
    /// The latest point's value in the chart's unit: "–" when there is none, "hidden" when the server hid it. Not "&lt;5":
    /// a day is hidden from the leading group when one hour in it was small, whatever the day's own mean.
    /// </summary>
    internal string LatestText(Line line)
    {
        if (line.Points.Count == 0)
        {
            return "–";
        }
        return line.Points[^1].V is { } v ? Value(v) : L["Trend_Hidden"];
    }

    private string Value(double v) => Unit switch
    {
        TrendUnit.Percent => Number(v) + "%",
        TrendUnit.Minutes => string.Format(CultureInfo.CurrentCulture, L["Trend_MinutesValue"], Number(v)),
        _ => Number(v),
    };

    private static string Number(double v) => v.ToString("#,0.#", CultureInfo.CurrentCulture);

    /// <summary>"+12.5%" and an arrow, or "–" when there is not enough data.</summary>
    internal (string Text, string Arrow, string Direction) ChangeText(Line line) => line.Change switch
    {
        null => ("–", "", "none"),
        var c when Math.Round(c.Percent, 1) > 0 => ("+" + c.Percent.ToString("0.0", CultureInfo.CurrentCulture) + "%", "↑", "up"),
        var c when Math.Round(c.Percent, 1) < 0 => ("−" + (-c.Percent).ToString("0.0", CultureInfo.CurrentCulture) + "%", "↓", "down"),
        _ => ("0.0%", "→", "flat"),
    };

    /// <summary>"worse" or "better" for the quarter change's colour, from the series' <see cref="TrendSeries.HigherIsWorse"/>.</summary>
    private static string? Judgement(Line line, string direction) => (line.Series.HigherIsWorse, direction) switch
    {
        (true, "up") or (false, "down") => "worse",
        (true, "down") or (false, "up") => "better",
        _ => null,
    };

    private string DirectionLabel(string direction) => direction switch
    {
        "up" => L["Trend_Up"],
        "down" => L["Trend_Down"],
        "flat" => L["Trend_Flat"],
        _ => L["Trend_NotEnough"],
    };

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _loading?.Cancel();
        _loading?.Dispose();
        if (_module is null)
        {
            return;
        }
        try
        {
            await _module.InvokeVoidAsync("dispose", _elementId);
            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The page is going away: nothing left to clean up in the browser.
        }
    }

    /// <summary>What the chart is initialised for: a change re-initialises it; anything else is an update.</summary>
    internal sealed record Shape(string Region, TrendSeries[] Series, TrendUnit Unit, bool Area, int Height)
    {
        public bool Equals(Shape? other) =>
            other is not null && Region == other.Region && Series.SequenceEqual(other.Series) && Unit == other.Unit && Area == other.Area && Height == other.Height;

        public override int GetHashCode() => HashCode.Combine(Region, Series.Length, Unit, Area, Height);
    }

    internal sealed record Line(TrendSeries Series, IReadOnlyList<TrendPoint> Points, QuarterChange? Change);

    internal sealed record ChartData(Shape Shape, int Version, IReadOnlyList<Line> Lines);

    internal sealed record ChartOptions(string Kind, int Height, string Culture, int Decimals, string Suffix, string XFormat, string[] Colors,
        ChartSeriesData[] Series, ChartTarget[] Targets, string NoData, ChartLocale Locale);

    /// <summary>One line for the module: its label, times (ms) and values (null: a gap).</summary>
    internal sealed record ChartSeriesData(string Name, long[] T, double?[] V);

    internal sealed record ChartTarget(double Value, string Label, string Color);

    internal sealed record ChartLocale(string[] Months, string[] ShortMonths, string[] Days, string[] ShortDays, string DayFormat, string MonthFormat);
}
